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

# post_hooks run ruff from PATH: use the pinned one.
RUFF_NO_CACHE=true PATH="$venv/bin:$PATH" "$venv/bin/openapi-python-client" generate \
  --path "$spec" \
  --config "$here/generator-config.yaml" \
  --meta none \
  --output-path "$output" \
  --overwrite \
  --fail-on-warning
