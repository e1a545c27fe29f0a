import { ruleTester } from './tester.js';
import rule from './daemon-iptables-disabled.js';

ruleTester(rule, {
  valid: [
    { kind: 'daemon', code: '{"icc": false}' },
    { kind: 'daemon', code: '{"iptables": true}' },
    { kind: 'daemon', filename: 'dockerd.cmdline', code: 'dockerd --iptables' },
  ],
  invalid: [
    { kind: 'daemon', code: '{"iptables": false}', errors: [{ line: 1, column: 2, endColumn: 19, severity: 'medium', data: { setting: 'iptables' } }] },
    { kind: 'daemon', filename: 'dockerd.cmdline', code: 'dockerd --iptables=f --ip-masq=false', errors: [{ line: 1, column: 9, endColumn: 21 }] },
  ],
});
