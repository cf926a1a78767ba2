import { WcError } from "@wc/tensor";
import { LIESENFELD_FEATURES, MOF_COMPONENTS } from "./rubric";
import type { ClaimedLabel, DisclosureKey, Evidence, ModelRecord, OpenClass } from "./types";
import { DISCLOSURE_KEYS } from "./rubric";

const CLASSES: readonly OpenClass[] = ["open", "partial", "closed", "unknown"];
const LABELS: readonly ClaimedLabel[] = ["open-source", "open-weight", "proprietary", "unspecified"];
const MOF_NAMES = new Set<string>(MOF_COMPONENTS.map((c) => c.name));
const FEATURE_NAMES = new Set<string>(LIESENFELD_FEATURES);

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function checkEvidence(where: string, e: unknown): Evidence {
  if (!isObject(e)) throw new WcError("E_FORMAT", `${where}: expected an evidence object {class, link?, notes?, license?}, got ${JSON.stringify(e)}`);
  if (!CLASSES.includes(e.class as OpenClass)) {
    throw new WcError("E_FORMAT", `${where}.class: expected one of ${CLASSES.join("/")}, got ${JSON.stringify(e.class)}`);
  }
  for (const k of ["link", "notes", "license"] as const) {
    if (e[k] !== undefined && e[k] !== null && typeof e[k] !== "string") {
      throw new WcError("E_FORMAT", `${where}.${k}: expected a string, got ${JSON.stringify(e[k])}`);
    }
  }
  const out: Evidence = { class: e.class as OpenClass };
  if (typeof e.link === "string") out.link = e.link;
  if (typeof e.notes === "string") out.notes = e.notes;
  if (typeof e.license === "string") out.license = e.license;
  return out;
}

/**
 * Validates an untrusted value (e.g. parsed JSON) as a {@link ModelRecord} and returns a fresh copy.
 *
 * @param value - the candidate record
 * @param where - a label for error messages (e.g. the file name); default `"record"`
 * @returns a validated copy
 * @throws {WcError} E_FORMAT when a field is missing, of the wrong type, or names an unknown feature/component/class
 * @example
 * toModelRecord({ name: "x", features: { llmweights: { class: "open", link: "https://hf.co/x" } } });
 */
export function toModelRecord(value: unknown, where = "record"): ModelRecord {
  if (!isObject(value)) throw new WcError("E_FORMAT", `${where}: expected an object with name and features, got ${JSON.stringify(value)}`);
  if (typeof value.name !== "string" || value.name.trim() === "") {
    throw new WcError("E_FORMAT", `${where}.name: expected a non-empty string, got ${JSON.stringify(value.name)}`);
  }
  const rec: ModelRecord = { name: value.name, features: {} };
  if (value.org !== undefined) {
    if (typeof value.org !== "string") throw new WcError("E_FORMAT", `${where}.org: expected a string`);
    rec.org = value.org;
  }
  if (value.year !== undefined) {
    if (typeof value.year !== "number" || !Number.isInteger(value.year)) {
      throw new WcError("E_FORMAT", `${where}.year: expected an integer year, got ${JSON.stringify(value.year)}`);
    }
    rec.year = value.year;
  }
  if (value.claimedLabel !== undefined) {
    if (!LABELS.includes(value.claimedLabel as ClaimedLabel)) {
      throw new WcError("E_FORMAT", `${where}.claimedLabel: expected one of ${LABELS.join("/")}, got ${JSON.stringify(value.claimedLabel)}`);
    }
    rec.claimedLabel = value.claimedLabel as ClaimedLabel;
  }
  const features = value.features ?? {};
  if (!isObject(features)) throw new WcError("E_FORMAT", `${where}.features: expected an object keyed by feature name`);
  for (const [k, v] of Object.entries(features)) {
    if (!FEATURE_NAMES.has(k)) {
      throw new WcError("E_FORMAT", `${where}.features: unknown feature ${JSON.stringify(k)}; expected one of ${LIESENFELD_FEATURES.join(", ")}`);
    }
    rec.features[k as keyof ModelRecord["features"]] = checkEvidence(`${where}.features.${k}`, v);
  }
  if (value.mofComponents !== undefined) {
    if (!isObject(value.mofComponents)) throw new WcError("E_FORMAT", `${where}.mofComponents: expected an object keyed by MOF component name`);
    const mof: NonNullable<ModelRecord["mofComponents"]> = {};
    for (const [k, v] of Object.entries(value.mofComponents)) {
      if (!MOF_NAMES.has(k)) throw new WcError("E_FORMAT", `${where}.mofComponents: unknown component ${JSON.stringify(k)}; expected MOF names such as "Model card"`);
      mof[k as keyof typeof mof] = checkEvidence(`${where}.mofComponents.${k}`, v);
    }
    rec.mofComponents = mof;
  }
  if (value.disclosures !== undefined) {
    if (!isObject(value.disclosures)) throw new WcError("E_FORMAT", `${where}.disclosures: expected an object of booleans`);
    const d: Partial<Record<DisclosureKey, boolean>> = {};
    for (const [k, v] of Object.entries(value.disclosures)) {
      if (!DISCLOSURE_KEYS.includes(k as DisclosureKey)) {
        throw new WcError("E_FORMAT", `${where}.disclosures: unknown key ${JSON.stringify(k)}; expected ${DISCLOSURE_KEYS.join(", ")}`);
      }
      if (typeof v !== "boolean") throw new WcError("E_FORMAT", `${where}.disclosures.${k}: expected a boolean, got ${JSON.stringify(v)}`);
      d[k as DisclosureKey] = v;
    }
    rec.disclosures = d;
  }
  return rec;
}
