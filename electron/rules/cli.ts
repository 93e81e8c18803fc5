import { evaluateRules, parseRulesRequest } from './index';

export type CommandOutcome = { ok: true; output: string } | { ok: false; message: string };

/**
 * The command line's whole behaviour on one input text: one document or a batch
 * array in, one JSON text out, or one line naming the field and the problem.
 */
export function runRulesCommand(text: string): CommandOutcome {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `input: not valid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  if (Array.isArray(doc)) {
    const outputs = [];
    for (const [i, element] of doc.entries()) {
      const parsed = parseRulesRequest(element);
      if (!parsed.ok) return { ok: false, message: `[${i}].${parsed.message}` };
      outputs.push(evaluateRules(parsed.value));
    }
    return { ok: true, output: JSON.stringify(outputs, null, 2) };
  }
  const parsed = parseRulesRequest(doc);
  if (!parsed.ok) return { ok: false, message: parsed.message };
  return { ok: true, output: JSON.stringify(evaluateRules(parsed.value), null, 2) };
}
