import { ruleTester } from './tester.js';
import rule from './daemon-unit-limits.js';

ruleTester(rule, {
  valid: [
    { kind: 'daemon', filename: 'docker.service', code: '[Service]\nExecStart=/usr/bin/dockerd\nLimitNOFILE=1048576\n#LimitNPROC=infinity\n' },
    { kind: 'daemon', code: '{"icc": false}' },
  ],
  invalid: [
    {
      kind: 'daemon',
      name: 'corpus: LimitNPROC and LimitCORE infinity',
      filename: 'docker.service',
      code: '[Service]\nExecStart=/usr/bin/dockerd -H fd://\nLimitNOFILE=1048576\nLimitNPROC=infinity\nLimitCORE=infinity\n#TasksMax=infinity\n',
      errors: [
        { line: 4, column: 1, endColumn: 20, severity: 'info', data: { limit: 'LimitNPROC' } },
        { line: 5, column: 1, endColumn: 19, severity: 'info', data: { limit: 'LimitCORE' } },
      ],
    },
  ],
});
