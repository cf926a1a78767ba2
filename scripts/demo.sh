#!/usr/bin/env bash
# The main job: build the toolkit and run `wcraft demo`, which inspects the bundled models, runs
# every installed method on them and writes wc-demo/report.html and wc-demo/result.json.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
pnpm exec turbo run build --output-logs=errors-only
node packages/cli/dist/bin.js demo --out wc-demo "$@"
echo "open wc-demo/report.html"
