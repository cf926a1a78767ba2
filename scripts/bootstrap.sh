# Sourced by the other scripts: puts a project-local pnpm 12.4.2 on PATH (nothing global, no
# corepack) and installs the workspace from the lockfile.
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/.tools/node_modules/.bin:$PATH"
if ! [ -x "$ROOT/.tools/node_modules/.bin/pnpm" ] || [ "$(pnpm --version 2>/dev/null)" != "12.4.2" ]; then
  echo "bootstrap: installing pnpm 12.4.2 into .tools/"
  npm i --no-save --no-audit --no-fund --loglevel=error --prefix "$ROOT/.tools" -E pnpm@12.4.2 >/dev/null
fi
cd "$ROOT"
if [ "${WC_SKIP_INSTALL:-}" != "1" ]; then
  pnpm install --frozen-lockfile --reporter=silent || pnpm install --frozen-lockfile
fi
