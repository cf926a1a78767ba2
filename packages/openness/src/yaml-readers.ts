import { WcError } from "@wc/tensor";
import { parse as parseYaml } from "yaml";
import { mofComponentSatisfied } from "./mof";
import { LIESENFELD_FEATURES, MOF_COMPONENTS } from "./rubric";
import type { Evidence, LiesenfeldFeature, ModelRecord, MofComponent, OpenClass } from "./types";

function load(text: string, who: string): Record<string, unknown> {
  if (typeof text !== "string") throw new WcError("E_ARGUMENT", `${who}: expected YAML text, got ${typeof text}`);
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new WcError("E_FORMAT", `${who}: not valid YAML (${(e as Error).message.split("\n")[0]})`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new WcError("E_FORMAT", `${who}: expected a YAML mapping at the top level, got ${doc === null ? "an empty document" : typeof doc}`);
  }
  return doc as Record<string, unknown>;
}

function str(v: unknown): string | undefined {
  if (typeof v === "string") return v.trim() === "" ? undefined : v.trim();
  if (typeof v === "number") return String(v);
  return undefined;
}

/**
 * Reads an opening-up-chatgpt `projects/*.yaml` file: `project.name`, `org.name`, and for each of the
 * 14 features a `{class, link, notes}` block. An empty class is `unknown`; `project.license` becomes
 * the licence of the `license` feature (the licence the other features fall back to).
 *
 * @param yamlText - the file's text
 * @returns the release evidence (claimedLabel "unspecified")
 * @throws {WcError} E_FORMAT for invalid YAML, a missing `project.name`, or a class other than open/partial/closed
 * @example
 * fromOpeningUpYaml("project:\n  name: X\nllmweights:\n  class: open\n  link: https://hf.co/x\n").features.llmweights?.class; // "open"
 */
export function fromOpeningUpYaml(yamlText: string): ModelRecord {
  const doc = load(yamlText, "fromOpeningUpYaml");
  const project = doc.project as Record<string, unknown> | undefined;
  const name = str(project?.name);
  if (name === undefined) throw new WcError("E_FORMAT", "fromOpeningUpYaml: missing project.name; an opening-up-chatgpt project file starts with project: {name: ...}");
  const rec: ModelRecord = { name, claimedLabel: "unspecified", features: {} };
  const org = str((doc.org as Record<string, unknown> | undefined)?.name);
  if (org !== undefined) rec.org = org;
  const projectLicense = str(project?.license);
  for (const f of LIESENFELD_FEATURES) {
    const block = doc[f];
    if (block === undefined || block === null) continue;
    if (typeof block !== "object" || Array.isArray(block)) throw new WcError("E_FORMAT", `fromOpeningUpYaml: ${f} must be a mapping {class, link, notes}`);
    const b = block as Record<string, unknown>;
    const raw = str(b.class);
    let cls: OpenClass;
    if (raw === undefined) cls = "unknown";
    else if (raw === "open" || raw === "partial" || raw === "closed") cls = raw;
    else throw new WcError("E_FORMAT", `fromOpeningUpYaml: ${f}.class must be open, partial or closed, got ${JSON.stringify(raw)}`);
    const e: Evidence = { class: cls };
    const link = str(b.link);
    if (link !== undefined) e.link = link;
    const notes = str(b.notes);
    if (notes !== undefined) e.notes = notes;
    if (f === "license" && projectLicense !== undefined) e.license = projectLicense;
    rec.features[f] = e;
  }
  return rec;
}

const NOT_INCLUDED = "component not included";
const NOT_SPECIFIED = "license not specified";

/**
 * Reads an lfai/model_openness_tool `models/*.yml` file. Each component's `license_name` decides its
 * evidence: "Component not included" → closed; "License not specified" (or no licence at all) →
 * partial without licence (never counts); a licence → open when type-appropriate, else partial.
 * A component without `license_name` takes the release's global licence of its content type
 * (`release.license.code|data|document`, else `distribution`). Components not listed are absent.
 * Features for the openness index and OSAID are derived back ([design]): opencode from training +
 * inference code (open when both count, partial when either is included), llmweights from final
 * parameters (link = its location or `release.huggingface`), llmdata from datasets, modelcard,
 * datasheet, paper, architecture from their components; disclosures: evaluation ← evaluation
 * results included, training-data description ← datasets or data card included.
 *
 * @param yamlText - the file's text
 * @returns the release evidence with `mofComponents` set
 * @throws {WcError} E_FORMAT for invalid YAML, a missing `release.name` / `release.components`, or an unknown component name
 * @example
 * fromMotYaml(text).mofComponents?.["Model card"]; // { class: "partial" } when "License not specified"
 */
export function fromMotYaml(yamlText: string): ModelRecord {
  const doc = load(yamlText, "fromMotYaml");
  const release = doc.release as Record<string, unknown> | undefined;
  const name = str(release?.name);
  if (release === undefined || name === undefined) throw new WcError("E_FORMAT", "fromMotYaml: missing release.name; a MOT model file has release: {name, components: [...]}");
  const comps = release.components;
  if (!Array.isArray(comps)) throw new WcError("E_FORMAT", "fromMotYaml: release.components must be a list of {name, license_name}");
  const global = (release.license ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const mof: Partial<Record<MofComponent, Evidence>> = {};
  for (const [i, c] of comps.entries()) {
    const cname = str((c as Record<string, unknown> | null)?.name);
    const meta = MOF_COMPONENTS.find((x) => x.name === cname);
    if (!meta) throw new WcError("E_FORMAT", `fromMotYaml: release.components[${i}].name ${JSON.stringify(cname)} is not one of the 17 MOF components`);
    const cc = c as Record<string, unknown>;
    const lic = str(cc.license_name) ?? str(global[meta.contentType]?.name) ?? str(global.distribution?.name);
    const e: Evidence = { class: "partial" };
    const loc = str(cc.location);
    if (loc !== undefined) e.link = loc;
    if (lic !== undefined && lic.toLowerCase() === NOT_INCLUDED) e.class = "closed";
    else if (lic !== undefined && lic.toLowerCase() !== NOT_SPECIFIED) {
      e.license = lic;
      if (mofComponentSatisfied(meta.name, e)) e.class = "open";
    }
    mof[meta.name] = e;
  }
  const rec: ModelRecord = { name, claimedLabel: "unspecified", features: {}, mofComponents: mof };
  const producer = str(release.producer);
  if (producer !== undefined) rec.org = producer;
  const date = str(release.date);
  if (date !== undefined && /^\d{4}/.test(date)) rec.year = Number(date.slice(0, 4));
  const from = (f: LiesenfeldFeature, c: MofComponent, link?: string): void => {
    const e = mof[c];
    if (!e) return;
    const out: Evidence = { class: e.class };
    const l = e.link ?? link;
    if (l !== undefined) out.link = l;
    if (e.license !== undefined) out.license = e.license;
    rec.features[f] = out;
  };
  const tr = mof["Training code"];
  const inf = mof["Inference code"];
  if (tr || inf) {
    const both = tr?.class === "open" && inf?.class === "open";
    const either = [tr, inf].some((e) => e !== undefined && e.class !== "closed");
    const oc: Evidence = { class: both ? "open" : either ? "partial" : "closed" };
    const lic = tr?.license ?? inf?.license;
    if (lic !== undefined) oc.license = lic;
    rec.features.opencode = oc;
  }
  from("llmweights", "Model parameters (Final)", str(release.huggingface));
  from("llmdata", "Datasets");
  from("modelcard", "Model card");
  from("datasheet", "Data card");
  from("paper", "Research paper");
  from("architecture", "Model architecture");
  const included = (c: MofComponent): boolean => mof[c] !== undefined && mof[c]!.class !== "closed";
  rec.disclosures = {
    evaluation: included("Evaluation results"),
    trainingDataDescription: included("Datasets") || included("Data card"),
  };
  return rec;
}
