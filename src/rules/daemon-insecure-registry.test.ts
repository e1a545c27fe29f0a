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
    { kind: 'daemon', name: 'a mirror without a scheme is https (dockerd adds it)', code: '{"registry-mirrors": ["mirror.internal:5000"]}' },
    { kind: 'daemon', filename: 'docker.service', code: '[Service]\nExecStart=/usr/bin/dockerd --registry-mirror=https://m.example.com\n' },
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
    {
      kind: 'daemon',
      name: 'an http:// registry mirror: Docker Hub pulls over plain HTTP; credentials never in the message',
      code: '{\n  "registry-mirrors": ["https://mirror.gcr.io", "http://mirror.internal:5000", "HTTP://u:mirrorpw@m.example.com/v2"],\n  "insecure-registries": []\n}\n',
      errors: [
        { line: 2, column: 49, endColumn: 78, severity: 'high', message: 'registry mirror http://mirror.internal:5000 is plain HTTP: Docker Hub images are pulled through it without TLS', data: { mirror: 'http://mirror.internal:5000' } },
        { line: 2, column: 80, endColumn: 116, severity: 'high', message: 'registry mirror HTTP://m.example.com/v2 is plain HTTP: Docker Hub images are pulled through it without TLS', data: { mirror: 'HTTP://m.example.com/v2' } },
      ],
    },
    {
      kind: 'daemon',
      name: 'QA: an insecure registry written with credentials: the password is in neither message nor data',
      code: '{\n  "insecure-registries": ["http://admin:Regi5tryPa55@10.1.2.3:5000"]\n}\n',
      errors: [{ line: 2, column: 27, endColumn: 68, severity: 'high', message: 'registry http://10.1.2.3:5000 is insecure: images from it are pulled without verified TLS', data: { registry: 'http://10.1.2.3:5000' } }],
    },
    {
      kind: 'daemon',
      name: 'an http:// mirror on loopback is low; the --registry-mirror flag too',
      filename: 'docker.service',
      code: '[Service]\nExecStart=/usr/bin/dockerd -H fd:// --registry-mirror http://127.0.0.1:5000\n',
      errors: [{ line: 2, column: 37, severity: 'low', data: { mirror: 'http://127.0.0.1:5000' } }],
    },
  ],
});
