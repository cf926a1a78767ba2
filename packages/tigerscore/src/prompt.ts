import { WcError } from "@wc/tensor";

/**
 * The TIGERScore evaluation prompt, copied verbatim from TIGER-AI-Lab/TIGERScore
 * `tigerscore/scorer/tigerscore.py` (`TEMPLATE`, MIT licence, Copyright (c) TIGER-AI-Lab), the
 * layout the models were fine-tuned on. Slots: `${generation_instruction}`, `${input_context}`,
 * `${hypothesis_output}`. Note the trailing spaces after "Instruction:", "Model-generated Output:"
 * and the severity line, which are part of the official text.
 */
export const TIGERSCORE_TEMPLATE =
  "You are evaluating errors in a model-generated output for a given instruction.\n" +
  "Instruction: \n" +
  "${generation_instruction}\n" +
  "${input_context}\n" +
  "\n" +
  "Model-generated Output: \n" +
  "${hypothesis_output}\n" +
  "\n" +
  "For each error you give in the response, please also elaborate the following information:\n" +
  "- error location (the words that are wrong in the output)\n" +
  "- error aspect it belongs to.\n" +
  "- explanation why it's an error, and the correction suggestions.\n" +
  '- severity of the error ("Major" or "Minor"). \n' +
  "- reduction of score (between 0.5 and 5 given the severity of the error)\n" +
  "\n" +
  "Your evaluation output:\n";

/** Python's `str.strip("\n ")`: removes leading and trailing spaces and newlines only. */
function stripSpacesNewlines(s: string): string {
  return s.replace(/^[ \n]+/, "").replace(/[ \n]+$/, "");
}

/**
 * Builds the TIGERScore prompt: the fields are substituted literally (no escaping) into
 * {@link TIGERSCORE_TEMPLATE}, then leading/trailing spaces and newlines of the whole prompt are
 * stripped, as the official scorer does. An empty or missing input context keeps its blank line.
 *
 * @param instruction - the task instruction
 * @param hypothesis - the model output to evaluate
 * @param inputContext - the input (source text, question, ...); default ""
 * @returns the prompt
 * @throws {WcError} E_ARGUMENT when a field is not a string
 * @example
 * buildPrompt("Translate to English.", "Hello world", "Hallo Welt").endsWith("Your evaluation output:"); // true
 */
export function buildPrompt(instruction: string, hypothesis: string, inputContext = ""): string {
  for (const [k, v] of [["instruction", instruction], ["hypothesis", hypothesis], ["inputContext", inputContext]] as const) {
    if (typeof v !== "string") throw new WcError("E_ARGUMENT", `buildPrompt: expected ${k} to be a string, got ${typeof v}`);
  }
  const slots: Record<string, string> = { generation_instruction: instruction, input_context: inputContext, hypothesis_output: hypothesis };
  // one pass, like Python's string.Template: text inside a field is never substituted again
  const filled = TIGERSCORE_TEMPLATE.replace(/\$\{(generation_instruction|input_context|hypothesis_output)\}/g, (_m, k: string) => slots[k]!);
  return stripSpacesNewlines(filled);
}
