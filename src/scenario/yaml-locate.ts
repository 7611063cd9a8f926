import { type Document, isNode, LineCounter, parseDocument } from 'yaml';

/** A parsed YAML document that can tell the line of any field path. */
export interface LocatedYaml {
  readonly value: unknown;
  readonly syntaxErrors: readonly { line: number; message: string }[];
  lineOf(path: readonly (string | number)[]): number | undefined;
}

export function parseYamlWithLines(text: string): LocatedYaml {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntaxErrors = doc.errors.map((error) => ({
    line: lineCounter.linePos(error.pos[0]).line,
    message: error.message.split('\n')[0] ?? error.message,
  }));
  let value: unknown;
  if (syntaxErrors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // yaml refuses documents whose aliases expand too far (a "billion laughs" bomb) while converting.
      syntaxErrors.push({ line: 1, message: (error as Error).message });
    }
  }
  return {
    value,
    syntaxErrors,
    lineOf(path) {
      // Walk up until a node that exists: a missing field is reported at its parent's line.
      for (let depth = path.length; depth >= 0; depth--) {
        const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
        if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
      }
      return undefined;
    },
  };
}
