import { describe, expect, it } from 'vitest';
import { hardenText } from '../index.js';

const only = ['BW-0030'];

describe('BW-0030 fix: restart on-failure:5 (unsafe, R-D, CIS 5.15)', () => {
  it('replaces always, unless-stopped and on-failure in place; overrides a shared anchor on each service', async () => {
    const text = 'x-c: &c\n  restart: always\nservices:\n  a:\n    <<: *c\n    image: x\n  b:\n    <<: *c\n    image: y\n  d:\n    image: z\n    restart: "unless-stopped"\n  e: {image: z, restart: on-failure}\n';
    expect((await hardenText({ path: 'compose.yaml', text }, { only })).output).toBe(text);
    const r = await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true });
    const note = '  # bulwark: bounded restarts: overrides the restart policy merged from a shared anchor';
    expect(r.output).toBe(
      `x-c: &c\n  restart: always\nservices:\n  a:\n    <<: *c\n    image: x\n    restart: on-failure:5${note}\n  b:\n    <<: *c\n    image: y\n    restart: on-failure:5${note}\n  d:\n    image: z\n    restart: on-failure:5\n  e: {image: z, restart: "on-failure:5"}\n`,
    );
    expect(r.changes.map((c) => [c.target, c.line, c.column])).toEqual([
      ['a', 2, 12],
      ['b', 2, 12],
      ['d', 12, 14],
      ['e', 13, 26],
    ]);
  });

  it('leaves on-failure:3 alone', async () => {
    const text = 'services:\n  a:\n    image: x\n    restart: on-failure:3\n';
    expect((await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true })).changes).toEqual([]);
  });

  it('run line: keeps the flag spelling', async () => {
    const text = 'docker run --restart=always busybox\ndocker run --restart unless-stopped busybox\ndocker run --restart on-failure:10 busybox\n';
    const r = await hardenText({ path: 'x.sh', text }, { only, unsafe: true });
    expect(r.output).toBe('docker run --restart=on-failure:5 busybox\ndocker run --restart on-failure:5 busybox\ndocker run --restart on-failure:5 busybox\n');
  });
});
