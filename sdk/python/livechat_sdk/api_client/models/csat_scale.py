from enum import StrEnum


class CsatScale(StrEnum):
    FIVE_POINT = "five_point"
    GOOD_BAD = "good_bad"

    def __str__(self) -> str:
        return str(self.value)
