#!/usr/bin/env bash
# Packaging checks for one publishable package (run from its folder by `turbo run lint:package`):
# publint, `pnpm pack`, and arethetypeswrong on the packed tarball.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/node_modules/.bin:$ROOT/.tools/node_modules/.bin:$PATH"
name="$(node -p 'require("./package.json").name')"
if [ "$(node -p 'require("./package.json").private === true')" = "true" ]; then
  echo "$name is private: no packaging checks"; exit 0
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
publint --strict --level warning
pnpm pack --pack-destination "$out" >/dev/null
tgz="$(ls "$out"/*.tgz)"
attw "$tgz" --profile node16 --format ascii --no-emoji
echo "$name: publint, pack and attw clean"
