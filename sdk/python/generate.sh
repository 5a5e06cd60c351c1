#!/usr/bin/env bash
# Regenerates livechat_sdk/api_client from the committed OpenAPI document
# (../../openapi/openapi.json), with the generator pinned in generator-requirements.txt.
# Offline apart from installing the generator; running it twice gives the same files.
#
#   sdk/python/generate.sh            (from any directory)
#
# The generator's venv is sdk/python/.generator-venv ($PYTHON picks the interpreter).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
spec="$here/../../openapi/openapi.json"
venv="$here/.generator-venv"
output="$here/livechat_sdk/api_client"

if [ ! -x "$venv/bin/python" ]; then
  "${PYTHON:-python3}" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
  -r "$here/generator-requirements.txt"

# `x-enum-varnames` names enum constants after their type (`ConversationStatusWaiting`)
# for generators that put all constants in one namespace; a Python enum is its own
# namespace, so its members keep their plain names (`ConversationStatus.WAITING`).
input=$(mktemp --suffix .json)
trap 'rm -f "$input"' EXIT
"$venv/bin/python" - "$spec" "$input" <<'PY'
import json, sys

def strip(value):
    if isinstance(value, dict):
        return {key: strip(item) for key, item in value.items() if key != "x-enum-varnames"}
    if isinstance(value, list):
        return [strip(item) for item in value]
    return value

with open(sys.argv[1]) as source, open(sys.argv[2], "w") as target:
    json.dump(strip(json.load(source)), target)
PY

# post_hooks run ruff from PATH: use the pinned one.
RUFF_NO_CACHE=true PATH="$venv/bin:$PATH" "$venv/bin/openapi-python-client" generate \
  --path "$input" \
  --config "$here/generator-config.yaml" \
  --meta none \
  --output-path "$output" \
  --overwrite \
  --fail-on-warning
