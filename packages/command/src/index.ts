export { defineCommand } from "./descriptor";
export type {
  ArgSpec,
  BarSection,
  CommandDescriptor,
  DemoFiles,
  HistogramSection,
  LineSection,
  OptionSpec,
  OptionType,
  OptionValue,
  Progress,
  ReportSection,
  RunContext,
  RunResult,
  TableSection,
  TextSection,
} from "./descriptor";
export { camelCase, parseOptions } from "./parse-options";
export { runCommand } from "./run-command";
export type { RunCommandOptions } from "./run-command";
