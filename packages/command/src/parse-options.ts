import { WcError } from "@wc/tensor";
import type { OptionSpec, OptionValue } from "./descriptor";

/** kebab-case to camelCase (`target-rank` -> `targetRank`). */
export function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Validates raw option values (strings from the command line, or already-typed values) against
 * their specs, applies defaults, and returns them keyed by camelCase name.
 *
 * @param specs - the command's options.
 * @param raw - values keyed by kebab-case or camelCase name; `undefined` means not given.
 * @returns a new frozen object.
 * @throws {WcError} `E_ARGUMENT` naming the option and the accepted values for an unknown option,
 *   a missing required one, a value of the wrong type, out of bounds, or not among the choices.
 * @example
 * parseOptions([{ name: "rank", type: "integer", help: "", default: 8, min: 1 }], { rank: "16" }); // { rank: 16 }
 */
export function parseOptions(
  specs: readonly OptionSpec[],
  raw: Readonly<Record<string, unknown>>,
): Readonly<Record<string, OptionValue>> {
  const byName = new Map<string, OptionSpec>();
  for (const s of specs) {
    byName.set(s.name, s);
    byName.set(camelCase(s.name), s);
  }
  for (const key of Object.keys(raw)) {
    if (raw[key] !== undefined && !byName.has(key)) {
      const known = specs.map((s) => `--${s.name}`).join(", ") || "(none)";
      throw new WcError("E_ARGUMENT", `unknown option --${key}; accepted: ${known}`);
    }
  }
  const out: Record<string, OptionValue> = {};
  for (const s of specs) {
    const given = raw[s.name] ?? raw[camelCase(s.name)];
    if (s.multiple) {
      const list = given === undefined ? (s.default === undefined ? [] : [s.default]) : Array.isArray(given) ? given : [given];
      if (s.required && list.length === 0) throw new WcError("E_ARGUMENT", `option --${s.name} is required: ${s.help}`);
      out[camelCase(s.name)] = Object.freeze(list.map((v) => coerce(s, v)));
      continue;
    }
    if (Array.isArray(given)) {
      throw new WcError("E_ARGUMENT", `option --${s.name} was given ${given.length} times; it takes one value`);
    }
    const v = given === undefined ? s.default : given;
    if (v === undefined) {
      if (s.required) throw new WcError("E_ARGUMENT", `option --${s.name} is required: ${s.help}`);
      out[camelCase(s.name)] = undefined;
      continue;
    }
    out[camelCase(s.name)] = coerce(s, v);
  }
  return Object.freeze(out);
}

function coerce(s: OptionSpec, v: unknown): string | number | boolean {
  const bad = (expected: string): never => {
    throw new WcError("E_ARGUMENT", `option --${s.name}: expected ${expected}, got ${JSON.stringify(v)}`);
  };
  switch (s.type) {
    case "boolean": {
      if (typeof v === "boolean") return v;
      if (v === "true" || v === "1" || v === "yes") return true;
      if (v === "false" || v === "0" || v === "no") return false;
      return bad("true or false");
    }
    case "string":
      return typeof v === "string" ? v : bad("a string");
    case "choice": {
      const choices = s.choices ?? [];
      return typeof v === "string" && choices.includes(v) ? v : bad(`one of ${choices.join(", ")}`);
    }
    case "number":
    case "integer": {
      const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
      const kind = s.type === "integer" ? "an integer" : "a number";
      const range = `${s.min !== undefined ? ` >= ${s.min}` : ""}${s.min !== undefined && s.max !== undefined ? " and" : ""}${s.max !== undefined ? ` <= ${s.max}` : ""}`;
      if (!Number.isFinite(n) || (s.type === "integer" && !Number.isInteger(n))) return bad(kind + range);
      if ((s.min !== undefined && n < s.min) || (s.max !== undefined && n > s.max)) return bad(kind + range);
      return n;
    }
  }
}
