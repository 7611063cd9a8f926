import { KindGuard, type TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';

/** One schema violation: a JSON-pointer-like path as parts, and what was expected. */
export interface SchemaIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

const DISCRIMINANTS = ['dist', 'shape'] as const;

function pathParts(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function literalOf(schema: TSchema, key: string): unknown {
  const property = KindGuard.IsObject(schema) ? schema.properties[key] : undefined;
  return property && KindGuard.IsLiteral(property) ? property.const : undefined;
}

function describe(schema: TSchema, fallback: string): string {
  if (KindGuard.IsUnion(schema)) {
    for (const key of DISCRIMINANTS) {
      const options = schema.anyOf.map((variant) => literalOf(variant, key)).filter((v) => v !== undefined);
      if (options.length === schema.anyOf.length)
        return `an object with ${key}: one of ${options.join(', ')}`;
    }
  }
  return schema.description ?? fallback;
}

/**
 * Every violation of `schema` by `value`, at once. For unions with a discriminant field
 * (`dist`, `shape`) the errors of the matching variant are reported instead of TypeBox's
 * generic "expected union value", so the user learns which field of their variant is wrong.
 */
export function schemaIssues(
  schema: TSchema,
  value: unknown,
  prefix: readonly (string | number)[] = [],
): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  for (const error of Value.Errors(schema, value)) {
    const path = [...prefix, ...pathParts(error.path)];
    if (error.type === ValueErrorType.Union && KindGuard.IsUnion(error.schema)) {
      const variant = pickVariant(error.schema.anyOf, error.value);
      if (variant) {
        issues.push(...schemaIssues(variant, error.value, path));
        continue;
      }
      issues.push({ path, message: `expected ${describe(error.schema, 'one of the allowed forms')}` });
      continue;
    }
    if (error.type === ValueErrorType.ObjectAdditionalProperties) {
      const key = path[path.length - 1];
      const known = KindGuard.IsObject(error.schema) ? Object.keys(error.schema.properties) : [];
      const hint = known.length > 0 ? `; expected one of: ${known.join(', ')}` : '';
      issues.push({ path, message: `unknown field "${String(key)}"${hint}` });
      continue;
    }
    issues.push({ path, message: lowerFirst(error.message) });
  }
  return dedupe(issues);
}

function pickVariant(variants: TSchema[], value: unknown): TSchema | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  for (const key of DISCRIMINANTS) {
    if (!(key in record)) continue;
    const match = variants.find((variant) => literalOf(variant, key) === record[key]);
    if (match) return match;
  }
  return undefined;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function dedupe(issues: SchemaIssue[]): SchemaIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path.join('.')}|${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
