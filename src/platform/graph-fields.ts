/**
 * Graph's `?fields=` selection on a node: `fields=a,b{c,d}` keeps `a` and `b` (a nested
 * selection keeps its whole field here) plus `id`; a field the node does not have is Graph's
 * (#100) "Tried accessing nonexisting field". Without `fields`, the node's default fields it has.
 */
export type FieldSelection =
  | { readonly ok: true; readonly node: Record<string, unknown> }
  | { readonly ok: false; readonly details: string };

export function selectFields(
  node: Record<string, unknown>,
  nodeType: string,
  fields: string | undefined,
  defaults: readonly string[] = Object.keys(node),
): FieldSelection {
  const wanted =
    fields === undefined || fields.trim() === ''
      ? defaults.filter((name) => name in node)
      : topLevelNames(fields);
  const selected: Record<string, unknown> = {};
  for (const name of wanted) {
    if (!(name in node))
      return { ok: false, details: `Tried accessing nonexisting field (${name}) on node type (${nodeType})` };
    selected[name] = node[name];
  }
  if ('id' in node) selected.id = node.id;
  return { ok: true, node: selected };
}

/** `a,b{c,d},e` → [a, b, e]: commas inside braces belong to the nested selection. */
function topLevelNames(fields: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of fields) {
    if (ch === '{') depth += 1;
    else if (ch === '}') depth -= 1;
    else if (ch === ',' && depth === 0) {
      names.push(current.trim());
      current = '';
    } else if (depth === 0) current += ch;
  }
  names.push(current.trim());
  return names.filter((name) => name !== '');
}
