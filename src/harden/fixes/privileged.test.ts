import { describe, expect, it } from 'vitest';
import { hardenText } from '../index.js';

const only = ['BW-0001'];

describe('BW-0001 fix: remove privileged (unsafe, R-B, R-G5, CIS 5.5)', () => {
  it('removes privileged: true with its comment; only with --unsafe-fixes', async () => {
    const text = 'services:\n  a:\n    image: x\n    privileged: true   # needs /dev\n    ports: ["80:80"]\n';
    const safe = await hardenText({ path: 'compose.yaml', text }, { only });
    expect(safe.output).toBe(text);
    expect(safe.unsafeAvailable).toBe(1);
    const r = await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    ports: ["80:80"]\n');
    expect(r.changes.map((c) => [c.ruleId, c.target, c.line, c.column, c.applicability])).toEqual([['BW-0001', 'a', 4, 17, 'unsafe']]);
  });

  it('overrides privileged from an anchor shared by two services with privileged: false on each', async () => {
    const text = 'x-p: &p\n  privileged: true\nservices:\n  a:\n    <<: *p\n    image: x\n  b:\n    <<: *p\n    image: y\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true });
    expect(r.output).toBe(
      'x-p: &p\n  privileged: true\nservices:\n  a:\n    <<: *p\n    image: x\n    privileged: false  # bulwark: overrides the privileged merged from a shared anchor\n  b:\n    <<: *p\n    image: y\n    privileged: false  # bulwark: overrides the privileged merged from a shared anchor\n',
    );
    expect(r.notes).toEqual([]);
  });

  it('run line: removes --privileged on its own continued line, or --privileged=true inline', async () => {
    const a = await hardenText({ path: 'x.sh', text: 'docker run -d \\\n  --privileged \\\n  --name a busybox\n' }, { only, unsafe: true });
    expect(a.output).toBe('docker run -d \\\n  --name a busybox\n');
    const b = await hardenText({ path: 'x.sh', text: 'docker run --privileged=true --rm busybox true\n' }, { only, unsafe: true });
    expect(b.output).toBe('docker run --rm busybox true\n');
    expect(b.changes.map((c) => [c.line, c.column])).toEqual([[1, 12]]);
  });
});

/** A Pod manifest with container `app` (extra container lines after its image) and extra pod spec lines before `containers`. */
const k8sPod = (container = '', pod = '') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${pod}  containers:\n  - name: app\n    image: busybox:1.36\n${container}`;

describe('BW-0001 fix on Kubernetes', () => {
  it('privileged: true becomes privileged: false', async () => {
    const r = await hardenText({ path: 'pod.yaml', text: k8sPod('    securityContext:\n      privileged: true\n') }, { only, unsafe: true });
    expect(r.output).toBe(k8sPod('    securityContext:\n      privileged: false\n'));
    expect(r.changes.map((c) => `${c.line}:${c.column} ${c.applicability}`)).toEqual(['10:7 unsafe']);
  });
});
