#!/usr/bin/env bash
# Regenerates src/generated/ from ../../openapi/openapi.json with the pinned
# @hey-api/openapi-ts (see openapi-ts.config.ts). Runs from any directory; the output
# depends only on the spec and the locked versions, so a second run changes nothing.
set -euo pipefail
cd "$(dirname "$0")"

# npm records what it installed in node_modules/.package-lock.json; a lock file newer
# than that record means the installed tools may be stale.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

./node_modules/.bin/openapi-ts --file openapi-ts.config.ts
