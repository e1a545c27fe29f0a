import { describe, expect, it } from 'vitest';
import { hardenText } from '../index.js';

describe('security option removal fixes (safe)', () => {
  it('removes seccomp, apparmor, label and systempaths overrides from a Compose list', async () => {
    const text = 'services:\n  a:\n    image: x\n    security_opt:\n      - seccomp:unconfined\n      - apparmor=unconfined\n      - label:disable\n      - systempaths=unconfined\n      - no-new-privileges:true\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0021', 'BW-0022', 'BW-0023', 'BW-0024'] });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    security_opt:\n      - no-new-privileges:true\n');
    expect(r.changes.map((c) => c.ruleId).sort()).toEqual(['BW-0021', 'BW-0022', 'BW-0023', 'BW-0024']);
  });

  it('removes the whole key when it held only that option', async () => {
    const text = 'services:\n  a:\n    image: x\n    security_opt: [seccomp=unconfined]\n    ports: ["80:80"]\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0021'] });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    ports: ["80:80"]\n');
  });

  it('removes a flag in the middle of a run line', async () => {
    const r = await hardenText({ path: 'x.sh', text: 'docker run --rm --security-opt seccomp=unconfined -it alpine sh\n' }, { only: ['BW-0021'] });
    expect(r.output).toBe('docker run --rm -it alpine sh\n');
  });
});

/** A Pod manifest with container `app` (extra container lines after its image) and extra pod spec lines before `containers`. */
const k8sPod = (container = '', pod = '') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${pod}  containers:\n  - name: app\n    image: busybox:1.36\n${container}`;

describe('security option removal fixes on Kubernetes', () => {
  it('Unconfined seccomp and AppArmor become RuntimeDefault, spc_t goes, procMount Unmasked becomes Default', async () => {
    const text = k8sPod('    securityContext:\n      seccompProfile:\n        type: Unconfined\n      appArmorProfile: {type: Unconfined}\n      seLinuxOptions:\n        type: spc_t\n      procMount: Unmasked\n      allowPrivilegeEscalation: false\n');
    const r = await hardenText({ path: 'pod.yaml', text }, { only: ['BW-0021', 'BW-0022', 'BW-0023', 'BW-0024'] });
    expect(r.output).toBe(k8sPod('    securityContext:\n      seccompProfile:\n        type: RuntimeDefault\n      appArmorProfile: {type: RuntimeDefault}\n      procMount: Default\n      allowPrivilegeEscalation: false\n'));
    expect(r.changes.map((c) => `${c.ruleId} ${c.line}:${c.column}`)).toEqual(['BW-0021 11:9', 'BW-0022 12:25', 'BW-0023 14:9', 'BW-0024 15:7']);
  });
});
