/**
 * The keys of a JSON text's top-level object, in order and with repeats. `JSON.parse` keeps only
 * the last of repeated keys; readers that must reject duplicates (safetensors) scan with this.
 * Assumes `text` already parsed as JSON.
 */
export function topLevelKeys(text: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const start = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i += 2;
        else if (d === 0x22) break;
        else i++;
      }
      const end = i + 1;
      i = end;
      if (depth === 1) {
        let j = i;
        while (j < n && /\s/.test(text[j]!)) j++;
        if (text[j] === ":") keys.push(JSON.parse(text.slice(start, end)) as string);
      }
      continue;
    }
    if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) depth--;
    i++;
  }
  return keys;
}
