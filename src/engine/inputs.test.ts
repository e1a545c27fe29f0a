import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectInputs } from './inputs.js';

// QA (inspect files): a `docker inspect` output cut short, or hand-edited with a trailing comma, was reported as
// "JSON that is neither docker inspect output nor a daemon.json" instead of the syntax error and its position.
describe('collectInputs: a *.json file no kind claims', () => {
  const errorsFor = async (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-inputs-'));
    try {
      writeFileSync(join(dir, 'web.json'), text);
      const r = await collectInputs(['web.json'], { cwd: dir, maxFileSize: 1 << 20 });
      return r.errors.map((e) => `${e.line ?? '-'}:${e.column ?? '-'} ${e.code} ${e.message}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  it('a trailing comma: a parse error at the closing brace', async () => {
    expect(await errorsFor('[\n  {\n    "Id": "abc",\n    "Name": "/web",\n  }\n]\n')).toEqual(['5:3 parse not valid JSON: Expected double-quoted property name']);
  });
  it('cut short: a parse error at the end of the text', async () => {
    expect(await errorsFor('[\n  {\n    "Id": "abc",\n    "State": {\n')).toEqual(['5:1 parse not valid JSON: Expected property name or \'}\'']);
  });
  it('valid JSON of another kind: still unsupported', async () => {
    expect(await errorsFor('[]')).toEqual(['-:- unsupported JSON that is neither docker inspect output nor a daemon.json; pass --kind inspect or --kind daemon']);
  });
});

// QA: a directory scan over a Helm chart said "nothing to audit" and exited 0, though its templates define a
// privileged DaemonSet; the same template given by name is an input error. One error per chart, with containers only.
describe('collectInputs: Helm chart templates in a directory scan', () => {
  it('one unsupported error per chart whose templates define containers; helpers and plain charts are quiet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-helm-'));
    try {
      const { mkdirSync } = await import('node:fs');
      mkdirSync(join(dir, 'charts/agent/templates'), { recursive: true });
      mkdirSync(join(dir, 'charts/config/templates'), { recursive: true });
      writeFileSync(join(dir, 'charts/agent/Chart.yaml'), 'apiVersion: v2\nname: agent\nversion: 0.1.0\n');
      writeFileSync(join(dir, 'charts/agent/templates/ds.yaml'), 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          image: x:1\n          securityContext: {privileged: true}\n');
      writeFileSync(join(dir, 'charts/agent/templates/job.yaml'), 'kind: Job\nmetadata:\n  name: {{ .Release.Name }}-job\nspec:\n  template:\n    spec:\n      initContainers:\n        - name: i\n          image: y:1\n');
      writeFileSync(join(dir, 'charts/agent/templates/_helpers.tpl'), '{{- define "x.name" -}}\nx\n{{- end }}\n');
      writeFileSync(join(dir, 'charts/config/templates/cm.yaml'), 'kind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata: {}\n');
      const r = await collectInputs(['charts'], { cwd: dir, maxFileSize: 1 << 20 });
      expect(r.inputs.map((i) => i.path)).toEqual([]);
      expect(r.errors.map((e) => `${e.file} ${e.code} ${e.message}`)).toEqual([
        'charts/agent unsupported Helm chart not audited: 2 templates with containers describe no container until rendered; audit the output of `helm template charts/agent > rendered.yaml` (or list the chart under ignore: in .bulwark.yaml)',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// QA: a manifest with a Helm action outside a chart (`image: "{{ .Values.image }}"`) said "nothing to audit" and exited 0
// in a directory scan, and "cannot tell what kind of file this is" by name: one input error at the action, either way.
describe('collectInputs: a templated manifest outside a chart', () => {
  const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: "{{ .Values.image }}"\n          securityContext:\n            privileged: true\n';
  it('is an unsupported input error at the action, in a scan and by name; a rendered manifest is audited', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-tpl-'));
    try {
      const { mkdirSync } = await import('node:fs');
      mkdirSync(join(dir, 'k8s'));
      writeFileSync(join(dir, 'k8s/deploy.yaml'), DEPLOY);
      writeFileSync(join(dir, 'k8s/ok.yaml'), DEPLOY.replace('"{{ .Values.image }}"', 'example/web:1.0'));
      const msg = 'unsupported a Helm template, not a manifest: render it first (helm template <chart> | bulwark audit --kind kubernetes -)';
      for (const paths of [['k8s'], ['k8s/deploy.yaml', 'k8s/ok.yaml']]) {
        const r = await collectInputs(paths, { cwd: dir, maxFileSize: 1 << 20 });
        expect(r.inputs.map((i) => `${i.path} ${i.kind}`)).toEqual(['k8s/ok.yaml kubernetes']);
        expect(r.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.code} ${e.message}`)).toEqual([`k8s/deploy.yaml:10:19 ${msg}`]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
