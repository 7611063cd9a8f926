import { readFileSync } from 'node:fs';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

export const DASHBOARD_FILE = 'deploy/grafana/chatload.json';

/**
 * The parts of Grafana's dashboard JSON model (schemaVersion 39) this dashboard uses, as a
 * TypeBox schema: Grafana is not installable here, so the file is checked against this, and
 * every expression against a real Prometheus (test/e2e/prometheus.e2e.test.ts).
 */
/** Every panel and target reads the dashboard's data-source variable. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a JS template
const DatasourceRef = Type.Object({ type: Type.Literal('prometheus'), uid: Type.Literal('${datasource}') });
const GridPos = Type.Object({
  h: Type.Integer({ minimum: 1 }),
  w: Type.Integer({ minimum: 1, maximum: 24 }),
  x: Type.Integer({ minimum: 0, maximum: 23 }),
  y: Type.Integer({ minimum: 0 }),
});
const Target = Type.Object({ refId: Type.String({ pattern: '^[A-Z]$' }), datasource: DatasourceRef, expr: Type.String({ minLength: 1 }), legendFormat: Type.String() });
const RowPanel = Type.Object({ type: Type.Literal('row'), id: Type.Integer(), title: Type.String({ minLength: 1 }), collapsed: Type.Boolean(), gridPos: GridPos, panels: Type.Array(Type.Unknown(), { maxItems: 0 }) });
const VizPanel = Type.Object({
  type: Type.Union([Type.Literal('timeseries'), Type.Literal('stat')]),
  id: Type.Integer(),
  title: Type.String({ minLength: 1 }),
  description: Type.String({ minLength: 1 }),
  datasource: DatasourceRef,
  gridPos: GridPos,
  fieldConfig: Type.Object({ defaults: Type.Object({ unit: Type.String({ minLength: 1 }) }), overrides: Type.Array(Type.Unknown()) }),
  options: Type.Object({}),
  targets: Type.Array(Target, { minItems: 1 }),
});
const QueryVariable = Type.Object({
  name: Type.String({ pattern: '^[a-z_]+$' }),
  type: Type.Literal('query'),
  datasource: DatasourceRef,
  query: Type.Object({ query: Type.String(), refId: Type.String() }),
  definition: Type.String(),
  includeAll: Type.Boolean(),
  multi: Type.Boolean(),
  allValue: Type.Literal('.*'),
});
const DatasourceVariable = Type.Object({ name: Type.Literal('datasource'), type: Type.Literal('datasource'), query: Type.Literal('prometheus') });
export const DashboardSchema = Type.Object({
  title: Type.String({ minLength: 1 }),
  uid: Type.String({ pattern: '^[a-zA-Z0-9_-]{1,40}$' }),
  schemaVersion: Type.Integer({ minimum: 36 }),
  time: Type.Object({ from: Type.String(), to: Type.String() }),
  refresh: Type.String(),
  templating: Type.Object({ list: Type.Array(Type.Union([DatasourceVariable, QueryVariable])) }),
  panels: Type.Array(Type.Union([RowPanel, VizPanel]), { minItems: 1 }),
});
export type Dashboard = Static<typeof DashboardSchema>;
export type PanelOf<T extends Dashboard['panels'][number]['type']> = Extract<Dashboard['panels'][number], { type: T }>;

/** Reads and checks the dashboard; throws listing every place it breaks the schema. */
export function readDashboard(file = DASHBOARD_FILE): Dashboard {
  const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (Value.Check(DashboardSchema, value)) return value;
  const problems = [...Value.Errors(DashboardSchema, value)].flatMap((e) => {
    // A panel fails the union as a whole; name the field of its own variant instead.
    const panel = /^\/panels\/\d+$/.test(e.path) && typeof e.value === 'object' && e.value !== null && 'type' in e.value ? e.value : undefined;
    if (!panel) return [`${e.path}: ${e.message}`];
    return [...Value.Errors(panel.type === 'row' ? RowPanel : VizPanel, panel)].map((inner) => `${e.path}${inner.path}: ${inner.message}`);
  });
  throw new Error(`${file} does not match the dashboard schema:\n${problems.join('\n')}`);
}

/** Every PromQL expression of the dashboard: each panel target, and each query variable as the selector it lists labels of. */
export function dashboardExpressions(dashboard: Dashboard): { where: string; expr: string }[] {
  const out: { where: string; expr: string }[] = [];
  for (const panel of dashboard.panels) {
    if (panel.type === 'row') continue;
    for (const target of panel.targets) out.push({ where: `panel "${panel.title}" ${target.refId}`, expr: target.expr });
  }
  for (const variable of dashboard.templating.list) {
    if (variable.type !== 'query') continue;
    const match = /^label_values\((.+),\s*([a-z_]+)\)$/.exec(variable.query.query);
    if (!match) throw new Error(`variable ${variable.name}: expected label_values(selector, label), got ${variable.query.query}`);
    out.push({ where: `variable $${variable.name}`, expr: `count by (${match[2]}) (${match[1]})` });
  }
  return out;
}

/** Grafana's built-in variables this dashboard may use. */
export const GRAFANA_BUILTINS = ['__rate_interval', '__interval', '__range'];

/** Replaces `$name` and `${name}` by the given values; anything left is an error. */
export function substitute(expr: string, values: Readonly<Record<string, string>>): string {
  const out = expr.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => values[name] ?? whole);
  if (out.includes('$')) throw new Error(`unresolved variable in ${out}`);
  return out;
}
