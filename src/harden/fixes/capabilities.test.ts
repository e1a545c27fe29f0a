import { describe, expect, it } from 'vitest';
import { hardenText } from '../index.js';

const only = ['BW-0003'];

/** The not-fixed note of BW-0003 on a privileged container (`at`: file:line:column of the finding). */
const PRIVILEGED_NOTE = (name: string, at: string) =>
  `${name}: BW-0003: ${at}: the container is privileged: it holds every capability whatever cap_drop says, so a drop takes effect only once privileged mode is removed (BW-0001)`;

describe('BW-0003 fixes: capabilities', () => {
  it('safe: drops NET_RAW', async () => {
    const r = await hardenText({ path: 'compose.yaml', text: 'services:\n  a:\n    image: x\n' }, { only });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    cap_drop:\n      - NET_RAW\n');
    expect(r.changes[0]).toMatchObject({ ruleId: 'BW-0003', applicability: 'safe', line: 2, column: 3 });
    expect(r.unsafeAvailable).toBe(1);
  });

  it('safe: adds NET_RAW to an existing cap_drop list', async () => {
    const r = await hardenText({ path: 'compose.yaml', text: 'services:\n  a:\n    image: x\n    cap_drop: [MKNOD]\n' }, { only });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    cap_drop: [MKNOD, NET_RAW]\n');
  });

  it('unsafe: drops ALL and adds back the profile capabilities not already added', async () => {
    const text = 'services:\n  a:\n    image: x\n    cap_add:\n      - CHOWN\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true, profile: { keepCapabilities: ['CHOWN', 'SETUID'] } });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    cap_add:\n      - CHOWN\n      - SETUID\n    cap_drop:\n      - ALL\n');
    expect(r.changes.map((c) => c.applicability)).toEqual(['unsafe']);
  });

  // QA: a privileged Docker-in-Docker service with cap_drop: [ALL] got a second ALL (compose-spec cap_drop is uniqueItems).
  it('unsafe: a privileged service that drops ALL already: only privileged goes, cap_drop is left as written', async () => {
    const text = 'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    cap_drop:\n      - ALL\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0001', 'BW-0003'], unsafe: true });
    expect(r.output).toBe('services:\n  dind:\n    image: docker:27-dind\n    cap_drop:\n      - ALL\n');
    expect(r.changes.map((c) => `${c.ruleId} ${c.line}:${c.column}`)).toEqual(['BW-0001 4:17']);
    const run = await hardenText({ path: 'x.sh', text: 'docker run --privileged --cap-drop=all --rm docker:27-dind\n' }, { only: ['BW-0001', 'BW-0003'], unsafe: true });
    expect(run.output).toBe('docker run --cap-drop=all --rm docker:27-dind\n');
  });

  it('run line: --cap-drop NET_RAW, or ALL with --unsafe-fixes', async () => {
    const text = 'docker run --rm busybox true\n';
    expect((await hardenText({ path: 'x.sh', text }, { only })).output).toBe('docker run --cap-drop NET_RAW --rm busybox true\n');
    expect((await hardenText({ path: 'x.sh', text }, { only, unsafe: true })).output).toBe('docker run --cap-drop ALL --rm busybox true\n');
  });

  // qa9: a drop that moby's TweakCapabilities ignores is not a fix (privileged, NET_RAW added by name) and is never written twice.
  it('safe: no --cap-drop NET_RAW when --cap-add ALL already has a NET_RAW drop (was added twice, not idempotent)', async () => {
    const text = 'docker container run --rm --cap-add=ALL --cap-drop NET_RAW alpine:3.19 true\n';
    const r = await hardenText({ path: 'x.sh', text }, { only });
    expect(r.output).toBe(text);
    expect(r.changes).toEqual([]);
    expect(r.notes).toEqual([]);
  });

  it('safe: no cap_drop NET_RAW for a privileged service (every capability is held whatever is dropped), and a note says why', async () => {
    const text = 'services:\n  agent:\n    image: portainer/agent:2.19.4\n    privileged: true\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only });
    expect(r.output).toBe(text);
    expect(r.changes).toEqual([]);
    // No unsafe fix either (qa-a 6): dropping ALL does nothing while the service is privileged.
    expect(r.unsafeAvailable).toBe(0);
    expect(r.notes).toEqual([PRIVILEGED_NOTE('agent', 'compose.yaml:2:3')]);
  });

  // qa-a 6: `privileged: true  # bulwark-ignore privileged-container` keeps the container privileged, and harden added
  // `cap_drop: [ALL]`, which does nothing there (BW-0003 stayed).
  it('unsafe: no cap_drop ALL for a privileged service whose privileged mode stays (suppressed); named as not fixed', async () => {
    const text = 'services:\n  cadvisor:\n    image: gcr.io/cadvisor/cadvisor:v0.49.1\n    privileged: true  # bulwark-ignore privileged-container -- cadvisor needs it\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0001', 'BW-0003'], unsafe: true });
    expect(r.output).toBe(text);
    expect(r.changes).toEqual([]);
    expect(r.notes).toEqual([PRIVILEGED_NOTE('cadvisor', 'compose.yaml:2:3')]);
  });

  it('unsafe: a privileged service whose privileged mode harden removes gets cap_drop ALL in the next round, without a note', async () => {
    const text = 'services:\n  agent:\n    image: portainer/agent:2.19.4\n    privileged: true\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0001', 'BW-0003'], unsafe: true });
    expect(r.output).toBe('services:\n  agent:\n    image: portainer/agent:2.19.4\n    cap_drop:\n      - ALL\n');
    expect(r.changes.map((c) => `${c.ruleId} ${c.line}:${c.column}`)).toEqual(['BW-0001 4:17', 'BW-0003 2:3']);
    expect(r.notes).toEqual([]);
  });

  it('safe: no cap_drop NET_RAW when cap_add names NET_RAW (adds win over drops)', async () => {
    const text = 'services:\n  ping:\n    image: x\n    cap_add: [NET_RAW]\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only });
    expect(r.output).toBe(text);
    expect(r.changes).toEqual([]);
  });

  it('safe: with cap_add ALL, NET_RAW is dropped once (all capabilities except the dropped ones)', async () => {
    const r = await hardenText({ path: 'x.sh', text: 'docker run --rm --cap-add=ALL alpine:3.19 true\n' }, { only });
    expect(r.output).toBe('docker run --cap-drop NET_RAW --rm --cap-add=ALL alpine:3.19 true\n');
    expect(r.changes.map((c) => `${c.line}:${c.column} ${c.ruleId} ${c.applicability}`)).toEqual(['1:1 BW-0003 safe']);
  });
});

/** A Pod manifest with container `app` (extra container lines after its image) and extra pod spec lines before `containers`. */
const k8sPod = (container = '', pod = '') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${pod}  containers:\n  - name: app\n    image: busybox:1.36\n${container}`;

describe('BW-0003 fixes on Kubernetes: securityContext.capabilities', () => {
  it('safe: NET_RAW merged into an existing drop list; unsafe: drop ALL and add back the profile capabilities in one new mapping', async () => {
    const text = k8sPod('    securityContext:\n      capabilities: {drop: [MKNOD]}\n');
    expect((await hardenText({ path: 'pod.yaml', text }, { only })).output).toBe(k8sPod('    securityContext:\n      capabilities: {drop: [MKNOD, NET_RAW]}\n'));
    const r = await hardenText({ path: 'pod.yaml', text: k8sPod() }, { only, unsafe: true, profile: { keepCapabilities: ['NET_BIND_SERVICE'] } });
    expect(r.output).toBe(k8sPod('    securityContext:\n      capabilities:\n        drop:\n        - ALL\n        add:\n        - NET_BIND_SERVICE\n'));
    expect(r.changes.map((c) => `${c.line}:${c.column} ${c.applicability}`)).toEqual(['7:5 unsafe']);
  });
});
