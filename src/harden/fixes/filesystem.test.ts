import { describe, expect, it } from 'vitest';
import { hardenText } from '../index.js';

const only = ['BW-0006'];

describe('BW-0006 fix: read-only root filesystem', () => {
  it('sets read_only and adds tmpfs for /tmp and /run (unsafe)', async () => {
    const text = 'services:\n  a:\n    image: x\n';
    expect((await hardenText({ path: 'compose.yaml', text }, { only })).output).toBe(text);
    const r = await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    read_only: true\n    tmpfs:\n      - /tmp\n      - /run\n');
  });

  it('keeps a tmpfs already mounted and turns read_only: false into true', async () => {
    const text = 'services:\n  a:\n    image: x\n    read_only: false\n    tmpfs: /tmp\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    read_only: true\n    tmpfs: [/tmp, /run]\n');
  });

  it('run line: --read-only --tmpfs /tmp --tmpfs /run', async () => {
    const r = await hardenText({ path: 'x.sh', text: 'docker run --rm alpine:3 true\n' }, { only, unsafe: true });
    expect(r.output).toBe('docker run --read-only --tmpfs /tmp --tmpfs /run --rm alpine:3 true\n');
  });
});
