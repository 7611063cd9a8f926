import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1';
import { type IJob, Job } from 'kubernetes-models/batch/v1';
import {
  ConfigMap,
  type IConfigMap,
  type IContainer,
  type IPodSpec,
  PersistentVolumeClaim,
  Service,
} from 'kubernetes-models/v1';
import { beforeAll, describe, expect, it } from 'vitest';
import { readDockerStages } from './dockerfile-stages.js';
import { find, idOf, kustomize, printRun, SKIP_KUBECTL } from './k8s-manifests.js';

/**
 * The wiring the CLI relies on, read from what kustomize and deploy/run.sh render: the shard
 * pod runs `chatload run|sim` with no --shard flag, so its index must come from the Indexed Job
 * (JOB_COMPLETION_INDEX, added by the Job controller) and its count from CHATLOAD_SHARD_COUNT,
 * which must equal completions; --start-at comes from the ConfigMap run.sh writes.
 */
const SCENARIO = 'scenarios/smoke.yaml';
const LIVE_ARGS = [
  'run',
  '/etc/chatload/scenario.yaml',
  '--target',
  '$(CHATLOAD_TARGET)',
  '--start-at',
  '$(CHATLOAD_START_AT)',
  '--out',
  '/results/$(CHATLOAD_RUN_ID)/shard-$(JOB_COMPLETION_INDEX)',
  '--no-progress',
  '--metrics-port',
  '9464',
];
const SIM_ARGS = [
  'sim',
  '/etc/chatload/scenario.yaml',
  '--out',
  '/results/$(CHATLOAD_RUN_ID)/shard-$(JOB_COMPLETION_INDEX)',
];

function podOf(workload: IJob | IDeployment): IPodSpec {
  const pod = workload.spec?.template.spec;
  if (!pod) throw new Error(`${idOf(workload).name} has no pod template`);
  return pod;
}

function containerOf(workload: IJob | IDeployment): IContainer {
  const [container, ...others] = podOf(workload).containers;
  expect(others, 'one container per pod').toEqual([]);
  return container!;
}

/** Where each env var of a container comes from: a literal, ConfigMap key or Secret key. */
function envSources(container: IContainer): Record<string, string> {
  const sources: Record<string, string> = {};
  for (const env of container.env ?? []) {
    const configMap = env.valueFrom?.configMapKeyRef;
    const secret = env.valueFrom?.secretKeyRef;
    if (configMap) sources[env.name] = `configMap:${configMap.name}/${configMap.key}`;
    else if (secret) sources[env.name] = `secret:${secret.name}/${secret.key}`;
    else sources[env.name] = `value:${env.value}`;
  }
  return sources;
}

/** $(VAR) references in args: Kubernetes leaves an undefined one as literal text, silently. */
function argVariables(container: IContainer): string[] {
  return [...(container.args ?? []).join(' ').matchAll(/\$\(([A-Z_]+)\)/g)].map((m) => m[1]!).sort();
}

function mountPathOf(container: IContainer, volume: string): string | undefined {
  return container.volumeMounts?.find((m) => m.name === volume)?.mountPath;
}

/** The merge Job's argument list for N shards, as the shard Job's --out names them. */
function mergeArgsFor(shardOut: string, shards: number): string[] {
  const dirs = Array.from({ length: shards }, (_, i) =>
    shardOut.replace('$(JOB_COMPLETION_INDEX)', String(i)),
  );
  return ['merge', ...dirs, '--out', '/results/$(CHATLOAD_RUN_ID)/merged'];
}

function expectIndexedShardJob(job: IJob): void {
  const spec = job.spec!;
  expect(spec.completionMode).toBe('Indexed');
  expect(spec.parallelism).toBe(spec.completions); // every shard at once: they share one start
  expect(spec.backoffLimitPerIndex).toBe(0); // a half-played shard is never replayed
  expect(podOf(job).restartPolicy).toBe('Never'); // nor restarted in place
  expect(spec.suspend).toBe(true); // until run.sh has set the start
  expect(spec.podFailurePolicy?.rules).toEqual([
    { action: 'FailJob', onExitCodes: { containerName: 'chatload', operator: 'In', values: [2, 5] } },
  ]);
}

function expectScenarioAndResultsMounted(job: IJob, pvcName: string): void {
  const container = containerOf(job);
  const volumes = podOf(job).volumes ?? [];
  const scenario = volumes.find((v) => v.name === 'run')?.configMap;
  expect(scenario?.items).toEqual([{ key: 'scenario.yaml', path: 'scenario.yaml' }]);
  expect(`${mountPathOf(container, 'run')}/scenario.yaml`).toBe(container.args?.[1]);
  expect(volumes.find((v) => v.name === 'results')?.persistentVolumeClaim?.claimName).toBe(pvcName);
  expect(mountPathOf(container, 'results')).toBe('/results');
}

describe.skipIf(SKIP_KUBECTL)('the shard Job (kubectl kustomize deploy/k8s/base)', () => {
  let docs: unknown[] = [];
  let shards: IJob;
  let container: IContainer;
  beforeAll(() => {
    docs = kustomize('base');
    shards = find(docs, Job.is, 'chatload-shards');
    container = containerOf(shards);
  });

  it('is an Indexed Job, all shards at once, none replayed, suspended until run.sh resumes it', () => {
    expectIndexedShardJob(shards);
  });

  it('runs the image entrypoint (chatload) with the live shard args, the index and count from the environment', () => {
    expect(container.command).toBeUndefined();
    expect(container.args).toEqual(LIVE_ARGS);
    expect(container.args).not.toContain('--shard');
    expect(argVariables(container)).toEqual([
      'CHATLOAD_RUN_ID',
      'CHATLOAD_START_AT',
      'CHATLOAD_TARGET',
      'JOB_COMPLETION_INDEX',
    ]);
  });

  it('gets JOB_COMPLETION_INDEX from the Job controller, the count, run id and start from ConfigMaps, the token from a Secret', () => {
    expect(envSources(container)).toEqual({
      CHATLOAD_TARGET: 'value:http://chatload-mock:8080',
      CHATLOAD_SHARD_COUNT: 'configMap:chatload-run/shard-count',
      CHATLOAD_RUN_ID: 'configMap:chatload-run/run-id',
      CHATLOAD_START_AT: 'configMap:chatload-start/start-at',
      CHATLOAD_ADMIN_TOKEN: 'secret:chatload-admin/token',
    });
    // Every $(VAR) but the controller's JOB_COMPLETION_INDEX is defined in the container's env.
    const defined = new Set(Object.keys(envSources(container)));
    expect(argVariables(container).filter((v) => !defined.has(v))).toEqual(['JOB_COMPLETION_INDEX']);
  });

  it('reads the scenario from the run ConfigMap and writes to the shared ReadWriteMany volume', () => {
    const pvc = find(docs, PersistentVolumeClaim.is, 'chatload-results');
    expect(pvc.spec?.accessModes).toEqual(['ReadWriteMany']);
    expectScenarioAndResultsMounted(shards, 'chatload-results');
  });

  it('targets the mock Service, and is annotated for Prometheus on the port its --metrics-port names', () => {
    const service = find(docs, Service.is, 'chatload-mock');
    const target = new URL(envSources(container).CHATLOAD_TARGET!.replace('value:', ''));
    expect(target.hostname).toBe(service.metadata?.name);
    expect(Number(target.port)).toBe(service.spec?.ports?.[0]?.port);
    const port = container.args![container.args!.indexOf('--metrics-port') + 1];
    expect(shards.spec?.template.metadata?.annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': port,
      'prometheus.io/path': '/metrics',
    });
    expect(container.ports).toEqual([{ name: 'metrics', containerPort: Number(port) }]);
  });

  it('runs as the non-root user the image declares', () => {
    const [uid] = (
      readDockerStages('deploy/Dockerfile')
        .at(-1)
        ?.instructions.find((i) => i.keyword === 'USER')?.args ?? ''
    ).split(':');
    for (const workload of [
      shards,
      find(docs, Job.is, 'chatload-merge'),
      find(docs, Deployment.is, 'chatload-mock'),
    ]) {
      expect(podOf(workload).securityContext, idOf(workload).name).toMatchObject({
        runAsNonRoot: true,
        runAsUser: Number(uid),
      });
      expect(containerOf(workload).securityContext?.allowPrivilegeEscalation).toBe(false);
    }
  });
});

describe.skipIf(SKIP_KUBECTL)('the merge Job and the mock (kubectl kustomize deploy/k8s/base)', () => {
  let docs: unknown[] = [];
  let shards: IJob;
  let merge: IJob;
  let mock: IDeployment;
  beforeAll(() => {
    docs = kustomize('base');
    shards = find(docs, Job.is, 'chatload-shards');
    merge = find(docs, Job.is, 'chatload-merge');
    mock = find(docs, Deployment.is, 'chatload-mock');
  });

  it('merge: one directory per shard, as the shards name them; one attempt; suspended until the shards complete', () => {
    const shardOut = containerOf(shards).args![containerOf(shards).args!.indexOf('--out') + 1]!;
    expect(containerOf(merge).args).toEqual(mergeArgsFor(shardOut, shards.spec!.completions!));
    expect(merge.spec).toMatchObject({ suspend: true, backoffLimit: 0 });
    expect(merge.spec?.completionMode).toBeUndefined();
    expect(podOf(merge).restartPolicy).toBe('Never');
    expect(podOf(merge).volumes?.find((v) => v.name === 'results')?.persistentVolumeClaim?.claimName).toBe(
      'chatload-results',
    );
    expect(envSources(containerOf(merge))).toEqual({ CHATLOAD_RUN_ID: 'configMap:chatload-run/run-id' });
  });

  it('mock: one replica (one platform), replaced by Recreate, serving off loopback with the admin token from a Secret', () => {
    expect(mock.spec?.replicas).toBe(1);
    expect(mock.spec?.strategy?.type).toBe('Recreate');
    const container = containerOf(mock);
    expect(container.args).toEqual([
      'serve',
      '--host',
      '0.0.0.0',
      '--port',
      '8080',
      '--config',
      '/etc/chatload/mock.yaml',
      '--metrics-port',
      '9465',
    ]);
    expect(envSources(container)).toEqual({ CHATLOAD_ADMIN_TOKEN: 'secret:chatload-admin/token' });
    expect(podOf(mock).volumes?.find((v) => v.name === 'run')?.configMap).toEqual({
      name: 'chatload-run',
      items: [{ key: 'mock.yaml', path: 'mock.yaml' }],
    });
    expect(mountPathOf(container, 'run')).toBe('/etc/chatload');
    expect(mock.spec?.template.metadata?.annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '9465',
      'prometheus.io/path': '/metrics',
    });
    expect(container.livenessProbe).toBeUndefined(); // a restart mid-run would swap the platform
  });

  it('the Service selects the mock pods on the port the mock listens on', () => {
    const service = find(docs, Service.is, 'chatload-mock');
    expect(mock.spec?.template.metadata?.labels).toMatchObject(
      service.spec?.selector ?? { missing: 'selector' },
    );
    expect(mock.spec?.selector.matchLabels).toEqual(service.spec?.selector);
    expect(service.spec?.ports).toEqual([{ name: 'http', port: 8080, targetPort: 'http' }]);
    expect(containerOf(mock).ports?.find((p) => p.name === 'http')?.containerPort).toBe(8080);
  });
});

describe.skipIf(SKIP_KUBECTL)('the sim variant (kubectl kustomize deploy/k8s/overlays/example-sim)', () => {
  it('has the same Indexed Job running `chatload sim`, with no mock, start barrier, token or metrics port', () => {
    const docs = kustomize('overlays/example-sim');
    const shards = find(docs, Job.is, 'chatload-shards');
    expectIndexedShardJob(shards);
    const container = containerOf(shards);
    expect(container.command).toBeUndefined();
    expect(container.args).toEqual(SIM_ARGS);
    expect(envSources(container)).toEqual({
      CHATLOAD_SHARD_COUNT: 'configMap:chatload-run/shard-count',
      CHATLOAD_RUN_ID: 'configMap:chatload-run/run-id',
    });
    expect(container.ports).toBeUndefined();
    expect(shards.spec?.template.metadata?.annotations).toBeUndefined();
    expect(docs.filter((d) => Deployment.is(d) || Service.is(d))).toEqual([]);
    expectScenarioAndResultsMounted(shards, 'chatload-results');
  });
});

describe.skipIf(SKIP_KUBECTL)('deploy/run.sh --print: what a run applies', () => {
  const lead = 90;
  let before = 0;
  let after = 0;
  let docs: unknown[] = [];
  let shards: IJob;
  let container: IContainer;
  let runConfig: IConfigMap | undefined;
  beforeAll(() => {
    before = Date.now();
    docs = printRun([
      '--scenario',
      SCENARIO,
      '--shards',
      '4',
      '--lead',
      `${lead}s`,
      '--run-id',
      'nightly-7',
      '--threshold',
      'errors[130429]<1%',
    ]);
    after = Date.now();
    shards = find(docs, Job.is, 'chatload-shards');
    container = containerOf(shards);
    runConfig = docs.filter(ConfigMap.is).find((c) => c.metadata?.name?.startsWith('chatload-run-'));
  });

  it('CHATLOAD_SHARD_COUNT is the shard count, and equals completions and parallelism', () => {
    expect(shards.spec).toMatchObject({ completions: 4, parallelism: 4 });
    const source = shards.spec?.template.spec?.containers[0]?.env?.find(
      (e) => e.name === 'CHATLOAD_SHARD_COUNT',
    );
    // kustomize renamed the generated ConfigMap (hash suffix) and the reference with it.
    expect(source?.valueFrom?.configMapKeyRef?.name).toBe(runConfig?.metadata?.name);
    expect(runConfig?.data?.['shard-count']).toBe('4');
    expect(runConfig?.data?.['run-id']).toBe('nightly-7');
    expect(shards.spec?.template.spec?.volumes?.find((v) => v.name === 'run')?.configMap?.name).toBe(
      runConfig?.metadata?.name,
    );
  });

  it('ships the scenario file, and the scenario itself as the mock config (it has a mock: block)', () => {
    const scenario = readFileSync(SCENARIO, 'utf8');
    expect(runConfig?.data?.['scenario.yaml']).toBe(scenario);
    expect(runConfig?.data?.['mock.yaml']).toBe(scenario);
  });

  it('--start-at comes from the chatload-start ConfigMap: an ISO-8601 UTC time, now + the lead', () => {
    const start = find(docs, ConfigMap.is, 'chatload-start');
    const startAt = start.data?.['start-at'] ?? '';
    expect(startAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const startMs = Date.parse(startAt);
    // Whole seconds: the start may be up to 1 s before now + lead.
    expect(startMs).toBeGreaterThanOrEqual(before + lead * 1000 - 1000);
    expect(startMs).toBeLessThanOrEqual(after + lead * 1000);
    expect(container.args?.[container.args.indexOf('--start-at') + 1]).toBe('$(CHATLOAD_START_AT)');
    expect(envSources(container).CHATLOAD_START_AT).toBe('configMap:chatload-start/start-at');
  });

  it('the merge gets one directory per shard and the thresholds, each one argument', () => {
    const merge = find(docs, Job.is, 'chatload-merge');
    const shardOut = container.args![container.args!.indexOf('--out') + 1]!;
    expect(containerOf(merge).args).toEqual([
      ...mergeArgsFor(shardOut, 4),
      '--threshold',
      'errors[130429]<1%',
    ]);
  });

  it('puts everything in the one namespace', () => {
    for (const { kind, name, namespace } of docs.map(idOf)) {
      if (kind === 'Namespace') expect(name).toBe('chatload');
      else expect(namespace, `${kind}/${name}`).toBe('chatload');
    }
  });

  it('a scenario without a mock: block gives the mock its defaults; a sim render has no start barrier', () => {
    // A scenario with no mock: block (the smoke scenario without its own).
    const file = join(mkdtempSync(join(tmpdir(), 'chatload-nomock-')), 'no-mock.yaml');
    writeFileSync(file, readFileSync('scenarios/smoke.yaml', 'utf8').replace(/^mock:\n( {2}.*\n)*/m, ''));
    const noMock = printRun([
      '--scenario',
      file,
      '--shards',
      '2',
      '--namespace',
      'load-test',
    ]);
    const config = noMock.filter(ConfigMap.is).find((c) => c.metadata?.name?.startsWith('chatload-run-'));
    expect(config?.data?.['mock.yaml']).toMatch(/^\{\}/);
    expect(noMock.map(idOf).every((id) => id.kind === 'Namespace' || id.namespace === 'load-test')).toBe(
      true,
    );
    const sim = printRun([
      '--scenario',
      SCENARIO,
      '--shards',
      '2',
      '--kustomize',
      'deploy/k8s/overlays/example-sim',
    ]);
    expect(sim.map(idOf).map((id) => id.name)).not.toContain('chatload-start');
  });
});
