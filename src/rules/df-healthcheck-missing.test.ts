import { ruleTester } from './tester.js';
import rule from './df-healthcheck-missing.js';

// R-D, CIS 1.6.0 4.6.
ruleTester(rule, {
  valid: [
    { kind: 'dockerfile', code: 'FROM alpine\nHEALTHCHECK CMD wget -qO- localhost || exit 1\n' },
    { kind: 'dockerfile', code: 'FROM alpine\nHEALTHCHECK --interval=5s --timeout=3s \\\n  CMD ["/hc"]\n' },
    { kind: 'dockerfile', code: 'FROM alpine AS base\nHEALTHCHECK CMD true\nFROM base\n', name: 'inherited' },
  ],
  invalid: [
    { kind: 'dockerfile', code: 'FROM alpine\nCMD ["x"]\n', errors: [{ line: 1, column: 1, endColumn: 12, severity: 'info', certainty: 'unknown' }] },
    { kind: 'dockerfile', code: 'FROM scratch\n', errors: [{ line: 1, column: 1, certainty: 'definite' }] },
    { kind: 'dockerfile', code: 'FROM alpine\nHEALTHCHECK CMD true\nHEALTHCHECK NONE\n', errors: [{ line: 3, column: 1, endColumn: 17, message: 'NONE' }] },
    { kind: 'dockerfile', code: 'FROM alpine AS a\nHEALTHCHECK CMD true\nFROM alpine\n', name: 'healthcheck only in an unshipped stage', errors: [{ line: 3, column: 1 }] },
  ],
});
