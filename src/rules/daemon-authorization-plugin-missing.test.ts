import { ruleTester } from './tester.js';
import rule from './daemon-authorization-plugin-missing.js';

ruleTester(rule, {
  valid: [
    { kind: 'daemon', code: '{"authorization-plugins": ["opa-docker-authz"]}' },
    { kind: 'daemon', filename: 'dockerd.cmdline', code: 'dockerd --authorization-plugin=authz-broker' },
  ],
  invalid: [
    { kind: 'daemon', code: '{"icc": false}', errors: [{ line: 1, column: 1, severity: 'info', message: 'authorization-plugins is not set in this file' }] },
    { kind: 'daemon', filename: 'docker.service', code: '[Service]\nExecStart=/usr/bin/dockerd\n', errors: [{ line: 1, column: 1, endColumn: 10, severity: 'info' }] },
  ],
});
