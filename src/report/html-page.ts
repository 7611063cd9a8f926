/** HTML text escaping for everything that came from data (names, error codes, thresholds). */
export const escapeHtml = (text: string): string =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** Inline CSS only, system fonts only: the page must open offline, from a CI artefact or an e-mail. */
const STYLE = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #1d1d1f; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: .25rem; }
.meta { color: #555; font-size: .9rem; }
.banner { padding: .6rem .9rem; border-radius: 6px; margin: .75rem 0; font-weight: 600; }
.banner.warn { background: #fff4ce; border: 1px solid #e5c100; } .banner.bad { background: #fde7e9; border: 1px solid #d13438; }
/* Wide tables scroll inside their own box, so the page itself never scrolls sideways. */
table { border-collapse: collapse; font-size: .85rem; margin: .5rem 0; display: block; max-width: 100%; overflow-x: auto; }
th, td { padding: .25rem .55rem; border-bottom: 1px solid #eee; text-align: right; white-space: nowrap; }
th { background: #f5f5f7; position: sticky; top: 0; } td.l, th.l { text-align: left; }
tr.total td { font-weight: 600; border-top: 1px solid #bbb; } tr.group td { background: #fafafa; font-weight: 600; text-align: left; }
.pass { color: #107c10; } .fail { color: #d13438; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
.note { color: #666; font-size: .85rem; }
`;

/** A complete, self-contained page: no script, no external stylesheet, font or image. */
export function htmlPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** A figure wrapping an inline SVG chart, with a data attribute tests and readers can find it by. */
export const htmlFigure = (name: string, svg: string, caption: string): string =>
  `<figure data-plot="${escapeHtml(name)}">${svg}<figcaption class="note">${escapeHtml(caption)}</figcaption></figure>`;
