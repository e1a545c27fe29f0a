import { ruleTester } from './tester.js';
import rule from './df-update-without-install.js';

// R-K, CIS 1.6.0 4.7.
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM debian\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n' },
    { kind: 'dockerfile', code: 'FROM alpine\nRUN apk update && apk upgrade\n' },
    { kind: 'dockerfile', code: 'FROM fedora\nRUN yum -y update\n', name: 'yum update upgrades packages' },
  ],
  invalid: [
    { kind: 'dockerfile', code: 'FROM debian\nRUN apt-get update\nRUN apt-get install -y curl\n', errors: [{ line: 2, column: 5, endColumn: 19, severity: 'low', data: { command: 'apt-get update' } }] },
    { kind: 'dockerfile', code: 'FROM alpine\nRUN apk update; echo done\n', errors: [{ line: 2, column: 5, endColumn: 15, data: { command: 'apk update' } }] },
  ],
});
