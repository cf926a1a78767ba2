import { Command, CommanderError, Option } from "commander";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname } from "node:path";
import { parseOptions, type CommandDescriptor, type RunResult } from "@wc/command";
import { getThreads, setThreads } from "@wc/tensor";
import { makeContext, type SharedFlags } from "./context";
import { findCommands, type DiscoveredCommand } from "./discover";
import { describeError, exitCodeOf, UsageError } from "./errors";
import { inspectCommand } from "./inspect";
import { demoCommand } from "./demo";
import { printResult, writeReport } from "./output";
import { VERSION } from "./version";

/** Built-in commands: always present, loaded eagerly (they are part of @wc/cli). */
const BUILTINS: readonly CommandDescriptor[] = [inspectCommand, demoCommand];

function addShared(cmd: Command): Command {
  return cmd
    .option("--json", "machine-readable result on stdout (logs stay on stderr)", false)
    .option("--quiet", "no logs or progress bars", false)
    .option("--debug", "stack traces on errors", false)
    .option("--seed <n>", "seed for every random step", "0")
    .option("--threads <n>", "worker threads for large products", "1")
    .option("--out <path>", "output file or folder")
    .option("--report <file.html>", "write a self-contained HTML report");
}

function sharedFlags(o: Record<string, unknown>): SharedFlags {
  const seed = Number(o.seed);
  const threads = Number(o.threads);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed: expected a non-negative integer, got ${String(o.seed)}`);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new UsageError(`--threads: expected an integer from 1 to 64, got ${String(o.threads)}`);
  }
  return {
    json: o.json === true,
    quiet: o.quiet === true || o.json === true ? o.quiet === true : false,
    debug: o.debug === true,
    seed,
    threads,
    out: typeof o.out === "string" ? o.out : undefined,
    report: typeof o.report === "string" ? o.report : undefined,
  };
}

function describeOption(s: CommandDescriptor["options"][number]): Option {
  const flag = s.type === "boolean" ? `--${s.name} [bool]` : `--${s.name} <${s.type === "choice" ? "value" : s.type}>`;
  const opt = new Option(flag, s.multiple ? `${s.help} (repeatable)` : s.help);
  if (s.choices) opt.choices(s.choices as string[]);
  if (s.default !== undefined) opt.default(s.multiple ? [s.default] : s.default);
  if (s.multiple) opt.argParser((v: string, prev: unknown) => (Array.isArray(prev) && prev !== opt.defaultValue ? [...prev, v] : [v]));
  return opt;
}

/** Registers one descriptor as a commander subcommand that runs it. */
function register(program: Command, desc: CommandDescriptor, state: { code: number }): void {
  const cmd = addShared(program.command(desc.name).summary(desc.summary).description(desc.description ?? desc.summary));
  for (const a of desc.args) {
    const label = `${a.name}${a.variadic ? "..." : ""}`;
    cmd.argument(a.required === false ? `[${label}]` : `<${label}>`, a.help);
  }
  for (const o of desc.options) cmd.addOption(describeOption(o));
  cmd.action(async (...params: unknown[]) => {
    const self = params[params.length - 1] as Command;
    const all = self.opts() as Record<string, unknown>;
    const flags = sharedFlags(all);
    const methodRaw: Record<string, unknown> = {};
    for (const o of desc.options) {
      const key = o.name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
      let v = all[key];
      if (o.type === "boolean" && v === true) v = "true";
      methodRaw[o.name] = v;
    }
    const options = parseOptions(desc.options, methodRaw);
    const args = self.args.map(String);
    if (flags.threads !== getThreads()) setThreads(flags.threads);
    const ctx = makeContext(flags, args, options);
    const result: RunResult = await desc.run(ctx);
    ctx.progress.stop();
    printResult(desc.name, result, flags);
    if (flags.report) await writeReport(flags.report, desc.name, { args, options, seed: flags.seed }, result);
    state.code = 0;
  });
}

async function loadDescriptor(found: DiscoveredCommand): Promise<CommandDescriptor> {
  let mod: { command?: CommandDescriptor };
  try {
    mod = (await import(pathToFileURL(found.entry).href)) as { command?: CommandDescriptor };
  } catch (e) {
    throw new Error(
      `could not load ${found.packageName}'s command from ${found.entry} (${(e as Error).message}); reinstall or rebuild the package`,
    );
  }
  if (!mod.command || typeof mod.command.run !== "function") {
    throw new Error(`${found.packageName}: ${found.entry} exports no \`command\` descriptor`);
  }
  return mod.command;
}

/** Runs wcraft with the given arguments (without `node` and the script); resolves to the exit code. */
export async function main(argv: readonly string[], cwd = process.cwd()): Promise<number> {
  const here = dirname(fileURLToPath(import.meta.url));
  const found = findCommands(cwd, here);
  const state = { code: 0 };
  const program = new Command("wcraft")
    .description("Apply @wc weight-matrix methods to model files (safetensors, ONNX, NumPy, GGUF).")
    .version(VERSION, "-v, --version")
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError(false);
  for (const b of BUILTINS) register(program, b, state);

  const first = argv.find((a) => !a.startsWith("-"));
  const target = found.find((f) => f.name === first && !BUILTINS.some((b) => b.name === f.name));
  let debug = argv.includes("--debug");
  try {
    if (target) {
      register(program, await loadDescriptor(target), state);
    } else {
      for (const f of found) {
        if (BUILTINS.some((b) => b.name === f.name)) continue;
        program.command(f.name).summary(f.summary || `(from ${f.packageName})`);
      }
    }
    if (argv.length === 0) {
      program.outputHelp();
      return 0;
    }
    program.commands.forEach((c) => c.exitOverride());
    await program.parseAsync([...argv], { from: "user" });
    return state.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return 2; // commander already printed the message
    }
    debug ||= false;
    process.stderr.write(`wcraft: ${describeError(e, debug)}\n`);
    return exitCodeOf(e);
  }
}
