import type { TopLevelSpec } from 'vega-lite';

/** House look for every chart: system fonts only (no web fonts), white background, fixed size. */
export const PLOT_CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
  background: 'white',
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, anchor: 'start' as const },
};

export const PLOT_WIDTH = 640;
export const PLOT_HEIGHT = 280;

/**
 * Renders a vega-lite spec to an SVG string in Node (headless vega View, no canvas, no DOM),
 * so reports need no browser and carry no script.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Loaded on first use: vega and vega-lite are a third of every CLI start-up otherwise.
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = compile({
    ...spec,
    config: { ...PLOT_CONFIG, ...(spec.config ?? {}) },
  } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** An SVG for inlining in HTML: namespace declarations are not needed there (and name no resource). */
export const inlineSvg = (svg: string): string => svg.replace(/\s+xmlns(:\w+)?="[^"]*"/g, '');
