import { describe, expect, it } from 'vitest';
import { hardenText } from '../index.js';

const only = ['BW-0041'];

/** A Pod manifest: `containers` lines as given, and pod spec lines before them. */
const k8sPod = (containers: string, pod = '', meta = '') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n${meta}spec:\n${pod}  containers:\n${containers}`;

describe('BW-0041 fix: seccompProfile type RuntimeDefault (safe, R-G12)', () => {
  it('one container: on the container, in block style', async () => {
    const r = await hardenText({ path: 'pod.yaml', text: k8sPod('  - name: app\n    image: busybox:1.36\n') }, { only });
    expect(r.output).toBe(k8sPod('  - name: app\n    image: busybox:1.36\n    securityContext:\n      seccompProfile:\n        type: RuntimeDefault\n'));
    expect(r.changes.map((c) => `${c.target} ${c.line}:${c.column} ${c.applicability} ${c.detail ?? ''}`)).toEqual(['app 7:5 safe ']);
  });

  it('several containers, none with a profile: once, in the pod securityContext written before them', async () => {
    const containers = '  - name: a\n    image: busybox:1.36\n  - name: b\n    image: busybox:1.36\n';
    const r = await hardenText({ path: 'pod.yaml', text: k8sPod(containers, '  securityContext:\n    fsGroup: 2000\n') }, { only });
    expect(r.output).toBe(k8sPod(containers, '  securityContext:\n    fsGroup: 2000\n    seccompProfile:\n      type: RuntimeDefault\n'));
    expect(r.changes.map((c) => `${c.target} ${c.line}:${c.column} ${c.detail}`)).toEqual(['a 5:1 pod-level securityContext.seccompProfile: applies to every container of the pod (a, b)']);
  });

  it('a profile set only by the legacy pod annotation: the field goes on the pod, the annotation stays', async () => {
    const meta = '  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: runtime/default\n';
    const containers = '  - name: app\n    image: busybox:1.36\n';
    const r = await hardenText({ path: 'pod.yaml', text: k8sPod(containers, '', meta) }, { only });
    expect(r.output).toBe(k8sPod(containers + '  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n', '', meta));
    expect(r.changes.map((c) => `${c.line}:${c.column}`)).toEqual(['6:5']);
  });

  it('does nothing for Compose services (Docker applies its default profile)', async () => {
    const r = await hardenText({ path: 'compose.yaml', text: 'services:\n  a:\n    image: x\n' }, { only });
    expect(r.changes).toEqual([]);
  });
});
