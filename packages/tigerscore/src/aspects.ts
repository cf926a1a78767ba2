/** The tasks of MetricInstruct with an aspect taxonomy. */
export type TigerTask = "summarization" | "translation" | "data2text" | "mathQA" | "long-form QA" | "instruction-following" | "story_generation";

/** Evaluation aspects per task (active definitions of `tigerscore/xgptscore/constants.py`). */
export const TASK_ASPECTS: Readonly<Record<TigerTask, readonly string[]>> = Object.freeze({
  summarization: ["Relevance", "Fact Consistency", "Coherence", "Fluency"],
  translation: ["Accuracy", "Fluency", "Terminology", "Style Matching"],
  data2text: ["Accuracy", "Logical Coherence", "Fluency"],
  mathQA: ["Problem Understanding", "Problem Formulation", "Computing Accuracy", "Solution Interpretation"],
  "long-form QA": ["Accuracy", "Completeness", "Informativeness", "Clarity"],
  "instruction-following": ["Comprehension", "Accuracy", "Informativeness", "Coherence"],
  story_generation: ["Fluency", "Consistency", "Style Matching"],
});

/** Short descriptions of each aspect with typical error types (our paraphrase of the official definitions). */
export const ASPECT_DESCRIPTIONS: Readonly<Record<TigerTask, Readonly<Record<string, string>>>> = Object.freeze({
  summarization: {
    Relevance: "Does the summary keep the main points of the source and only those? Typical errors: irrelevant content, missing key points, too much weight on minor details, distorted main ideas.",
    "Fact Consistency": "Are the summary's facts the source's facts? Typical errors: wrong facts, misreadings, invented facts, dropped facts.",
    Coherence: "Do the summary's ideas follow one another logically and read as one text? Typical errors: jumbled order, missing links between ideas, clumsy paraphrase, no common thread.",
    Fluency: "Is the language correct and natural? Typical errors: spelling, grammar, wrong words, inconsistent tone, garbled characters.",
  },
  translation: {
    Accuracy: "Does the translation keep the source's meaning, context and nuance? Typical errors: word-for-word rendering, omissions, additions, mistranslations, false friends.",
    Fluency: "Does it read like text written in the target language? Typical errors: grammar and syntax mistakes, wrong register, unnatural phrasing, tense inconsistency.",
    Terminology: "Are domain terms, names, abbreviations and formats right? Typical errors: wrong proper nouns or technical terms, wrong abbreviations, wrong date/number/currency formats.",
    "Style Matching": "Does it keep the source's style, tone and voice? Typical errors: inconsistent style, tone or voice.",
  },
  data2text: {
    Accuracy: "Does the text state the input data correctly? Typical errors: wrong facts, misread fields, wrong conversions, contradictions, faulty reasoning.",
    "Logical Coherence": "Does the text turn the data into a logical, readable account? Typical errors: illogical order, inconsistent facts, poor paraphrase, missing explanation, needless complexity.",
    Fluency: "Is the language correct and natural? Typical errors: spelling, grammar, wrong words, inconsistent tone, garbled characters.",
  },
  mathQA: {
    "Problem Understanding": "Is the problem statement understood? Typical errors: misreading the problem, ignored information, wrong variables, reading too much into it, wrong assumptions.",
    "Problem Formulation": "Is the problem turned into the right equations? Typical errors: wrong formula, variable or operator, missing steps, equations that do not match the problem.",
    "Computing Accuracy": "Are the computations right? Typical errors: arithmetic slips, wrong assignments, wrong order of operations, misused rules.",
    "Solution Interpretation": "Is the result read back correctly in the problem's terms? Typical errors: wrong interpretation, ignored units, unanswered parts.",
  },
  "long-form QA": {
    Accuracy: "Is the answer factually right? Typical errors: wrong or outdated facts, misreadings, contradictions, wrong inferences.",
    Completeness: "Does it answer every part of the question? Typical errors: partial answers, missing key details or context, shallow treatment, ignored sub-questions.",
    Informativeness: "Does it help the reader understand? Typical errors: redundancy, irrelevance, jargon, no examples, no sources.",
    Clarity: "Is it easy to read and follow? Typical errors: unclear wording, poor organisation, excessive length, unexplained jargon, grammar or spelling errors.",
  },
  "instruction-following": {
    Comprehension: "Is the instruction understood? Typical errors: misreading it, missing complex requirements, ignoring context.",
    Accuracy: "Is the output correct for the instruction and its input? Typical errors: content at odds with the instruction or input, factual errors, misapplied instructions, faulty reasoning.",
    Informativeness: "Is the information relevant and useful? Typical errors: irrelevant, too little, too much, outdated or repeated information.",
    Coherence: "Does the output flow logically? Typical errors: disjointed or contradictory parts, poor structure.",
  },
  story_generation: {
    Fluency: "Is the language correct and natural? Typical errors: grammar, spelling, awkward phrasing.",
    Consistency: "Do plot, characters and setting stay consistent and follow the prompt? Typical errors: contradictions, characters acting out of character, broken continuity.",
    "Style Matching": "Does the story fit the requested genre, tone and style? Typical errors: wrong genre, inconsistent tone or voice.",
  },
});
