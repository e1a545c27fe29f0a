import { ruleTester } from './tester.js';
import rule from './host-device.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n' },
    { kind: 'compose', name: '/dev/shm is not a device node', code: 'services:\n  web:\n    image: nginx\n    volumes:\n      - /dev/shm:/dev/shm\n' },
    { kind: 'compose', name: 'whole /dev is sensitive-host-mount', code: 'services:\n  web:\n    image: nginx\n    volumes:\n      - /dev:/host/dev\n' },
    { kind: 'run', code: 'docker run --shm-size 1g nginx' },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'QA: a cgroup rule for char 1:1 (/dev/mem) is as critical as the device itself',
      code: "services:\n  a:\n    image: alpine:3.19\n    device_cgroup_rules: ['c 1:1 rwm', 'c 1:* r', 'c 189:* rwm']\n",
      errors: [
        { line: 4, column: 27, severity: 'critical', data: { rule: 'c 1:1 rwm' }, message: "device cgroup rule 'c 1:1 rwm' allows host memory devices" },
        { line: 4, column: 40, severity: 'critical', data: { rule: 'c 1:* r' } },
        { line: 4, column: 51, severity: 'medium', data: { rule: 'c 189:* rwm' } },
      ],
    },
    {
      kind: 'run',
      name: 'a CDI device: its spec decides, no cgroup permissions wording',
      code: 'docker run --rm --device nvidia.com/gpu=all ubuntu nvidia-smi',
      errors: [{ line: 1, column: 17, endColumn: 44, severity: 'medium', message: 'CDI device nvidia.com/gpu=all: the device nodes, mounts and hooks its CDI spec (/etc/cdi, /var/run/cdi) defines are given to the container; all devices of the class, not just the ones needed', data: { path: 'nvidia.com/gpu=all', permissions: 'cdi' } }],
    },
    {
      kind: 'compose',
      name: 'a CDI device in Compose devices, one GPU',
      code: 'services:\n  ml:\n    image: pytorch/pytorch\n    devices:\n      - amd.com/gpu=0\n',
      errors: [{ line: 5, column: 9, target: 'ml', message: 'CDI device amd.com/gpu=0: the device nodes, mounts and hooks its CDI spec (/etc/cdi, /var/run/cdi) defines are given to the container; check that the spec gives only what is needed' }],
    },
    {
      kind: 'kubernetes',
      name: 'Kubernetes wording: a device node as a hostPath',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: dbg\nspec:\n  containers:\n    - name: dbg\n      image: busybox:1.36\n      volumeMounts:\n        - name: kmsg\n          mountPath: /dev/kmsg\n  volumes:\n    - name: kmsg\n      hostPath:\n        path: /dev/kmsg\n',
      errors: [{ line: 15, column: 9, target: 'dbg', message: 'host device node /dev/kmsg mounted as a hostPath (rw): expose devices through a device plugin with the least permissions instead' }],
    },
    {
      kind: 'compose',
      name: 'frigate devices, default rwm',
      code: 'services:\n  frigate:\n    image: x\n    devices:\n      - /dev/bus/usb:/dev/bus/usb # Passes the USB Coral\n      - /dev/apex_0:/dev/apex_0\n      - /dev/dri/renderD128:/dev/dri/renderD128\n      - /dev/kfd:/dev/kfd # AMD Kernel Fusion Driver for ROCm\n',
      errors: [
        { line: 5, column: 9, endLine: 5, endColumn: 34, target: 'frigate', severity: 'medium', data: { path: '/dev/bus/usb', permissions: 'rwm' }, message: "Docker's default" },
        { line: 6, column: 9, endColumn: 32, data: { path: '/dev/apex_0', permissions: 'rwm' } },
        { line: 7, column: 9, data: { path: '/dev/dri/renderD128', permissions: 'rwm' } },
        { line: 8, column: 9, endColumn: 26, data: { path: '/dev/kfd', permissions: 'rwm' } },
      ],
    },
    {
      kind: 'compose',
      name: 'disk devices are high (explicit r), host memory critical',
      code: 'services:\n  web:\n    image: nginx\n    devices:\n      - /dev/sda:/dev/xvda:r\n      - /dev/mem:/dev/mem\n      - /dev/kmem:/dev/kmem:r\n',
      errors: [
        { line: 5, column: 9, endColumn: 29, severity: 'high', data: { path: '/dev/sda', permissions: 'r' }, message: "host device /dev/sda passed with permissions r: read access alone reads the host's disk" },
        { line: 6, column: 9, severity: 'critical', data: { path: '/dev/mem', permissions: 'rwm' }, message: 'host device /dev/mem passed with permissions rwm: any access to it is access to host memory' },
        { line: 7, column: 9, severity: 'critical', data: { path: '/dev/kmem', permissions: 'r' }, message: 'any access to it is access to host memory' },
      ],
    },
    {
      kind: 'compose',
      name: 'the /dev/disk link directories bind-mounted are low',
      code: 'services:\n  web:\n    image: nginx\n    volumes:\n      - /dev/disk/:/dev/disk:ro\n',
      errors: [{ line: 5, column: 9, severity: 'low', data: { mode: 'ro', target: '/dev/disk' }, message: 'names of the host\'s disks' }],
    },
    {
      kind: 'compose',
      name: 'device cgroup rules',
      code: 'services:\n  web:\n    image: nginx\n    device_cgroup_rules:\n      - "c *:* rwm"\n      - c 189:* rmw\n',
      errors: [
        { line: 5, column: 9, endColumn: 20, severity: 'critical', data: { rule: 'c *:* rwm' }, message: '/dev/mem' },
        { line: 6, column: 9, endColumn: 20, severity: 'medium', data: { rule: 'c 189:* rmw' } },
      ],
    },
    {
      kind: 'compose',
      name: 'device node bind-mounted with -v style volume (R-G8)',
      code: 'services:\n  web:\n    image: nginx\n    volumes:\n      - /dev/snd:/dev/snd\n',
      errors: [{ line: 5, column: 9, endColumn: 26, severity: 'medium', data: { path: '/dev/snd', mode: 'rw', target: '/dev/snd' }, message: '--device' }],
    },
    {
      kind: 'run',
      code: 'docker run --device /dev/ttyUSB0 --device=/dev/nvme0n1:/dev/nvme0n1:rw --device-cgroup-rule="b *:* rwm" -v /dev/kmsg:/dev/kmsg:ro nginx',
      errors: [
        { line: 1, column: 12, endColumn: 33, target: 'nginx', severity: 'medium', data: { path: '/dev/ttyUSB0', permissions: 'rwm' } },
        { line: 1, column: 34, endColumn: 71, severity: 'high', data: { path: '/dev/nvme0n1', permissions: 'rw' } },
        { line: 1, column: 72, severity: 'critical', data: { rule: 'b *:* rwm' }, message: 'host disks' },
        { line: 1, column: 105, severity: 'medium', data: { path: '/dev/kmsg', mode: 'ro' } },
      ],
    },
  ],
});
