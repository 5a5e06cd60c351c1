#!/usr/bin/env python3
"""Per-operation coverage of a schemathesis run, from its NDJSON reports (see .ci/fuzz).

    fuzz_coverage.py SPEC REPORT.ndjson...

SPEC is the OpenAPI document (a path or an http(s) URL). Every request schemathesis sent
and got an answer to is counted under its operation by the status class of the answer;
requests made by anything else (the fixtures of .ci/fuzz_hooks.py, curl) are not in the
reports and so not counted. Prints one line per operation of the document and exits 1
when an operation got no 2xx or any 5xx, or was not requested at all.
"""

import json
import sys
import urllib.request
from collections import defaultdict

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def load_spec(location):
    if location.startswith(("http://", "https://")):
        with urllib.request.urlopen(location) as response:
            return json.load(response)
    with open(location) as file:
        return json.load(file)


def operations(spec):
    """(METHOD, path template) -> operationId, for every operation of the document."""
    found = {}
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            if method in METHODS:
                found[(method.upper(), path)] = operation.get("operationId") or f"{method.upper()} {path}"
    return found


def interactions(report):
    """(METHOD, path template, status or None) of each request a report recorded."""
    with open(report) as file:
        for line in file:
            event = json.loads(line)
            finished = event.get("ScenarioFinished")
            if not finished or not finished.get("recorder"):
                continue
            recorder = finished["recorder"]
            cases = recorder.get("cases", {})
            for case_id, interaction in recorder.get("interactions", {}).items():
                case = cases.get(case_id, {}).get("value", {})
                response = interaction.get("response")
                status = response.get("status_code") if response else None
                yield case.get("method", interaction["request"]["method"]).upper(), case.get("path"), status


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    ops = operations(load_spec(argv[1]))
    counts = defaultdict(lambda: defaultdict(int))
    unknown = defaultdict(int)  # status class -> count, of requests to no operation
    for report in argv[2:]:
        for method, path, status in interactions(report):
            kind = "none" if status is None else f"{status // 100}xx"
            if (method, path) in ops:
                counts[ops[(method, path)]][kind] += 1
            else:
                unknown[kind] += 1

    columns = ["2xx", "4xx", "5xx"]
    extra = sorted({kind for row in counts.values() for kind in row} - set(columns))
    columns += extra
    width = max(len(name) for name in ops.values())
    print(f"{'operation':<{width}}  " + "  ".join(f"{c:>5}" for c in columns))
    missing, failing = [], []
    for name in sorted(ops.values()):
        row = counts.get(name, {})
        flag = ""
        if not row.get("2xx"):
            missing.append(name)
            flag = "  <- no 2xx"
        if row.get("5xx"):
            failing.append(name)
            flag += "  <- 5xx"
        print(f"{name:<{width}}  " + "  ".join(f"{row.get(c, 0):>5}" for c in columns) + flag)
    if unknown:
        # The unsupported_method check sends methods an operation's path does not have.
        classes = ", ".join(f"{count} {kind}" for kind, count in sorted(unknown.items()))
        print(f"methods the document does not list on a path: {classes}")
    reached = len(ops) - len(missing)
    print(f"operations with a 2xx: {reached}/{len(ops)}; with a 5xx: {len(failing)}")
    sys.stdout.flush()
    if missing or failing:
        if missing:
            print("no 2xx: " + ", ".join(missing), file=sys.stderr)
        if failing:
            print("5xx: " + ", ".join(failing), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
