#!/usr/bin/env bash
# Every check: lint, build, typecheck, tests, packaging (publint + attw + pack) and tree-shaking.
# Ends with one line `tests: N passed, M failed` and exits non-zero on any failure.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh" || { echo "tests: 0 passed, 1 failed"; exit 1; }
fail=0
step() { echo; echo "== $*"; }

step "lint: no Math.random (use the seeded rng of @wc/tensor)"
if git grep -nE "Math\.random\s*\(" -- '*.ts' '*.mts' '*.js' '*.mjs' '*.cjs' ':!**/node_modules/**' ':!**/dist/**'; then
  echo "found Math.random above"; fail=1
else echo "ok"; fi

step "headless Chromium for the report's browser test"
if [ -x /usr/bin/chromium ]; then echo "present"
elif [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) && echo "installed" \
    || echo "could not install chromium: the browser test will fail"
else echo "missing and not root: install Debian's chromium (apt-get install chromium) or the browser test fails"; fi

rm -f packages/*/.vitest/results.json examples/*/.vitest/results.json
step "build, typecheck, test, packaging (turbo)"
pnpm exec turbo run build typecheck test lint:package --continue --output-logs=errors-only || fail=1

step "tree-shaking"
node scripts/treeshake-check.mjs || fail=1

step "consumer outside the workspace"
bash scripts/consumer-check.sh || fail=1

counts="$(node scripts/count-tests.mjs)"
read -r passed failed <<<"$counts"
[ "$failed" -gt 0 ] && fail=1
echo
echo "tests: ${passed} passed, ${failed} failed"
exit "$fail"
