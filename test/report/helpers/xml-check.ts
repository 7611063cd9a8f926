/** A small well-formedness check (declaration, balanced and properly nested tags, quoted attributes, known entities). */
export function assertWellFormedXml(xml: string): void {
  if (!xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')) throw new Error('missing XML declaration');
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const between = body.slice(last, m.index);
    if (/[<>]/.test(between)) throw new Error(`stray markup near: ${between.slice(0, 60)}`);
    if (/&(?!(lt|gt|amp|quot|apos);)/.test(between + m[3])) throw new Error('unescaped &');
    last = tag.lastIndex;
    const [, closing, name, , selfClosing] = m;
    if (selfClosing) continue;
    if (closing) {
      if (stack.pop() !== name) throw new Error(`mismatched </${name}>`);
    } else stack.push(name!);
  }
  if (/[<>]/.test(body.slice(last))) throw new Error('trailing markup');
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
}
