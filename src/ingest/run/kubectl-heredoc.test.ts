/**
 * Kubernetes manifests a script or a document applies with a heredoc (`kubectl apply -f - <<EOF`,
 * `kubectl create -f - <<EOF`, `cat <<EOF | kubectl apply -f -`) are audited in place, positions in the outer
 * file's lines, as Compose heredocs are (compose-heredoc.test.ts). Heredocs fed to a shell stay scripts.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

async function rows(path: string, text: string, ids?: string[]) {
  const r = await auditSources([{ path, text }], { env: {} });
  return {
    rows: r.findings
      .filter((f) => !ids || ids.includes(f.ruleId))
      .map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.severity}${f.certainty === 'unknown' ? ' unknown' : ''} ${f.target.kind}:${f.target.name}`),
    errors: r.errors.map((e) => `${e.line}:${e.column} ${e.code} ${e.message}`),
    text: r.sources.get(path)!.text,
    findings: r.findings,
  };
}

const PRIVILEGED_POD = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: node-shell', 'spec:', '  hostPID: true', '  containers:', '  - name: shell', '    image: alpine:3.20', '    securityContext:', '      privileged: true'];

describe('a Kubernetes manifest in a heredoc of a shell script', () => {
  it('`kubectl apply -f - <<EOF`: the privileged hostPID pod is audited at the script lines', async () => {
    const text = ['#!/bin/sh', 'kubectl apply -f - <<EOF', ...PRIVILEGED_POD, 'EOF', ''].join('\n');
    const r = await rows('deploy.sh', text, ['BW-0001', 'BW-0016', 'BW-0027']);
    expect(r.rows).toEqual(['8:3 BW-0016 high container:shell', '11:12 BW-0027 info container:shell', '13:7 BW-0001 critical container:shell']);
    expect(r.errors).toEqual([]);
    const priv = r.findings.find((f) => f.ruleId === 'BW-0001')!;
    expect([priv.location.endLine, priv.location.endColumn]).toEqual([13, 23]);
    expect(priv.target.workload).toEqual({ kind: 'Pod', name: 'node-shell' });
    // The Kubernetes remediation, not the docker run one.
    expect(priv.remediation).toMatch(/^securityContext:\n  privileged: false\n/);
  });

  it('`kubectl create -f - <<\'EOF\'` and `cat <<EOF | kubectl apply -f -`; Secret values and env secrets masked; `$VAR` images unknown', async () => {
    const text = [
      '#!/bin/bash',
      'IMAGE=nginx:1.25',
      'cat <<EOF | kubectl apply -f -',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p1}',
      'spec:',
      '  containers:',
      '  - name: web',
      '    image: $IMAGE',
      '    env:',
      '    - {name: API_TOKEN, value: "hunter2secretvalue"}',
      'EOF',
      "kubectl create -f - <<'EOF'",
      'apiVersion: v1',
      'kind: Secret',
      'metadata: {name: s}',
      'stringData: {password: "Sup3rS3cretPw"}',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p2}',
      'spec:',
      '  hostNetwork: true',
      '  containers: [{name: d, image: "busybox:1"}]',
      'EOF',
      '',
    ].join('\n');
    const r = await rows('deploy.sh', text, ['BW-0015', 'BW-0026', 'BW-0027']);
    expect(r.rows).toEqual(['10:12 BW-0027 info unknown container:web', '12:7 BW-0026 high container:web', '24:3 BW-0015 high container:d', '25:33 BW-0027 info container:d']);
    expect(r.errors).toEqual([]);
    const lines = r.text.split('\n');
    expect(lines[11]).toBe('    - {name: API_TOKEN, value: ********************}');
    expect(lines[17]).toBe('stringData: {password: ***************}');
  });

  it('a heredoc fed to a shell is a script; a `<<-` body indented with tabs and YAML that is no manifest are not audited', async () => {
    const text = [
      'bash <<EOF',
      ...PRIVILEGED_POD,
      'EOF',
      'kubectl apply -f - <<-EOF',
      ...PRIVILEGED_POD.map((l) => '\t' + l),
      '\tEOF',
      'kubectl apply -f - <<EOF',
      'foo: bar',
      'privileged: true',
      'EOF',
      '',
    ].join('\n');
    const r = await rows('x.sh', text);
    expect(r.rows).toEqual([]);
    expect(r.errors).toEqual([]);
  });
});

describe('a Kubernetes manifest in a heredoc of a Markdown shell block', () => {
  it('is audited at the document lines, beside a Compose heredoc of another block', async () => {
    const md = [
      'Create the debug pod:',
      '',
      '```bash',
      'kubectl apply -f - <<EOF',
      ...PRIVILEGED_POD,
      'EOF',
      '```',
      '',
      '```sh',
      'cat <<EOF > compose.yaml',
      'services:',
      '  web: {image: "nginx:1", privileged: true}',
      'EOF',
      '```',
      '',
    ].join('\n');
    const r = await rows('README.md', md, ['BW-0001', 'BW-0016']);
    expect(r.rows).toEqual(['10:3 BW-0016 high container:shell', '15:7 BW-0001 critical container:shell', '22:39 BW-0001 critical service:web']);
    expect(r.errors).toEqual([]);
  });
});
