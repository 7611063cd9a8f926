import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { ConfigMap, Namespace, PersistentVolumeClaim, Secret, Service } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';

/** Where the manifests live; tests run from the repository root, like the other suites. */
export const K8S_DIR = path.resolve('deploy/k8s');
export const RUN_SH = path.resolve('deploy/run.sh');
export const LOCAL_SHARDS_SH = path.resolve('deploy/local-shards.sh');
export const KUSTOMIZATIONS = ['base', 'overlays/example', 'overlays/example-sim'] as const;

const kubectlFound = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
/** Missing kubectl skips the kustomize tests with a message here, and fails them in CI. */
export const SKIP_KUBECTL = !kubectlFound && !process.env.CI;
if (SKIP_KUBECTL) {
  console.warn(
    'deploy tests: kubectl is not on PATH, so `kubectl kustomize` and deploy/run.sh --print are skipped',
  );
}

function requireKubectl(): void {
  if (!kubectlFound) {
    throw new Error('kubectl is not on PATH: CI must have it (the machine image ships /usr/bin/kubectl)');
  }
}

/** Every document of a YAML stream, as parsed data; a YAML syntax error fails loudly. */
export function parseManifests(text: string): unknown[] {
  return parseAllDocuments(text).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`YAML: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS();
  });
}

export function kustomize(dir: string): unknown[] {
  requireKubectl();
  return parseManifests(
    execFileSync('kubectl', ['kustomize', path.join(K8S_DIR, dir)], { encoding: 'utf8' }),
  );
}

export interface ScriptRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runScript(script: string, args: readonly string[]): ScriptRun {
  const result = spawnSync('bash', [script, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** deploy/run.sh --print: the manifests a run would apply, rendered without a cluster. */
export function printRun(args: readonly string[]): unknown[] {
  requireKubectl();
  const run = runScript(RUN_SH, [...args, '--print']);
  if (run.status !== 0) throw new Error(`run.sh --print exited ${run.status}:\n${run.stderr}`);
  return parseManifests(run.stdout);
}

/** The raw manifest files: every YAML file under deploy/k8s that is not a kustomization. */
export function rawManifestFiles(dir = K8S_DIR): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return rawManifestFiles(file);
    return name.endsWith('.yaml') && name !== 'kustomization.yaml' ? [file] : [];
  });
}

/** What every kubernetes-models class offers: a kind guard and a validating instance. */
interface KindModel<T> {
  is(value: unknown): value is T;
  new (data: T): { validate(): void };
}

/** Validates data with one model if it is that model's kind; undefined when it is another kind. */
function validateAs<T>(model: KindModel<T>, doc: unknown): string[] | undefined {
  if (!model.is(doc)) return undefined;
  try {
    new model(doc).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

/**
 * Problems of one manifest against the Kubernetes schemas (kubernetes-models): types, enums and
 * required fields. An unknown key is not one of them; the wiring tests read every field that
 * matters by its real name, so a misspelt key fails there.
 */
export function schemaProblems(doc: unknown): string[] {
  const checks = [
    (d: unknown) => validateAs(Namespace, d),
    (d: unknown) => validateAs(ConfigMap, d),
    (d: unknown) => validateAs(Secret, d),
    (d: unknown) => validateAs(Service, d),
    (d: unknown) => validateAs(PersistentVolumeClaim, d),
    (d: unknown) => validateAs(Deployment, d),
    (d: unknown) => validateAs(Job, d),
  ];
  for (const check of checks) {
    const problems = check(doc);
    if (problems !== undefined) return problems;
  }
  return [`no Kubernetes model for this manifest: ${JSON.stringify(doc).slice(0, 120)}`];
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && key in value
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** What identifies a manifest, read from untyped data. */
export interface ManifestId {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
}

export function idOf(doc: unknown): ManifestId {
  const meta = field(doc, 'metadata');
  return {
    kind: text(field(doc, 'kind')) ?? '(no kind)',
    name: text(field(meta, 'name')) ?? '(unnamed)',
    namespace: text(field(meta, 'namespace')),
  };
}

export function nameOf(doc: unknown): string {
  return idOf(doc).name;
}

/** The one manifest of a kind and name; fails the test when absent. */
export function find<T>(docs: readonly unknown[], guard: (value: unknown) => value is T, name: string): T {
  const found = docs.filter((d): d is T => guard(d) && nameOf(d) === name);
  if (found.length !== 1) throw new Error(`expected one manifest named ${name}, found ${found.length}`);
  return found[0]!;
}
