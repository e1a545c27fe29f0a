import { ruleTester } from './tester.js';
import rule from './daemon-storage-driver.js';

ruleTester(rule, {
  valid: [
    { kind: 'daemon', code: '{"storage-driver": "overlay2"}' },
    { kind: 'daemon', code: '{"storage-opts": ["overlay2.size=10G"]}' },
    { kind: 'daemon', filename: 'dockerd.cmdline', code: 'dockerd -s overlay2' },
  ],
  invalid: [
    { kind: 'daemon', code: '{"storage-driver": "aufs"}', errors: [{ line: 1, column: 2, endColumn: 26, severity: 'medium', data: { driver: 'aufs' } }] },
    {
      kind: 'daemon',
      name: 'devicemapper with a changed base size',
      code: '{\n  "storage-driver": "devicemapper",\n  "storage-opts": ["dm.basesize=20G", "dm.thinpooldev=/dev/mapper/thin-pool"]\n}\n',
      errors: [
        { line: 2, column: 3, endColumn: 35, severity: 'medium', data: { driver: 'devicemapper' } },
        { line: 3, column: 20, endColumn: 37, severity: 'info', data: { option: 'dm.basesize=20G' } },
      ],
    },
    { kind: 'daemon', filename: 'dockerd.cmdline', code: 'dockerd -s aufs', errors: [{ line: 1, column: 9, endColumn: 16, data: { driver: 'aufs' } }] },
    { kind: 'daemon', filename: 'dockerd.cmdline', code: 'dockerd --storage-driver=devicemapper --storage-opt dm.basesize=50G', errors: [{ line: 1, column: 9 }, { line: 1, column: 39, endColumn: 68, severity: 'info' }] },
  ],
});
