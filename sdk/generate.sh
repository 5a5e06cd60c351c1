#!/usr/bin/env bash
# Regenerates both SDKs from openapi/openapi.json with the pinned generators:
# TypeScript with @hey-api/openapi-ts (typescript/package-lock.json), Python with
# openapi-python-client (python/generator-requirements.txt). CI runs it and fails
# when the result differs from what is committed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/typescript/generate.sh"
"$here/python/generate.sh"
