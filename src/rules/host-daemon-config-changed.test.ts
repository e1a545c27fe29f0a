import { describe, expect, it } from 'vitest';
import { processStartMs } from '../live/host/index.js';
import { checkFakeHost } from '../live/host/testkit.js';
import rule from './host-daemon-config-changed.js';

/** Boot at 2026-11-30T00:00:00Z; dockerd (comm with a space and parentheses) started 3,600 s (360,000 ticks) later. */
const BTIME = Date.UTC(2026, 10, 30) / 1000;
const STARTED = (BTIME + 3600) * 1000;
const PROC = {
  '/proc/stat': `cpu  1 2 3 4\nbtime ${BTIME}\nprocesses 99\n`,
  '/proc/4242/stat': '4242 (docker (d) x) S 1 4242 4242 0 -1 4194560 12345 0 0 0 100 50 0 0 20 0 12 0 360000 2000000000 10000 18446744073709551615\n',
};
const withConfig = (mtimeMs: number) => checkFakeHost(rule, { ...PROC, '/etc/docker/daemon.json': { text: '{"icc": false}\n', mtimeMs } }, undefined, { dockerdPid: 4242 });

describe('BW-0309 host-daemon-config-changed', () => {
  it('reads dockerd\'s start from /proc/<pid>/stat field 22 and btime', () => {
    expect(processStartMs(PROC['/proc/4242/stat'], PROC['/proc/stat'])).toBe(STARTED);
    expect(processStartMs('4242 (dockerd) S 1', PROC['/proc/stat'])).toBeUndefined();
    expect(processStartMs(PROC['/proc/4242/stat'], 'cpu 1 2 3\n')).toBeUndefined();
  });

  it('flags a daemon.json modified ten minutes after dockerd started', async () => {
    const { findings } = await withConfig(STARTED + 600_000);
    expect(findings.map((f) => [f.line, f.column, f.severity, f.message, f.data])).toEqual([
      [
        17,
        23,
        'medium',
        '/etc/docker/daemon.json was modified at 2026-11-30T01:10:00Z, after dockerd started (2026-11-30T01:00:00Z): settings it holds that the engine does not report may not be in effect until dockerd is restarted (SIGHUP reloads only some keys)',
        { path: '/etc/docker/daemon.json', modified: '2026-11-30T01:10:00Z', started: '2026-11-30T01:00:00Z' },
      ],
    ]);
    expect(findings[0].lineText).toBe('daemon.json-modified: 2026-11-30T01:10:00Z (dockerd started 2026-11-30T01:00:00Z, changed since)');
  });

  it('passes a daemon.json written before dockerd started, or within the clock slack of its start', async () => {
    expect((await withConfig(STARTED - 600_000)).findings).toEqual([]);
    expect((await withConfig(STARTED + 1_500)).findings).toEqual([]);
  });

  it('says nothing without a dockerd pid or a daemon.json', async () => {
    const noPid = await checkFakeHost(rule, { ...PROC, '/etc/docker/daemon.json': { text: '{}', mtimeMs: STARTED + 600_000 } });
    expect(noPid.host.daemonConfigAge).toBeUndefined();
    expect(noPid.findings).toEqual([]);
    expect((await checkFakeHost(rule, PROC, undefined, { dockerdPid: 4242 })).findings).toEqual([]);
  });
});
