import { existsSync, readdirSync, readFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";

/** A method command found in an installed (or workspace) @wc package. */
export interface DiscoveredCommand {
  /** Subcommand name (from `wc.command` in package.json, else the package name without scope). */
  name: string;
  /** One-line summary from `wc.summary` (may be empty until the module is loaded). */
  summary: string;
  /** The package, e.g. `@wc/farms`. */
  packageName: string;
  /** Absolute path of the descriptor module (`wc.cli`). */
  entry: string;
}

interface WcField {
  cli?: string;
  command?: string;
  summary?: string;
}

function readCommand(pkgDir: string): DiscoveredCommand | undefined {
  const file = join(pkgDir, "package.json");
  if (!existsSync(file)) return undefined;
  let pkg: { name?: string; wc?: WcField };
  try {
    pkg = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
  const wc = pkg.wc;
  if (!pkg.name?.startsWith("@wc/") || !wc?.cli) return undefined;
  return {
    name: wc.command ?? pkg.name.slice(4),
    summary: wc.summary ?? "",
    packageName: pkg.name,
    entry: resolve(pkgDir, wc.cli),
  };
}

function* ancestors(start: string): Generator<string> {
  let dir = resolve(start);
  for (;;) {
    yield dir;
    const up = dirname(dir);
    if (up === dir) return;
    dir = up;
  }
}

/**
 * Finds @wc packages that declare a command (`"wc": { "cli": "./dist/cli.js" }` in package.json):
 * every `node_modules/@wc/*` on the way up from each start folder, and, inside the @wc monorepo
 * itself, its `packages/*`. The first package found for a name wins. Nothing is imported here.
 */
export function discoverCommands(startDirs: readonly string[], options: { walkUp?: boolean } = {}): DiscoveredCommand[] {
  const walkUp = options.walkUp ?? true;
  const found = new Map<string, DiscoveredCommand>();
  const add = (c: DiscoveredCommand | undefined): void => {
    if (c && !found.has(c.name)) found.set(c.name, c);
  };
  for (const start of startDirs) {
    for (const dir of walkUp ? ancestors(start) : [resolve(start)]) {
      const scope = join(dir, "node_modules", "@wc");
      if (existsSync(scope)) for (const name of readdirSync(scope).sort()) add(readCommand(join(scope, name)));
      if (existsSync(join(dir, "pnpm-workspace.yaml")) && existsSync(join(dir, "packages"))) {
        for (const name of readdirSync(join(dir, "packages")).sort()) add(readCommand(join(dir, "packages", name)));
      }
    }
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The method commands wcraft offers: with `WCRAFT_PATH` set (path-delimited folders), only the
 * `node_modules/@wc` of exactly those folders; otherwise everything up from the working folder and
 * from wcraft's own install (see {@link discoverCommands}).
 */
export function findCommands(cwd: string, here: string): DiscoveredCommand[] {
  const env = process.env.WCRAFT_PATH;
  return env ? discoverCommands(env.split(delimiter).filter(Boolean), { walkUp: false }) : discoverCommands([cwd, here]);
}

