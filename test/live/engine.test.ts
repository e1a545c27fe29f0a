/**
 * The private-engine harness itself (test/support/engine.ts): starts, imports an image, runs a
 * container, listens on TCP, and leaves no dockerd behind.
 */
import { request } from 'node:http';
import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeEngine, freePort, startEngine, useEngine } from '../support/engine.js';

function pingTcp(port: number): Promise<string> {
  return new Promise((res, rej) => {
    request({ host: '127.0.0.1', port, path: '/_ping' }, (r) => {
      let b = '';
      r.on('data', (c) => { b += c; });
      r.on('end', () => res(`${r.statusCode} ${b}`));
    }).on('error', rej).end();
  });
}

describeEngine('private engine harness', () => {
  const eng = useEngine();

  it('answers on a short unix socket in its own temp dir', async () => {
    const e = eng();
    expect(e.host).toBe(`unix://${e.socket}`);
    expect(e.socket.startsWith('/tmp/bwe-')).toBe(true);
    expect(e.socket.length).toBeLessThan(50);
    const v = await e.docker(['version', '--format', '{{.Server.Os}}']);
    expect(v).toMatchObject({ code: 0, stdout: 'linux\n' });
  });

  it('imports busybox and runs a container without network', async () => {
    const e = eng();
    const tag = await e.importBusybox();
    expect(tag).toBe('bw/busybox:test');
    expect(await e.importBusybox()).toBe(tag);
    const r = await e.docker(['run', '--rm', '--network', 'none', '--user', '1000', tag, 'id', '-u']);
    expect(r).toMatchObject({ code: 0, stdout: '1000\n' });
  });

  it('a failing docker command reports its exit code and stderr', async () => {
    const r = await eng().docker(['inspect', 'no-such-container']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No such object/);
  });
});

describeEngine('private engine on tcp without TLS', () => {
  let port = 0;
  it('starts, answers on 127.0.0.1, stops by pid and removes its dir', async () => {
    port = await freePort();
    const e = await startEngine({ tcp: { port } });
    try {
      expect(e.tcpHost).toBe(`tcp://127.0.0.1:${port}`);
      expect(await pingTcp(port)).toBe('200 OK');
    } finally {
      await e.stop();
    }
    let alive = true;
    try { process.kill(e.pid, 0); } catch { alive = false; }
    expect(alive).toBe(false);
    expect(existsSync(e.dir)).toBe(false);
  }, 90_000);
});
