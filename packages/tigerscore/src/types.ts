/** Generation parameters handed to an {@link LlmClient}. */
export interface GenParams {
  /** Maximum new tokens; default 1024 (official `max_new_tokens`). */
  maxNewTokens: number;
  /** Sampling temperature; default 0.7 (used only when sampling). */
  temperature: number;
  /** Nucleus sampling mass; default 1.0. */
  topP: number;
  /** Top-k; default 40 (the official llama.cpp path only). */
  topK?: number;
  /** Sample (true) or decode greedily (false); default false (the official HF/vLLM path). */
  doSample: boolean;
}

/** Any LLM behind a function: prompt and generation parameters in, completion text out. */
export type LlmClient = (prompt: string, p: GenParams) => Promise<string>;

/** One error of a TIGERScore error analysis. */
export interface TigerError {
  location: string;
  aspect: string;
  explanation: string;
  /** "Major" or "Minor" by the grammar; other strings are kept and warned about. */
  severity: "Major" | "Minor" | string;
  /** Score reduction, 0.5–5 by the grammar. */
  reduction: number;
}

/** A parsed error analysis and its score. */
export interface TigerResult {
  /** Minus the total reduction (0 = no error found); null when nothing parsed. */
  score: number | null;
  numErrors: number | null;
  errors: TigerError[];
  /** The raw model output. */
  raw: string;
  ok: boolean;
  warnings: string[];
  /** The total stated in the header, when it parsed. */
  headerTotal?: number;
}

/** One item to score. */
export interface TigerItem {
  instruction: string;
  hypothesis: string;
  inputContext?: string;
}

/** Parser compatibility mode: the official regex parser (with its quirks) or the robust line parser. */
export type CompatMode = "official" | "robust";

/** The official generation defaults (HF/vLLM path: greedy, 1024 new tokens; llama.cpp path: top-k 40). */
export const DEFAULT_GEN_PARAMS: Readonly<GenParams> = Object.freeze({ maxNewTokens: 1024, temperature: 0.7, topP: 1.0, topK: 40, doSample: false });
