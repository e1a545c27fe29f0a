import { ruleTester } from './tester.js';
import rule from './capabilities-not-dropped.js';

const ALL14 = 'AUDIT_WRITE,CHOWN,DAC_OVERRIDE,FOWNER,FSETID,KILL,MKNOD,NET_BIND_SERVICE,NET_RAW,SETFCAP,SETGID,SETPCAP,SETUID,SYS_CHROOT';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    cap_drop: [ALL]\n' },
    { kind: 'compose', name: 'drop ALL lower case, add back one', code: 'services:\n  web:\n    image: nginx\n    cap_drop:\n      - all\n    cap_add:\n      - NET_BIND_SERVICE\n' },
    { kind: 'run', code: 'docker run --cap-drop ALL nginx' },
    { kind: 'run', code: 'docker run --cap-drop=all --cap-add=CHOWN nginx' },
    { kind: 'kubernetes', name: 'Kubernetes drop: [all] (any case)', code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n          drop: [all]\n' },
  ],
  invalid: [
    {
      // qa-a 2: containerd and CRI-O match only ALL; CAP_ALL becomes the unknown CAP_CAP_ALL / CAP_ALL and nothing is dropped.
      kind: 'kubernetes',
      name: 'Kubernetes drop: [CAP_ALL] drops nothing',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n          drop: ["CAP_ALL"]\n',
      errors: [
        {
          line: 10, column: 18, endColumn: 27, target: 'app', severity: 'medium', data: { kept: ALL14 },
          message: "not all capabilities dropped: all 14 of Docker's default capabilities are held, including NET_RAW, SETUID, SETGID, DAC_OVERRIDE, MKNOD; NET_RAW allows ARP spoofing of neighbouring containers (drop: [CAP_ALL] drops nothing: Kubernetes names capabilities without the CAP_ prefix, and containerd and CRI-O recognise only ALL)",
        },
      ],
    },
    {
      // containerd prefixes CAP_ to every name (pkg/cri WithCapabilities): `CAP_NET_RAW` becomes `CAP_CAP_NET_RAW`, NET_RAW stays.
      kind: 'kubernetes',
      name: 'Kubernetes drop: [CAP_NET_RAW, SETUID] keeps NET_RAW under containerd',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n          drop: [CAP_NET_RAW, SETUID]\n',
      errors: [
        {
          line: 10, column: 18, endColumn: 29, target: 'app', severity: 'medium', data: { kept: ALL14.replace('SETUID,', '') },
          message: "not all capabilities dropped: 13 of Docker's default capabilities are still held: NET_RAW, SETGID, DAC_OVERRIDE, MKNOD and 9 more; NET_RAW allows ARP spoofing of neighbouring containers (drop: [CAP_NET_RAW] drops nothing under containerd: Kubernetes names capabilities without the CAP_ prefix, and containerd adds one, so write NET_RAW)",
        },
      ],
    },
    {
      // moby caps.TweakCapabilities: a privileged container gets every capability before CapDrop is read (QA: CIS 5.4 passed).
      kind: 'run',
      name: 'privileged with --cap-drop ALL still holds every capability',
      code: 'docker create --privileged --cap-drop ALL --user 1000 alpine:3.20\n',
      errors: [{ line: 1, column: 28, endColumn: 42, severity: 'medium', data: { kept: ALL14 }, message: 'not all capabilities dropped: the container is privileged, so every capability is held whatever is dropped; NET_RAW allows ARP spoofing of neighbouring containers' }],
    },
    {
      kind: 'run',
      name: 'cap-add ALL with NET_RAW dropped: every capability but NET_RAW (moby TweakCapabilities)',
      code: 'docker run --cap-add=ALL --cap-drop NET_RAW alpine:3.20 true\n',
      errors: [{ line: 1, column: 26, severity: 'low', data: { kept: ALL14.replace('NET_RAW,', '') }, message: 'not all capabilities dropped: every capability but NET_RAW is held (--cap-add ALL)' }],
    },
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n',
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 6, target: 'web', severity: 'medium', data: { kept: ALL14 }, message: 'NET_RAW' }],
    },
    {
      kind: 'compose',
      name: 'network_mode none: no ARP spoofing claim (no neighbour); host: every host interface',
      code: 'services:\n  batch:\n    image: alpine:3.19\n    network_mode: none\n  probe:\n    image: alpine:3.19\n    network_mode: host\n',
      errors: [
        {
          line: 2, column: 3, target: 'batch', severity: 'medium', data: { kept: ALL14 },
          message: "capabilities not dropped: all 14 of Docker's default capabilities are held, including NET_RAW, SETUID, SETGID, DAC_OVERRIDE, MKNOD (no network, so NET_RAW reaches no neighbour)",
        },
        { line: 5, column: 3, target: 'probe', severity: 'medium', message: "NET_RAW in the host's network namespace allows sniffing and spoofing on every host interface" },
      ],
    },
    {
      kind: 'run',
      name: 'run --network none',
      code: 'docker run --network none alpine:3.19',
      errors: [{ line: 1, column: 1, severity: 'medium', message: 'NET_RAW, SETUID, SETGID, DAC_OVERRIDE, MKNOD (no network, so NET_RAW reaches no neighbour)' }],
    },
    {
      kind: 'compose',
      name: 'partial drop of NET_RAW: low, at the cap_drop item',
      code: 'services:\n  web:\n    image: nginx\n    cap_drop:\n      - NET_RAW\n      - SETUID\n',
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 16, target: 'web', severity: 'low', data: { kept: 'AUDIT_WRITE,CHOWN,DAC_OVERRIDE,FOWNER,FSETID,KILL,MKNOD,NET_BIND_SERVICE,SETFCAP,SETGID,SETPCAP,SYS_CHROOT' } }],
    },
    {
      kind: 'compose',
      name: 'dropped and added back is kept',
      code: 'services:\n  web:\n    image: nginx\n    cap_drop: [NET_RAW]\n    cap_add: [NET_RAW]\n',
      errors: [{ line: 4, column: 16, endColumn: 23, severity: 'medium', data: { kept: ALL14 } }],
    },
    {
      kind: 'compose',
      name: 'reported even when privileged',
      code: 'services:\n  web:\n    image: nginx\n    privileged: true\n',
      errors: [{ line: 2, column: 3, severity: 'medium', data: { kept: ALL14 }, message: 'capabilities not dropped: the container is privileged, so every capability is held whatever is dropped; NET_RAW allows ARP spoofing of neighbouring containers' }],
    },
    {
      kind: 'compose',
      name: 'cap_add ALL with nothing dropped: every capability, not "Docker\'s 14"',
      code: 'services:\n  web:\n    image: nginx\n    cap_add: [all]\n',
      errors: [{ line: 2, column: 3, severity: 'medium', data: { kept: ALL14 }, message: 'capabilities not dropped: every capability is held (cap_add ALL); NET_RAW allows ARP spoofing of neighbouring containers' }],
    },
    {
      kind: 'run',
      code: 'docker run --name web nginx',
      errors: [{ line: 1, column: 1, endLine: 1, endColumn: 7, target: 'web', severity: 'medium', data: { kept: ALL14 } }],
    },
    {
      kind: 'run',
      code: 'docker run --cap-drop NET_RAW --cap-drop=SETUID --cap-drop SETGID nginx',
      errors: [{ line: 1, column: 12, endColumn: 30, target: 'nginx', severity: 'low', data: { kept: 'AUDIT_WRITE,CHOWN,DAC_OVERRIDE,FOWNER,FSETID,KILL,MKNOD,NET_BIND_SERVICE,SETFCAP,SETPCAP,SYS_CHROOT' } }],
    },
  ],
});
