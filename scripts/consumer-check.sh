#!/usr/bin/env bash
# A consumer outside the workspace installs the packed @wc/tensor tarball with plain npm and
# imports it from ESM and CJS; TypeScript (NodeNext, skipLibCheck false) type-checks the import.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$ROOT/packages/tensor" && pnpm pack --pack-destination "$work" >/dev/null)
tgz="$(ls "$work"/*.tgz)"
mkdir "$work/app" && cd "$work/app"
cat > package.json <<'JSON'
{ "name": "wc-consumer", "private": true, "version": "0.0.0" }
JSON
npm i --no-audit --no-fund --loglevel=error "$tgz" >/dev/null
cat > esm.mjs <<'JS'
import { fromNested, matmul, toNested } from "@wc/tensor";
const C = toNested(matmul(fromNested([[1, 2], [3, 4]]), fromNested([[5, 6], [7, 8]])));
if (JSON.stringify(C) !== "[[19,22],[43,50]]") throw new Error("ESM import computed " + JSON.stringify(C));
JS
cat > cjs.cjs <<'JS'
const { eye, toNested } = require("@wc/tensor");
if (JSON.stringify(toNested(eye(2))) !== "[[1,0],[0,1]]") throw new Error("CJS import broken");
JS
cat > app.ts <<'TS'
import { matmul, zeros, type Matrix, WcError } from "@wc/tensor";
const m: Matrix = matmul(zeros([2, 3], { dtype: "float32" }), zeros([3, 2], { dtype: "float32" }));
const e: WcError = new WcError("E_SHAPE", "x");
console.log(m.shape, e.code);
TS
cp app.ts app.mts
cat > tsconfig.json <<'JSON'
{ "compilerOptions": { "module": "NodeNext", "moduleResolution": "NodeNext", "target": "ES2022", "strict": true, "skipLibCheck": false, "noEmit": true, "types": [] }, "files": ["app.ts", "app.mts"] }
JSON
node esm.mjs
node cjs.cjs
node "$ROOT/node_modules/typescript/bin/tsc" -p tsconfig.json
echo "consumer ok: packed @wc/tensor installs with npm, imports from ESM and CJS, type-checks with NodeNext and skipLibCheck false"
