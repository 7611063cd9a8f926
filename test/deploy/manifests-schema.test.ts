import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { describe, expect, it } from 'vitest';
import {
  find,
  idOf,
  K8S_DIR,
  KUSTOMIZATIONS,
  kustomize,
  nameOf,
  parseManifests,
  printRun,
  rawManifestFiles,
  SKIP_KUBECTL,
  schemaProblems,
} from './k8s-manifests.js';

/** Each manifest's problems against the Kubernetes schemas, keyed by kind/name: {} when valid. */
function problemsOf(docs: readonly unknown[]): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  for (const doc of docs) {
    const found = schemaProblems(doc);
    if (found.length > 0) problems[nameOf(doc)] = found;
  }
  return problems;
}

function kindsAndNames(docs: readonly unknown[]): string[] {
  return docs.map((doc) => `${idOf(doc).kind}/${idOf(doc).name}`).sort();
}

describe('the raw manifest files under deploy/k8s', () => {
  it('each validates against the Kubernetes schemas', () => {
    const files = rawManifestFiles();
    expect(files.map((f) => path.relative(K8S_DIR, f)).sort()).toEqual([
      'base/merge-job.yaml',
      'base/mock-deployment.yaml',
      'base/mock-service.yaml',
      'base/results-pvc.yaml',
      'base/shards-job.yaml',
      'overlays/example/namespace.yaml',
    ]);
    for (const file of files) {
      const docs = parseManifests(readFileSync(file, 'utf8'));
      expect(docs, file).toHaveLength(1);
      expect(problemsOf(docs), file).toEqual({});
    }
  });

  it('the validation can fail: a shard Job with a misspelt completion mode and a string count is rejected', () => {
    const [job] = parseManifests(readFileSync(path.join(K8S_DIR, 'base/shards-job.yaml'), 'utf8'));
    const broken = JSON.parse(
      JSON.stringify(job).replace('"Indexed"', '"Indexd"').replace('"completions":3', '"completions":"3"'),
    );
    const problems = schemaProblems(broken).join('\n');
    expect(problems).toMatch(/completionMode must be equal to one of the allowed values/);
    expect(problems).toMatch(/completions must be integer/);
  });
});

describe.skipIf(SKIP_KUBECTL)('kubectl kustomize deploy/k8s/…', () => {
  it.each(KUSTOMIZATIONS)('%s builds, and every document validates against the Kubernetes schemas', (dir) => {
    const docs = kustomize(dir);
    expect(docs.length).toBeGreaterThan(0);
    expect(problemsOf(docs)).toEqual({});
  });

  it('the live variants hold the mock, the shards, the merge and the results volume; the sim variant no mock', () => {
    const live = [
      'Deployment/chatload-mock',
      'Job/chatload-merge',
      'Job/chatload-shards',
      'PersistentVolumeClaim/chatload-results',
      'Service/chatload-mock',
    ];
    expect(kindsAndNames(kustomize('base'))).toEqual(live);
    expect(kindsAndNames(kustomize('overlays/example'))).toEqual([...live, 'Namespace/chatload'].sort());
    expect(kindsAndNames(kustomize('overlays/example-sim'))).toEqual([
      'Job/chatload-merge',
      'Job/chatload-shards',
      'Namespace/chatload',
      'PersistentVolumeClaim/chatload-results',
    ]);
  });

  it('the example overlay sets the namespace and the image on every object that has them', () => {
    const docs = kustomize('overlays/example');
    for (const { kind, name, namespace } of docs.map(idOf)) {
      if (kind !== 'Namespace') expect(namespace, `${kind}/${name}`).toBe('chatload');
    }
    const images = [find(docs, Job.is, 'chatload-shards'), find(docs, Job.is, 'chatload-merge')]
      .map((job) => job.spec?.template.spec?.containers[0]?.image)
      .concat(find(docs, Deployment.is, 'chatload-mock').spec?.template.spec?.containers[0]?.image);
    expect(images).toEqual(Array(3).fill('registry.example.com/chatload:0.1.0'));
  });

  it.each([
    ['live', 'overlays/example'],
    ['sim', 'overlays/example-sim'],
  ])('deploy/run.sh --print (%s, 4 shards) renders manifests that all validate', (_mode, dir) => {
    const docs = printRun([
      '--scenario',
      'scenarios/smoke.yaml',
      '--shards',
      '4',
      '--kustomize',
      `deploy/k8s/${dir}`,
    ]);
    expect(problemsOf(docs)).toEqual({});
  });
});
