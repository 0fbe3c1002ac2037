import { isCollection, isMap, isScalar, LineCounter, parseDocument, type Node } from "yaml";

/**
 * The line (1-based) of a schema problem's JSON path (`$.income.std`, `$.tables.orders.fields.id`,
 * `$.status.probabilities[1]`) in the schema's text, JSON or YAML alike (JSON is YAML). A path that
 * leads past what the text has stops at its deepest part that exists (a missing key is reported at
 * the object that lacks it); a message that names "line N" wins (a syntax error); null when the
 * text cannot be read at all.
 */
export function lineOfProblem(text: string, path: string, message = ""): number | null {
  const named = /\bline (\d+)/.exec(message);
  if (named) return Number(named[1]);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0 && !doc.contents) return null;
  let node: unknown = doc.contents;
  let at: Node | null = isCollection(node) || isScalar(node) ? (node as Node) : null;
  for (const part of splitPath(path)) {
    if (!isCollection(node)) break;
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === part);
      if (!pair) break;
      // The key's own line: for `"std": {…}` the value starts on the same line anyway.
      at = (pair.key as Node) ?? at;
      next = pair.value;
    } else {
      const index = Number(part);
      next = Number.isInteger(index) ? node.items[index] : undefined;
      if (next === undefined) break;
      at = next as Node;
    }
    node = next;
  }
  if (!at?.range) return null;
  return lines.linePos(at.range[0]).line;
}

/** `$.a.b[2].c` → ["a", "b", "2", "c"]; `$` alone → []. */
export function splitPath(path: string): string[] {
  const parts: string[] = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]/g;
  const body = path.startsWith("$") ? path.slice(1) : path;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body)) !== null) parts.push(m[1] ?? m[2] ?? m[3]);
  return parts;
}
