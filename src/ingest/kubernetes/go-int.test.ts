/**
 * kubectl reads manifests with goyaml.v2, whose ints are YAML 1.1's: `runAsUser: 0x0`, `0o0`, `-0`, `0_0`, `0b0` are
 * all uid 0 (QA: each was read as another user or as an input error, and root went unreported). R-K, CIS 5.x / PSS.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { goInt } from './nodes.js';

const pod = (v: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: uid}\nspec:\n  containers:\n    - name: a\n      image: example/a:1\n      securityContext:\n        runAsUser: ${v}\n`;

describe('runAsUser spelled as a Go (YAML 1.1) int', () => {
  it.each(['0x0', '0o0', '-0', '0_0', '0b0', '00'])('%s is root: BW-0005 at the runAsUser entry', async (v) => {
    const r = await auditSources([{ path: 'pod.yaml', text: pod(v) }], { env: {} });
    expect(r.findings.filter((f) => f.ruleId === 'BW-0005').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.message}`)).toEqual(['9:9 container runs as root (user 0)']);
    expect(r.errors).toEqual([]);
  });
  it('goInt', () => {
    expect(['0x3E8', '0o1750', '01750', '1_000', '0b1111101000', '+1000', '-1', '1e3', 'abc', ''].map(goInt)).toEqual([1000, 1000, 1000, 1000, 1000, 1000, -1, undefined, undefined, undefined]);
  });
});

describe('pod-level resources (Kubernetes 1.34 beta: spec.resources caps every container)', () => {
  it('a pod-level limit counts for a container without its own; a missing one is still reported (QA)', async () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: podres}\nspec:\n  resources: {limits: {memory: 1Gi}}\n  containers: [{name: a, image: example/a:1}]\n';
    const r = await auditSources([{ path: 'pod.yaml', text }], { env: {} });
    expect(r.findings.filter((f) => f.ruleId === 'BW-0008' || f.ruleId === 'BW-0009').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId}`)).toEqual(['6:17 BW-0009']);
  });
});
