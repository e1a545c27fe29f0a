/**
 * `bulwark harden` on Kubernetes manifests as users run it (the built dist/cli.js, or BULWARK_CLI): explanation
 * with the pod-level detail and the note that nothing is started, the unified diff, exit codes (1 changes pending,
 * 0 written or nothing to change, 2 input error), --write, stdin with --kind kubernetes, a directory walk that
 * picks manifests up, --format json, and the secret masked in the diff (R-S).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusPath } from '../support/corpus.js';

const CLI = resolve(process.env.BULWARK_CLI ?? 'dist/cli.js');

function run(args: string[], opts: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(process.execPath, [CLI, 'harden', ...args], { cwd: opts.cwd, input: opts.input ?? '', encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const DEMO = readFileSync(corpusPath('k8s/k8s-docs-security-context-demo-pod.yaml'), 'utf8');
const ADDED = '      capabilities:\n        drop:\n        - NET_RAW\n      seccompProfile:\n        type: RuntimeDefault\n';

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'bulwark-k8h-'));
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(join(d, p, '..'), { recursive: true });
    writeFileSync(join(d, p), t);
  }
  return d;
}

describe('bulwark harden on Kubernetes manifests (CLI)', () => {
  it('prints the changes, the note that nothing is started, and the diff; writes nothing; exits 1', () => {
    const d = dir({ 'pod.yaml': DEMO });
    const r = run(['pod.yaml'], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      'pod.yaml: 2 changes (2 safe, 0 unsafe)\n' +
        '  13:5  sec-ctx-demo  BW-0003  drop NET_RAW: no raw or packet sockets  [safe]\n' +
        "  13:5  sec-ctx-demo  BW-0041  set seccompProfile type RuntimeDefault: the runtime's default seccomp profile filters syscalls  [safe]\n" +
        '  BW-0003 stops ARP spoofing and traffic interception of neighbouring containers on the bridge — R-A, R-M; may break: ping and other tools that open raw sockets (ping works through unprivileged ICMP sockets on kernels that allow it)\n' +
        "  BW-0041 stops kernel exploits through rarely used syscalls (keyctl, userfaultfd, unshare of new user namespaces) from an Unconfined container — R-K, R-B; may break: software that needs a syscall the runtime's default profile blocks (some debuggers, nested containers) fails with EPERM until a Localhost profile allows it\n" +
        '  note: Kubernetes edits are checked by a new audit of the output only; bulwark does not apply them to a cluster or start the pods\n' +
        '  4 more findings have unsafe fixes: run with --unsafe-fixes to apply them\n' +
        '--- a/pod.yaml\n+++ b/pod.yaml\n@@ -17,3 +17,8 @@\n       mountPath: /data/demo\n     securityContext:\n       allowPrivilegeEscalation: false\n' +
        ADDED.replace(/^(?=.)/gm, '+'),
    );
    expect(readFileSync(join(d, 'pod.yaml'), 'utf8')).toBe(DEMO);
  });

  it('--write in a directory walk hardens the manifest (exit 0); a second run has nothing to change', () => {
    const d = dir({ 'k8s/pod.yaml': DEMO, 'k8s/notes.txt': 'not a manifest\n' });
    const r = run(['--write', '.'], { cwd: d });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('bulwark: wrote 1 file\n');
    expect(readFileSync(join(d, 'k8s/pod.yaml'), 'utf8')).toBe(DEMO + ADDED);
    const again = run(['k8s/pod.yaml'], { cwd: d });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('k8s/pod.yaml: nothing to change\n  4 more findings have unsafe fixes: run with --unsafe-fixes to apply them\n');
  });

  it('stdin with --kind kubernetes: the hardened manifest on stdout, exit 0', () => {
    const r = run(['--kind', 'kubernetes', '-'], { input: DEMO });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(DEMO + ADDED);
  });

  it('--unsafe-fixes --format json: the pod-level detail of each change; the password masked in the diff', () => {
    const text = readFileSync(corpusPath('k8s/kube-prometheus-node-exporter-daemonset-hostpid-hostnet.yaml'), 'utf8');
    const d = dir({ 'ne.yaml': text, 'fl.yaml': readFileSync(corpusPath('k8s/fluentd-es-daemonset-literal-password-hostpath-varlog.yaml'), 'utf8') });
    const r = run(['--unsafe-fixes', '--format', 'json', 'ne.yaml'], { cwd: d });
    expect(r.code).toBe(1);
    const [res] = JSON.parse(r.stdout) as { kind: string; changes: { ruleId: string; detail?: string }[] }[];
    expect(res.kind).toBe('kubernetes');
    expect(res.changes.map((c) => `${c.ruleId} ${c.detail ?? '-'}`)).toEqual([
      'BW-0041 pod-level securityContext.seccompProfile: applies to every container of the pod (node-exporter, kube-rbac-proxy)',
      'BW-0002 -',
      'BW-0015 pod-level hostNetwork: applies to every container of the pod (node-exporter, kube-rbac-proxy)',
      'BW-0016 pod-level hostPID: applies to every container of the pod (node-exporter, kube-rbac-proxy)',
      'BW-0011 -',
      'BW-0011 -',
    ]);
    const fl = run(['--unsafe-fixes', 'fl.yaml'], { cwd: d });
    expect(fl.code).toBe(1);
    expect(fl.stdout).not.toContain('changeme');
    expect(fl.stdout).toContain('-            value: **********\n');
  });

  it('a Helm chart template: one line naming the file and line, exit 2, nothing written', () => {
    const tpl = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  containers:\n  - name: app\n    image: {{ .Values.image }}\n';
    const d = dir({ 'pod.yaml': tpl });
    const r = run(['--write', '--kind', 'kubernetes', 'pod.yaml'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('bulwark: pod.yaml:4:9: a Helm chart template, not a manifest: render it first (helm template <chart> | bulwark audit --kind kubernetes -)\n');
    expect(readFileSync(join(d, 'pod.yaml'), 'utf8')).toBe(tpl);
  });
});
