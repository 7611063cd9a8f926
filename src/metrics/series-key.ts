import type { OpKind, ShapeName } from '../traffic/operation.js';

/** Histograms and counters are kept per (traffic shape, operation kind): "general-chatbot/send". */
export type SeriesKey = `${ShapeName}/${OpKind}`;

export function seriesKey(shape: ShapeName, op: OpKind): SeriesKey {
  return `${shape}/${op}`;
}

export function splitSeriesKey(key: string): { shape: ShapeName; op: OpKind } {
  const slash = key.indexOf('/');
  return { shape: key.slice(0, slash) as ShapeName, op: key.slice(slash + 1) as OpKind };
}
