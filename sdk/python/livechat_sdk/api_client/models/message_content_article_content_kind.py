from enum import StrEnum


class MessageContentArticleContentKind(StrEnum):
    ARTICLE = "article"

    def __str__(self) -> str:
        return str(self.value)
