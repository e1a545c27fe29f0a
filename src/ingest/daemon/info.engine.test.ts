/**
 * daemonFromInfo against a real, private dockerd (test/support/engine.ts): the /info fields bulwark reads
 * exist with the names and shapes it expects, and the daemon rules judge them. Issue 3, "Tests on a real
 * engine": a dockerd on tcp://127.0.0.1:<port> without TLS is flagged critical; --live-restore is recognised.
 */
import { request } from 'node:http';
import { expect, it } from 'vitest';
import type { DaemonSpec } from '../../model/daemon.js';
import type { Origin } from '../../model/types.js';
import type { ReportDescriptor, Rule } from '../../rules/types.js';
import tcpRule from '../../rules/daemon-tcp-without-tls.js';
import liveRestoreRule from '../../rules/daemon-live-restore-missing.js';
import insecureRule from '../../rules/daemon-insecure-registry.js';
import debugRule from '../../rules/daemon-debug-logging.js';
import experimentalRule from '../../rules/daemon-experimental.js';
import { describeEngine, freePort, useEngine } from '../../../test/support/engine.js';
import { daemonFromInfo } from './info.js';

function get(socket: string, path: string): Promise<unknown> {
  return new Promise((res, rej) => {
    const req = request({ socketPath: socket, path, method: 'GET' }, (r) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (c) => (body += c));
      r.on('end', () => (r.statusCode === 200 ? res(JSON.parse(body)) : rej(new Error(`${path}: HTTP ${r.statusCode}`))));
    });
    req.on('error', rej);
    req.end();
  });
}

function check(rule: Rule, d: DaemonSpec): ReportDescriptor[] {
  const out: ReportDescriptor[] = [];
  rule.checkDaemon!(d, { report: (r) => out.push(r) });
  return out;
}

const locate = (pointer: string): Origin => ({ kind: 'engine', container: '', pointer });

describeEngine('daemonFromInfo on a private engine', () => {
  let port = 0;
  const eng = useEngine(async () => {
    port = await freePort();
    return { tcp: { port }, flags: ['--live-restore', '--experimental', '-D', '--insecure-registry=reg.invalid:5000'] };
  });

  it('reads live restore, debug, experimental, registries and the TCP listener from /info', async () => {
    const info = await get(eng().socket, '/info');
    const version = await get(eng().socket, '/version');
    const d = daemonFromInfo(info, version, locate, eng().host);
    expect([d.liveRestore?.value, d.debug?.value, d.experimental?.value, d.completeness]).toEqual([true, true, true, 'complete']);
    expect(d.hosts.map((h) => h.value)).toEqual([`tcp://127.0.0.1:${port}`]);
    expect(d.insecureRegistries.map((r) => r.value)).toEqual(['reg.invalid:5000']);
    expect(typeof d.storageDriver?.value).toBe('string');
    expect(d.extra.engineVersion.value).toBe((version as { Version: string }).Version);

    const tcp = check(tcpRule, d);
    expect(tcp.map((r) => [r.severity ?? tcpRule.meta.severity, r.data?.host, (r.at as { origin: { pointer: string } }).origin.pointer])).toEqual([
      ['critical', `tcp://127.0.0.1:${port}`, expect.stringMatching(/^\/Warnings\/\d+$/)],
    ]);
    expect(check(liveRestoreRule, d)).toEqual([]);
    expect(check(insecureRule, d).map((r) => r.data?.registry)).toEqual(['reg.invalid:5000']);
    expect(check(debugRule, d).map((r) => r.data?.setting)).toEqual(['debug']);
    expect(check(experimentalRule, d).length).toBe(1);
  });
});
