import { WcError } from "@wc/tensor";

const UNITS: Record<string, number> = { "": 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/**
 * Parses a memory budget: bytes (`"250000"`), binary units as the official `max_memory_MB * 1024^2`
 * (`"3MB"`, `"1.5 GB"`, `"512KiB"`), or a percentage of a reference size (`"40%"` of `referenceBytes`,
 * e.g. the original model's fp16 size).
 * @param text - the budget
 * @param referenceBytes - what 100% means; needed only for percentages
 * @returns bytes (an integer, rounded down)
 * @throws {WcError} `E_ARGUMENT` for an unreadable budget or a percentage without a reference; `E_RANGE` for a non-positive budget.
 * @example
 * parseBudget("3MB"); // 3145728
 * parseBudget("40%", 1_000_000); // 400000
 */
export function parseBudget(text: string, referenceBytes?: number): number {
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*(%|[kmg]i?b|b)?\s*$/i.exec(text);
  if (!m) throw new WcError("E_ARGUMENT", `parseBudget: cannot read "${text}"; expected e.g. 250000, 3MB, 1.5GB or 40%`);
  const v = Number(m[1]);
  const unit = (m[2] ?? "").toLowerCase();
  let bytes: number;
  if (unit === "%") {
    if (referenceBytes === undefined || !(referenceBytes > 0)) throw new WcError("E_ARGUMENT", `parseBudget: "${text}" is a percentage but no reference size is known`);
    bytes = (v / 100) * referenceBytes;
  } else bytes = v * UNITS[unit]!;
  if (!(bytes > 0) || !Number.isFinite(bytes)) throw new WcError("E_RANGE", `parseBudget: the budget must be positive, got "${text}"`);
  return Math.floor(bytes);
}
