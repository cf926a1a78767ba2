export { main } from "./main";
export { discoverCommands, findCommands } from "./discover";
export type { DiscoveredCommand } from "./discover";
export { renderReport, formatTable } from "./report";
export type { ReportInput } from "./report";
export { chartSpec, histogram, renderChart } from "./charts";
export { inspectCommand, inspectFiles } from "./inspect";
export type { InspectResult, TensorInfo } from "./inspect";
