/** The type of one command-line option of a method command. */
export type OptionType = "string" | "number" | "integer" | "boolean" | "choice";

/** One option of a {@link CommandDescriptor}: `--name <value>` on the command line. */
export interface OptionSpec {
  /** Long name, kebab-case, without dashes (`"target-rank"`). */
  name: string;
  type: OptionType;
  /** One line of help. */
  help: string;
  /** Default value (shown in `--help`); omitted means the option is optional with no value. */
  default?: string | number | boolean;
  /** Accepted values for `type: "choice"`. */
  choices?: readonly string[];
  /** Inclusive bounds for numbers. */
  min?: number;
  max?: number;
  /** The option must be given. */
  required?: boolean;
  /**
   * The option may be repeated (`--ref a.txt --ref b.txt`); its value is then an array of the
   * type's values (an empty array when not given and no default).
   */
  multiple?: boolean;
}

/** A parsed option value. */
export type OptionValue = string | number | boolean | readonly (string | number | boolean)[] | undefined;

/** One positional argument. */
export interface ArgSpec {
  name: string;
  help: string;
  /** Accepts one or more values (only the last argument may). */
  variadic?: boolean;
  required?: boolean;
}

/** A table for the report and the terminal. */
export interface TableSection {
  kind: "table";
  title: string;
  columns: string[];
  rows: (string | number)[][];
  note?: string;
}

/** A bar chart, one bar per label (e.g. per layer). */
export interface BarSection {
  kind: "bar";
  title: string;
  x: string;
  y: string;
  data: { label: string; value: number }[];
  note?: string;
}

/** A line chart of one or more series (e.g. error vs budget). */
export interface LineSection {
  kind: "line";
  title: string;
  x: string;
  y: string;
  series: { name: string; points: [number, number][] }[];
  logX?: boolean;
  logY?: boolean;
  note?: string;
}

/** A histogram of values, optionally on log-log axes (e.g. an eigenvalue spectrum). */
export interface HistogramSection {
  kind: "histogram";
  title: string;
  x: string;
  values: number[];
  bins?: number;
  logLog?: boolean;
  note?: string;
}

/** Free text (plain, escaped in HTML). */
export interface TextSection {
  kind: "text";
  title: string;
  text: string;
}

/** What a command contributes to the HTML report and the terminal. */
export type ReportSection = TableSection | BarSection | LineSection | HistogramSection | TextSection;

/** Progress reporting handed to a running command; a no-op when stderr is not a TTY or `--quiet`. */
export interface Progress {
  /** Starts a task of `total` steps with a label; returns a function to call after each step. */
  start(label: string, total: number): (increment?: number) => void;
  /** Ends the current task. */
  stop(): void;
}

/** Everything a command's `run` receives. */
export interface RunContext {
  /** Positional arguments, in order. */
  args: string[];
  /** Parsed and validated options (defaults applied), keyed by camelCase name. */
  options: Readonly<Record<string, OptionValue>>;
  /** `--out` folder or file, when given. */
  out?: string;
  /** `--seed` (default 0). */
  seed: number;
  /** `--threads` (default 1). */
  threads: number;
  /** Log a line to stderr (never stdout, which carries `--json` output); silent with `--quiet`. */
  log(message: string): void;
  progress: Progress;
}

/** What `run` returns: a JSON-serialisable result and report sections. */
export interface RunResult {
  /** Printed with `--json`; must be JSON-serialisable. */
  json: unknown;
  /** Report sections (tables, charts, text). */
  sections: ReportSection[];
  /** Files written (paths), listed in the summary. */
  files?: string[];
}

/**
 * The command descriptor a method package exports from its `./cli` entry (and names in its
 * package.json as `"wc": { "cli": "./dist/cli.js" }`). The CLI loads it only when it is run.
 */
export interface CommandDescriptor {
  /** Subcommand name, e.g. `"farms"`. */
  name: string;
  /** One line shown in `wcraft --help`. */
  summary: string;
  /** Longer description for `wcraft <name> --help`. */
  description?: string;
  args: ArgSpec[];
  options: OptionSpec[];
  run(ctx: RunContext): Promise<RunResult>;
  /**
   * Optional: the command's section of `wcraft demo`, given the demo model files that exist.
   * Return `undefined` to skip (e.g. nothing suitable in the demo model).
   */
  demo?(ctx: RunContext, files: DemoFiles): Promise<RunResult | undefined>;
}

/** Model files the demo runs on; any may be absent. */
export interface DemoFiles {
  /** A small Llama-style language model (safetensors). */
  lm?: string;
  /** The PP-OCRv4 recognition model (ONNX). */
  onnx?: string;
}

/**
 * Identity helper that type-checks a descriptor.
 * @example
 * export const command = defineCommand({ name: "hello", summary: "say hi", args: [], options: [],
 *   async run() { return { json: { hi: true }, sections: [] }; } });
 */
export function defineCommand(descriptor: CommandDescriptor): CommandDescriptor {
  return descriptor;
}
