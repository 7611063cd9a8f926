/**
 * Threshold expressions (provisional grammar; report/thresholds.ts evaluates them).
 *
 *   threshold := metric op value
 *   metric    := [shape "/"] op-kind "." stat   |  "errors"  |  [shape "/"] op-kind ".errors"
 *   stat      := p50 | p90 | p99 | p99.9 | max | mean | rate
 *   op        := "<" | "<=" | ">" | ">="
 *   value     := number [unit]      unit := us | ms | s | % | /s
 */
export interface ThresholdExpression {
  readonly source: string;
  readonly metric: string;
  readonly op: '<' | '<=' | '>' | '>=';
  readonly value: number;
  readonly unit: string;
}

const THRESHOLD_RE = /^\s*([A-Za-z0-9_./-]+)\s*(<=|>=|<|>)\s*(\d+(?:\.\d+)?)\s*(us|ms|s|%|\/s)?\s*$/;

export function parseThreshold(source: string): { ok: true; value: ThresholdExpression } | { ok: false; error: string } {
  const match = THRESHOLD_RE.exec(source);
  if (!match) return { ok: false, error: `cannot parse threshold "${source}"; expected e.g. "send.p99<250ms" or "errors<1%"` };
  return {
    ok: true,
    value: { source, metric: match[1]!, op: match[2] as ThresholdExpression['op'], value: Number(match[3]), unit: match[4] ?? '' },
  };
}
