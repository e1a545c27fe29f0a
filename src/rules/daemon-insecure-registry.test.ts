import { describe, expect, it } from 'vitest';
import { ruleTester } from './tester.js';
import rule, { isLoopbackRegistry } from './daemon-insecure-registry.js';

describe('isLoopbackRegistry', () => {
  it('recognises loopback registries only', () => {
    expect(['localhost:5000', '127.0.0.1:5000', 'http://localhost:5000/', '127.0.0.0/8'].map(isLoopbackRegistry)).toEqual([true, true, true, true]);
    expect(['10.100.102.207:80', 'registry.local:5000', '0.0.0.0/0', 'localhost.example.com'].map(isLoopbackRegistry)).toEqual([false, false, false, false]);
  });
});

ruleTester(rule, {
  valid: [
    { kind: 'daemon', code: '{"insecure-registries": []}' },
    { kind: 'daemon', code: '{"registry-mirrors": ["https://mirror.gcr.io"]}' },
  ],
  invalid: [
    {
      kind: 'daemon',
      name: 'corpus: one finding per list item',
      code: '{\n    "insecure-registries": ["10.100.102.207:80", "10.100.102.208:80", "https://xxxx.dkr.ecr.cn-north-1.amazonaws.com.cn"],\n    "dns": ["8.8.8.8"]\n}\n',
      errors: [
        { line: 2, column: 29, endColumn: 48, severity: 'high', data: { registry: '10.100.102.207:80' } },
        { line: 2, column: 50, endColumn: 69, severity: 'high', data: { registry: '10.100.102.208:80' } },
        { line: 2, column: 71, endColumn: 121, severity: 'high', data: { registry: 'https://xxxx.dkr.ecr.cn-north-1.amazonaws.com.cn' } },
      ],
    },
    { kind: 'daemon', name: 'loopback is low', code: '{"insecure-registries": ["localhost:5000"]}', errors: [{ line: 1, column: 26, severity: 'low', data: { registry: 'localhost:5000' } }] },
    {
      kind: 'daemon',
      filename: 'docker.service',
      code: '[Service]\nExecStart=/usr/bin/dockerd \\\n\t--insecure-registry registry.lan:5000 \\\n\t--insecure-registry=10.0.0.0/8\n',
      errors: [
        { line: 3, column: 2, endColumn: 39, data: { registry: 'registry.lan:5000' } },
        { line: 4, column: 2, endColumn: 32, data: { registry: '10.0.0.0/8' } },
      ],
    },
  ],
});
