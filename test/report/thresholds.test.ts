import { describe, expect, it } from 'vitest';
import { evaluateThresholds } from '../../src/report/thresholds.js';
import { summarizeSeries } from '../../src/report/series-summary.js';
import { parseThreshold, type ThresholdExpression } from '../../src/scenario/threshold-grammar.js';
import { fixtureRunResult } from './helpers/run-result-fixture.js';

type Want = Partial<
  Pick<ThresholdExpression, 'series' | 'measure' | 'stat' | 'errorCode' | 'limit' | 'op' | 'unit'>
>;

const PARSE_CASES: { name: string; input: string; want?: Want; wantErr?: RegExp }[] = [
  {
    name: 'op p99 in ms',
    input: 'send.p99<250ms',
    want: {
      series: '*/send',
      measure: 'latency',
      stat: { kind: 'percentile', percentile: 99 },
      limit: 250_000,
      op: '<',
    },
  },
  {
    name: 'shape/op p99.9 in s',
    input: 'general-chatbot/send.p99.9<1s',
    want: {
      series: 'general-chatbot/send',
      stat: { kind: 'percentile', percentile: 99.9 },
      limit: 1_000_000,
    },
  },
  {
    name: 'all errors share',
    input: 'errors<1%',
    want: { series: '*/*', measure: 'errors', limit: 0.01, unit: '%' },
  },
  {
    name: 'op errors share',
    input: 'send.errors<0.5%',
    want: { series: '*/send', measure: 'errors', limit: 0.005 },
  },
  {
    name: 'errors by code',
    input: 'errors[130429]<1%',
    want: { series: '*/*', measure: 'errors', errorCode: '130429', limit: 0.01 },
  },
  {
    name: 'errors count',
    input: 'general-chatbot.errors<=10',
    want: { series: 'general-chatbot/*', measure: 'errors', limit: 10, unit: '' },
  },
  {
    name: 'rate',
    input: 'inbound.rate>100/s',
    want: { series: '*/inbound', measure: 'rate', limit: 100, op: '>' },
  },
  {
    name: 'lateness p99',
    input: 'lateness.p99<1ms',
    want: { series: '*/*', measure: 'lateness', limit: 1_000 },
  },
  {
    name: 'shape service p50',
    input: 'customer-service.service.p50<20ms',
    want: { series: 'customer-service/*', measure: 'service', limit: 20_000 },
  },
  {
    name: 'shape/* max in us',
    input: 'general-chatbot/*.max<=900us',
    want: { series: 'general-chatbot/*', stat: { kind: 'max' }, limit: 900, op: '<=' },
  },
  {
    name: 'count with spaces',
    input: ' send.count >= 10 ',
    want: { series: '*/send', measure: 'count', limit: 10, op: '>=' },
  },
  { name: 'no comparison', input: 'send.p99', wantErr: /cannot parse threshold/ },
  { name: 'time without unit', input: 'send.p99<250', wantErr: /needs a unit/ },
  { name: 'rate without /s', input: 'send.rate>5', wantErr: /needs the unit \/s/ },
  { name: 'errors in ms', input: 'errors<5ms', wantErr: /share in %/ },
  { name: 'share over 100%', input: 'errors<150%', wantErr: /cannot exceed 100%/ },
  { name: 'unknown op', input: 'sendd.p99<1s', wantErr: /neither an operation/ },
  { name: 'unknown shape', input: 'bot/send.p99<1s', wantErr: /unknown shape "bot"/ },
  { name: 'unknown metric', input: 'send.p99x<1s', wantErr: /unknown metric/ },
  { name: 'percentile over 100', input: 'send.p101<1s', wantErr: /outside/ },
];

describe('parseThreshold', () => {
  for (const c of PARSE_CASES) {
    it(c.name, () => {
      const parsed = parseThreshold(c.input);
      if (c.wantErr) {
        expect(parsed.ok).toBe(false);
        if (!parsed.ok) expect(parsed.error).toMatch(c.wantErr);
        return;
      }
      expect(parsed.ok, parsed.ok ? '' : parsed.error).toBe(true);
      if (parsed.ok) expect(parsed.value).toMatchObject(c.want!);
    });
  }
});

const series = summarizeSeries(fixtureRunResult().series, fixtureRunResult().elapsedUs);
const p99 = (key: string) => series.find((s) => s.key === key)!.latencyUs.p99;

const VERDICT_CASES: {
  name: string;
  input: string;
  wantPass: boolean;
  wantDetail: RegExp;
  wantActual?: number | null;
}[] = [
  {
    name: 'p99 over the limit',
    input: 'send.p99<250ms',
    wantPass: false,
    wantDetail: /^send\.p99 was \d+(\.\d)?ms, \d+(\.\d)?ms over the 250ms limit$/,
    wantActual: p99('*/send') / 1000,
  },
  {
    name: 'p99 under the limit',
    input: 'customer-service/send.p99<1s',
    wantPass: true,
    wantDetail: /under the 1s limit/,
  },
  {
    name: 'errors share under',
    input: 'errors<1%',
    wantPass: true,
    wantDetail: /^errors was 0\.\d\d%, 0\.\d\d points under the 1% limit$/,
  },
  {
    name: 'errors share of one op over',
    input: 'general-chatbot/send.errors<0.5%',
    wantPass: false,
    wantDetail: /0\.95%, 0\.45 points over/,
    wantActual: 0.95,
  },
  {
    name: 'errors by code',
    input: 'errors[http_503]<=4',
    wantPass: true,
    wantDetail: /exactly at the 4 limit/,
  },
  {
    name: 'rate below minimum',
    input: 'inbound.rate>1000/s',
    wantPass: false,
    wantDetail: /below the 1000\/s minimum/,
  },
  {
    name: 'rate above minimum',
    input: 'inbound.rate>=10/s',
    wantPass: true,
    wantDetail: /above the 10\/s minimum/,
  },
  {
    name: 'lateness over',
    input: 'general-chatbot.lateness.p99<1ms',
    wantPass: false,
    wantDetail: /lateness\.p99 was 3\.00ms/,
  },
  {
    name: 'no completions: fails with a reason',
    input: 'typing.p99<1s',
    wantPass: false,
    wantDetail: /no latency was recorded for \*\/typing operations/,
    wantActual: null,
  },
  { name: 'absent op: zero errors pass', input: 'template.errors<1%', wantPass: true, wantDetail: /0\.00%/ },
  {
    name: 'other percentile from the histogram',
    input: 'send.p75<1s',
    wantPass: true,
    wantDetail: /under the 1s limit/,
  },
  {
    name: 'unparsable text fails',
    input: 'send.p99<',
    wantPass: false,
    wantDetail: /cannot parse/,
    wantActual: null,
  },
];

describe('evaluateThresholds', () => {
  for (const c of VERDICT_CASES) {
    it(c.name, () => {
      const [verdict] = evaluateThresholds(series, [c.input]);
      expect(verdict!.pass).toBe(c.wantPass);
      expect(verdict!.detail).toMatch(c.wantDetail);
      if (c.wantActual !== undefined) expect(verdict!.actual).toBe(c.wantActual);
      expect(verdict!.source).toBe(c.input);
    });
  }
});
