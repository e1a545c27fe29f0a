import { ruleTester } from './tester.js';
import rule from './cpu-limit-missing.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    cpus: 1.0\n' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    cpu_shares: 512\n' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    cpuset: "0,1"\n' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    deploy:\n      resources:\n        limits:\n          cpus: "0.5"\n' },
    { kind: 'run', code: 'docker run --cpus 2 nginx' },
    { kind: 'run', code: 'docker run --cpu-quota=50000 nginx' },
  ],
  invalid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n', errors: [{ line: 2, column: 3, endColumn: 6, target: 'web', severity: 'low' }] },
    { kind: 'compose', name: 'default share 1024 is no limit', code: 'services:\n  web:\n    image: nginx\n    cpu_shares: 1024\n', errors: [{ line: 4, column: 17, endColumn: 21, severity: 'low' }] },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    cpus: ${CPUS}\n', errors: [{ line: 4, column: 11, endColumn: 18, certainty: 'unknown' }] },
    { kind: 'run', code: 'docker run nginx', errors: [{ line: 1, column: 1, endColumn: 7, target: 'nginx', severity: 'low' }] },
    { kind: 'run', code: 'docker run --cpus 0 nginx', errors: [{ line: 1, column: 12, endColumn: 20, severity: 'low' }] },
  ],
});
