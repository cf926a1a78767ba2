import { WcError } from "@wc/tensor";
import type { LlmClient } from "./types";

/** Options of {@link openAiCompatibleClient}. */
export interface HttpClientOptions {
  /** Base URL ending in `/v1`, e.g. `http://127.0.0.1:8080/v1` (a llama.cpp server). */
  baseUrl: string;
  /** Model name sent in the request; default `"tigerscore"`. */
  model?: string;
  /** Sent as `Authorization: Bearer ...` when given. */
  apiKey?: string;
  /** `'completions'` (default, raw prompt: the format TIGERScore was fine-tuned on) or `'chat'` (prompt as one user message). */
  endpoint?: "completions" | "chat";
  /** Per-request timeout in milliseconds; default 120000. */
  timeoutMs?: number;
  /** The fetch implementation; default the global `fetch`. */
  fetch?: typeof fetch;
}

/**
 * An {@link LlmClient} for OpenAI-compatible HTTP servers (llama.cpp `server`, vLLM, ...). It POSTs
 * `{model, prompt, max_tokens, temperature, top_p, top_k}` to `<baseUrl>/completions` (or
 * `messages` to `/chat/completions`) and returns `choices[0].text` (or `.message.content`). With
 * `doSample: false` it sends temperature 0 (greedy), else the given temperature.
 *
 * @param options - server and request options
 * @returns the client
 * @throws {WcError} E_ARGUMENT for a bad base URL or timeout (at creation); the client rejects with E_IO on HTTP/network errors and E_FORMAT on an unexpected body
 * @example
 * const llm = openAiCompatibleClient({ baseUrl: "http://127.0.0.1:8080/v1" });
 */
export function openAiCompatibleClient(options: HttpClientOptions): LlmClient {
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch {
    throw new WcError("E_ARGUMENT", `openAiCompatibleClient: baseUrl ${JSON.stringify(options.baseUrl)} is not a URL; give e.g. http://127.0.0.1:8080/v1`);
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") throw new WcError("E_ARGUMENT", `openAiCompatibleClient: baseUrl must be http(s), got ${base.protocol}`);
  const timeoutMs = options.timeoutMs ?? 120_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new WcError("E_ARGUMENT", `openAiCompatibleClient: timeoutMs must be > 0, got ${timeoutMs}`);
  const endpoint = options.endpoint ?? "completions";
  const url = `${base.href.replace(/\/+$/, "")}/${endpoint === "chat" ? "chat/completions" : "completions"}`;
  const doFetch = options.fetch ?? fetch;
  return async (prompt, p) => {
    const body: Record<string, unknown> = {
      model: options.model ?? "tigerscore",
      max_tokens: p.maxNewTokens,
      temperature: p.doSample ? p.temperature : 0,
      top_p: p.topP,
    };
    if (p.topK !== undefined) body.top_k = p.topK;
    if (endpoint === "chat") body.messages = [{ role: "user", content: prompt }];
    else body.prompt = prompt;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
    let res: Response;
    try {
      res = await doFetch(url, { method: "POST", headers, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      throw new WcError("E_IO", `openAiCompatibleClient: request to ${url} failed (${(e as Error).message})`);
    }
    const text = await res.text();
    if (!res.ok) throw new WcError("E_IO", `openAiCompatibleClient: ${url} answered HTTP ${res.status}: ${text.slice(0, 200)}`);
    let json: { choices?: { text?: unknown; message?: { content?: unknown } }[] };
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      throw new WcError("E_FORMAT", `openAiCompatibleClient: ${url} did not answer JSON: ${text.slice(0, 200)}`);
    }
    const c = json.choices?.[0];
    const out = endpoint === "chat" ? c?.message?.content : c?.text;
    if (typeof out !== "string") throw new WcError("E_FORMAT", `openAiCompatibleClient: no choices[0].${endpoint === "chat" ? "message.content" : "text"} in the answer`);
    return out;
  };
}
