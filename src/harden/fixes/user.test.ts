import { describe, expect, it } from 'vitest';
import { hardenText } from '../index.js';

describe('user fixes (unsafe)', () => {
  it('BW-0004: adds the profile user, quoted, with a bulwark comment', async () => {
    const r = await hardenText({ path: 'compose.yaml', text: 'services:\n  a:\n    image: x\n' }, { only: ['BW-0004'], unsafe: true });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    user: "65532:65532"  # bulwark: non-root uid:gid from the harden profile\n');
  });

  it('BW-0005: replaces user root in place', async () => {
    const r = await hardenText({ path: 'compose.yaml', text: 'services:\n  a:\n    image: x\n    user: root\n' }, { only: ['BW-0005'], unsafe: true, profile: { user: '1000:1000' } });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    user: "1000:1000"\n');
  });

  it('does not touch a user that depends on an unset variable', async () => {
    const text = 'services:\n  a:\n    image: x\n    user: ${APP_UID}\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0004', 'BW-0005'], unsafe: true });
    expect(r.output).toBe(text);
  });

  it('run line: replaces -u 0', async () => {
    const r = await hardenText({ path: 'x.sh', text: 'docker run -u 0 alpine id\n' }, { only: ['BW-0005'], unsafe: true });
    expect(r.output).toBe('# bulwark: --user 65532:65532 set by bulwark harden (profile values: adjust to the service)\ndocker run --user 65532:65532 alpine id\n');
  });
});

/** A Pod manifest with container `app` (extra container lines after its image) and extra pod spec lines before `containers`. */
const k8sPod = (container = '', pod = '') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${pod}  containers:\n  - name: app\n    image: busybox:1.36\n${container}`;

describe('user fixes on Kubernetes: runAsNonRoot, runAsUser, runAsGroup', () => {
  it('BW-0004: the three keys in a new securityContext; BW-0005: runAsUser: 0 replaced where it is written (the pod), noted as pod-level', async () => {
    const r = await hardenText({ path: 'pod.yaml', text: k8sPod() }, { only: ['BW-0004'], unsafe: true, profile: { user: '1000:3000' } });
    expect(r.output).toBe(k8sPod('    securityContext:\n      runAsNonRoot: true\n      runAsUser: 1000  # bulwark: non-root uid:gid from the harden profile\n      runAsGroup: 3000\n'));
    const root = k8sPod('', '  securityContext:\n    runAsUser: 0\n');
    const r5 = await hardenText({ path: 'pod.yaml', text: root }, { only: ['BW-0005'], unsafe: true });
    expect(r5.output).toBe(k8sPod('', '  securityContext:\n    runAsUser: 65532\n    runAsNonRoot: true\n    runAsGroup: 65532\n'));
    expect(r5.changes.map((c) => `${c.line}:${c.column} ${c.detail}`)).toEqual(['7:5 pod-level securityContext.runAsUser: applies to every container of the pod (app)']);
  });
});
