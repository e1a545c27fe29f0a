import { describe, expect, it } from 'vitest';
import { hardenText } from '../index.js';

const only = ['BW-0002'];

describe('BW-0002 fix: remove an added capability (unsafe, R-B, R-K, CIS 5.4)', () => {
  it('removes SYS_ADMIN and SYS_PTRACE (with its comment), keeps NET_BIND_SERVICE, removes a key left empty', async () => {
    const text = 'services:\n  a:\n    image: x\n    cap_add:\n      - SYS_ADMIN\n      - NET_BIND_SERVICE\n      - SYS_PTRACE  # debug\n  b:\n    image: x\n    cap_add: [NET_ADMIN]\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    cap_add:\n      - NET_BIND_SERVICE\n  b:\n    image: x\n');
    expect(r.changes.map((c) => [c.target, c.line, c.column])).toEqual([
      ['a', 5, 9],
      ['a', 7, 9],
      ['b', 10, 15],
    ]);
  });

  it('run line: removes --cap-add SYS_ADMIN and --cap-add=NET_ADMIN, keeps the add-back after --cap-drop ALL', async () => {
    const r = await hardenText({ path: 'x.sh', text: 'docker run --cap-add SYS_ADMIN --cap-add=NET_ADMIN --cap-drop ALL --cap-add CHOWN busybox\n' }, { only, unsafe: true });
    expect(r.output).toBe('docker run --cap-drop ALL --cap-add CHOWN busybox\n');
    expect(r.changes.map((c) => [c.line, c.column])).toEqual([
      [1, 12],
      [1, 32],
    ]);
  });
});

/** A Pod manifest with container `app` (extra container lines after its image) and extra pod spec lines before `containers`. */
const k8sPod = (container = '', pod = '') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${pod}  containers:\n  - name: app\n    image: busybox:1.36\n${container}`;

describe('BW-0002 fix on Kubernetes: remove from securityContext.capabilities.add', () => {
  it('removes SYS_ADMIN; the add key goes with its last item, drop stays', async () => {
    const text = k8sPod('    securityContext:\n      capabilities:\n        add:\n        - SYS_ADMIN\n        drop:\n        - ALL\n');
    const r = await hardenText({ path: 'pod.yaml', text }, { only, unsafe: true });
    expect(r.output).toBe(k8sPod('    securityContext:\n      capabilities:\n        drop:\n        - ALL\n'));
    expect(r.changes.map((c) => `${c.line}:${c.column}`)).toEqual(['12:11']);
  });
});

describe('BW-0002 fix: a capability the profile keeps stays in cap_add (--keep-cap, keepCapabilities; qa-c 3)', () => {
  const profile = { keepCapabilities: ['NET_ADMIN'] };
  it('Compose: cap_add NET_ADMIN stays, cap_drop ALL is added, SYS_ADMIN still goes', async () => {
    const text = 'services:\n  vpn:\n    image: wg\n    cap_add:\n      - NET_ADMIN\n      - SYS_ADMIN\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0002', 'BW-0003'], unsafe: true, profile });
    expect(r.output).toBe('services:\n  vpn:\n    image: wg\n    cap_add:\n      - NET_ADMIN\n    cap_drop:\n      - ALL\n');
    expect(r.changes.map((c) => [c.ruleId, c.line, c.column])).toEqual([
      ['BW-0003', 2, 3],
      ['BW-0002', 6, 9],
    ]);
    expect(r.unsafeAvailable).toBe(0);
  });

  it('run line (cap_ prefix, lower case) and Kubernetes', async () => {
    const r = await hardenText({ path: 'x.sh', text: 'docker run --cap-add cap_net_admin --cap-drop ALL busybox\n' }, { only, unsafe: true, profile });
    expect(r.output).toBe('docker run --cap-add cap_net_admin --cap-drop ALL busybox\n');
    expect(r.changes).toEqual([]);
    const text = k8sPod('    securityContext:\n      capabilities:\n        add:\n        - NET_ADMIN\n        drop:\n        - ALL\n');
    const k = await hardenText({ path: 'pod.yaml', text }, { only, unsafe: true, profile });
    expect(k.output).toBe(text);
    expect(k.changes).toEqual([]);
  });
});
