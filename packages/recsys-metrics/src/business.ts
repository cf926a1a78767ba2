import { WcError } from "@wc/tensor";

/** Counts and amounts for {@link businessMetrics}; every field is optional and must be a finite number >= 0. */
export interface BusinessCounts {
  impressions?: number;
  clicks?: number;
  conversions?: number;
  /** Optional alternative base of the conversion rate (see `conversionBase`). */
  sessions?: number;
  revenue?: number;
  users?: number;
  orders?: number;
  usersStart?: number;
  usersEnd?: number;
  newUsers?: number;
  cost?: number;
  /** A known churn rate per period; overrides the one derived from the user counts in CLV. */
  churnRate?: number;
  /** Gross margin fraction used by CLV. */
  margin?: number;
  /** Discount rate per period used by CLV. Default 0 when margin and churn are known. */
  discount?: number;
}

/** Options of {@link businessMetrics}. */
export interface BusinessOptions {
  /** Denominator of the conversion rate: 'clicks' (default) or 'sessions'. */
  conversionBase?: "clicks" | "sessions";
}

const div = (a: number, b: number): number => (b === 0 ? Number.NaN : a / b);

/**
 * Business ratios with documented definitions (the survey discusses them qualitatively; no reference
 * code exists): ctr = clicks/impressions; conversionRate = conversions/clicks (or /sessions);
 * arpu = revenue/users; aov = revenue/orders; retention = (usersEnd − newUsers)/usersStart;
 * churn = 1 − retention; clv = arpu·margin/(churn + discount), churn taken from churnRate when given;
 * roi = (revenue − cost)/cost. Only the ratios whose inputs are present are returned; a zero
 * denominator gives NaN (documented, not thrown).
 *
 * @param c - the counts and amounts
 * @param o - options; conversionBase default 'clicks'
 * @returns a record with the computable ratios
 * @throws WcError E_RANGE when a given field is negative or not finite; E_ARGUMENT for an unknown field or option
 * @example
 * businessMetrics({ impressions: 1000, clicks: 50 }).ctr; // 0.05
 */
export function businessMetrics(c: BusinessCounts, o: BusinessOptions = {}): Record<string, number> {
  const known = ["impressions", "clicks", "conversions", "sessions", "revenue", "users", "orders", "usersStart", "usersEnd", "newUsers", "cost", "churnRate", "margin", "discount"];
  for (const [k, v] of Object.entries(c)) {
    if (!known.includes(k)) throw new WcError("E_ARGUMENT", `businessMetrics: unknown field ${JSON.stringify(k)}; use ${known.join(", ")}`);
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new WcError("E_RANGE", `businessMetrics: ${k} must be a finite number >= 0, got ${String(v)}`);
  }
  const base = o.conversionBase ?? "clicks";
  if (base !== "clicks" && base !== "sessions") throw new WcError("E_ARGUMENT", `businessMetrics: conversionBase must be 'clicks' or 'sessions', got ${JSON.stringify(base)}`);
  const has = (...ks: (keyof BusinessCounts)[]): boolean => ks.every((k) => c[k] !== undefined);
  const out: Record<string, number> = {};
  if (has("impressions", "clicks")) out.ctr = div(c.clicks as number, c.impressions as number);
  if (has("conversions", base)) out.conversionRate = div(c.conversions as number, c[base] as number);
  if (has("revenue", "users")) out.arpu = div(c.revenue as number, c.users as number);
  if (has("revenue", "orders")) out.aov = div(c.revenue as number, c.orders as number);
  if (has("usersStart", "usersEnd", "newUsers")) {
    out.retention = div((c.usersEnd as number) - (c.newUsers as number), c.usersStart as number);
    out.churn = 1 - out.retention;
  }
  const churn = c.churnRate ?? out.churn;
  if (out.arpu !== undefined && c.margin !== undefined && churn !== undefined) {
    out.clv = div(out.arpu * c.margin, churn + (c.discount ?? 0));
  }
  if (has("revenue", "cost")) out.roi = div((c.revenue as number) - (c.cost as number), c.cost as number);
  return out;
}
