/**
 * The runner's pure parts: parsing the probe's output, the neighbour measurement, Table 1 grading, labels of dead
 * runs, the logs stream, and the records of a refused container (issue 5; R-D, R-B).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hostname } from 'node:os';
import { applyNeighbour, blankSpec, demux, factIds, grade, macRecord, measureNeighbour, memoryHogMiB, neighbourNote, notRun, percentKept, parseProbeOutput, rateBetween, runnerIsDead, succeededIds } from './runner.js';
import { ATTACKS, kindOf } from './catalogue.js';
import type { Phase, ProbeRecord } from './types.js';

const rec = (id: string, result: ProbeRecord['result'], cls: ProbeRecord['class'] = 'R-B'): ProbeRecord => ({ id, class: cls, requirements: [cls], attempted: id, result, errno: null, evidence: '', kind: kindOf(id) });

describe('parseProbeOutput', () => {
  it('reads records, phases and the end marker; skips lines that are not JSON', () => {
    const out = [
      '{"id":"af-packet","class":"R-A","requirements":["R-A"],"attempted":"socket(AF_PACKET, SOCK_RAW, ETH_P_ALL)","result":"blocked","errno":"EPERM","evidence":"refused","t":5}',
      'garbage',
      '{"phase":"quiet","start":10,"end":260}',
      '{"done":true,"t":300}',
    ].join('\n');
    expect(parseProbeOutput(out)).toEqual({
      records: [{ id: 'af-packet', class: 'R-A', requirements: ['R-A'], attempted: 'socket(AF_PACKET, SOCK_RAW, ETH_P_ALL)', result: 'blocked', errno: 'EPERM', evidence: 'refused', kind: 'breach' }],
      phases: [{ phase: 'quiet', start: 10, end: 260 }],
      done: true,
    });
  });
  it('a probe cut short has done false', () => {
    expect(parseProbeOutput('{"id":"shocker","class":"R-B","requirements":[],"attempted":"x","result":"allowed","errno":null,"evidence":"e"}\n').done).toBe(false);
  });
});

describe('neighbour measurement', () => {
  it('rateBetween is the median of the rates between consecutive samples inside the window', () => {
    const s = [{ t: 0, work: 0 }, { t: 50, work: 50 }, { t: 100, work: 100 }, { t: 150, work: 400 }, { t: 200, work: 450 }];
    // rates 1000, 1000, 6000, 1000 per second → median 1000
    expect(rateBetween(s, 0, 200)).toBe(1000);
    expect(rateBetween(s, 0, 40)).toBeUndefined();
  });

  it('compares each attack window with the quiet windows beside it', () => {
    // neighbour: 100 units per 50 ms when quiet, 40 during the CPU hog, 90 during the fork bomb
    const phases: Phase[] = [
      { phase: 'quiet', start: 0, end: 250 },
      { phase: 'cpu-hog', start: 250, end: 500 },
      { phase: 'quiet', start: 500, end: 750 },
      { phase: 'fork-bomb', start: 750, end: 1000 },
      { phase: 'quiet', start: 1000, end: 1250 },
    ];
    const perStep = (t: number) => (t <= 250 ? 100 : t <= 500 ? 40 : t <= 750 ? 100 : t <= 1000 ? 90 : 100);
    const samples = [{ t: 0, work: 0 }];
    for (let t = 50; t <= 1250; t += 50) samples.push({ t, work: samples[samples.length - 1].work + perStep(t) });
    const m = measureNeighbour(samples, phases, 2)!;
    expect(m.baseline).toBe(2000);
    expect(m.phases).toEqual([
      { phase: 'cpu-hog', rate: 800, reference: 2000, ratio: 0.4 },
      { phase: 'fork-bomb', rate: 1800, reference: 2000, ratio: 0.9 },
    ]);
    expect(m.hostCpus).toBe(2);
    expect(m.note).toBe(neighbourNote(2));
    expect(m.note).toBe(
      "measured: a single-threaded neighbour's work rate; each container keeps its own cpuset (nothing pinned), the attacker's CPU hog starts one busy process per host CPU (2); the attacker alternates 250 ms quiet and attack windows and each attack window's rate is compared with the quiet windows beside it (median over windows)",
    );
    const records = [rec('cpu-hog', 'allowed', 'R-D'), rec('fork-bomb', 'blocked', 'R-D')];
    records[0].evidence = "1 of 2 busy processes started (fork: EAGAIN), allowed on 2 CPU(s) by the container's cpuset, ran 2000 ms; the neighbour's work rate decides whether the CPU limit held";
    records[1].evidence = 'contained: fork failed after 63 processes';
    applyNeighbour(records, m);
    expect(records[0]).toMatchObject({
      result: 'allowed',
      evidence: "1 of 2 busy processes started (fork: EAGAIN), allowed on 2 CPU(s) by the container's cpuset, ran 2000 ms; the neighbour kept 40 % of its work rate (800 vs 2000 units/s in the quiet windows beside the attack): the attacker took the CPU (< 80 %)",
    });
    expect(records[1]).toMatchObject({ result: 'blocked', evidence: 'contained: fork failed after 63 processes; the neighbour kept 90 % of its work rate (1800 vs 2000 units/s in the quiet windows beside the attack)' });
  });

  it('a steady neighbour keeps ratio 1 whatever its speed (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 6 }), (perStep, rounds) => {
        const phases: Phase[] = [];
        let t = 0;
        for (let i = 0; i < rounds; i++) {
          phases.push({ phase: 'quiet', start: t, end: t + 250 }, { phase: 'cpu-hog', start: t + 250, end: t + 500 });
          t += 500;
        }
        phases.push({ phase: 'quiet', start: t, end: t + 250 });
        const samples = Array.from({ length: (t + 250) / 50 + 1 }, (_, i) => ({ t: i * 50, work: i * perStep }));
        const m = measureNeighbour(samples, phases, 2)!;
        return m.phases.length === 1 && Math.abs(m.phases[0].ratio - 1) < 1e-9 && Math.abs(m.baseline - perStep * 20) < 1e-6;
      }),
    );
  });
});

describe('percentKept', () => {
  it('rounds down, so the percentage shown agrees with the 80 % threshold', () => {
    expect([percentKept(0.797), percentKept(0.8), percentKept(0.29), percentKept(0.4), percentKept(1.234)]).toEqual([79, 80, 29, 40, 123]);
    fc.assert(fc.property(fc.double({ min: 0, max: 2, noNaN: true }), (r) => (percentKept(r) >= 80) === (r >= 0.8 - 1e-11)));
  });
});

describe('grade (Table 1 cell)', () => {
  it('a breach allowed → present; only surface allowed → partial; information allowed → none; refused → unknown', () => {
    expect(grade([rec('shocker', 'allowed'), rec('ptrace', 'allowed')], false)).toBe('present');
    expect(grade([rec('shocker', 'blocked'), rec('syscall-io_uring_setup', 'allowed')], false)).toBe('partial');
    // ptrace of its own child, capabilities held, the uid map: facts, never a threat by themselves
    const facts = [rec('shocker', 'blocked'), rec('ptrace', 'allowed'), rec('capabilities', 'allowed'), rec('cap:NET_RAW', 'allowed'), rec('userns-root', 'allowed'), rec('seccomp', 'blocked'), rec('no-new-privs', 'allowed')];
    expect(grade(facts, false)).toBe('none');
    expect(succeededIds(facts)).toEqual([]);
    expect(factIds(facts)).toEqual(['ptrace', 'capabilities', 'cap:NET_RAW', 'userns-root', 'no-new-privs']);
    expect(grade([rec('shocker', 'blocked'), rec('mac-confinement', 'not-enforceable')], false)).toBe('none');
    expect(grade(notRun('engine refused to start this configuration: x'), true)).toBe('unknown');
    expect(grade([rec('bind-write:/data', 'allowed')], false)).toBe('present');
    expect(grade([rec('deadline', 'allowed')], false)).toBe('none');
  });

  it('the catalogue: every breach and surface attack, every fact (exact lists)', () => {
    const of = (k: string) => ATTACKS.filter((a) => a.kind === k).map((a) => a.id);
    expect(of('breach')).toEqual(['shocker', 'mount-proc', 'mount-tmpfs', 'mount-cgroup', 'docker-socket', 'bind-write', 'host-device', 'dev-block', 'sysrq-trigger', 'core-pattern', 'init-module', 'host-pid', 'af-packet', 'setuid-exec', 'pid1-environ', 'cpu-hog', 'fork-bomb', 'memory-hog']);
    expect(of('surface')).toEqual(['unshare', 'raw-icmp', 'syscall-keyctl', 'syscall-bpf', 'syscall-userfaultfd', 'syscall-perf_event_open', 'syscall-io_uring_setup', 'rootfs-write']);
    expect(of('information')).toEqual(['ptrace', 'no-new-privs', 'seccomp', 'capabilities', 'cap:NET_RAW', 'cap:SETUID', 'cap:SETGID', 'cap:SYS_ADMIN', 'cap:DAC_READ_SEARCH', 'cap:SYS_MODULE', 'cap:SYS_PTRACE', 'cap:NET_ADMIN', 'cap:MKNOD', 'cap:DAC_OVERRIDE', 'userns-root', 'mac-confinement']);
    expect(kindOf('bind-write:/data')).toBe('breach');
  });
});

describe('refused configurations', () => {
  it('every catalogued attack is not-run with the engine message, one bind-write per host bind mount (not the Docker socket)', () => {
    const spec = blankSpec('img');
    const bind = (source: string, target: string, readOnly: boolean) =>
      spec.mounts.push({ type: 'bind', source, target, readOnly, options: [], origin: { kind: 'file', file: 'x', start: 0, end: 0 }, syntax: 'short' });
    bind('/srv', '/data', false);
    bind('/etc/app', '/conf', true);
    bind('/var/run/docker.sock', '/var/run/docker.sock', false);
    const r = notRun('engine refused to start this configuration: no', spec);
    expect(r).toHaveLength(ATTACKS.length + 1);
    expect(r.filter((x) => x.id.startsWith('bind-write')).map((x) => x.id)).toEqual(['bind-write:/data', 'bind-write:/conf']);
    expect(r.every((x) => x.result === 'not-run' && x.evidence === 'engine refused to start this configuration: no')).toBe(true);
  });
});

describe('labels of dead runs', () => {
  it('a runner on this host whose pid is gone is dead; this process, other hosts and foreign values are not', () => {
    expect(runnerIsDead(`${hostname()}:999999999:1:ab12`)).toBe(true);
    expect(runnerIsDead(`${hostname()}:${process.pid}:1:ab12`)).toBe(false);
    expect(runnerIsDead(`some-other-host:999999999:1:ab12`)).toBe(false);
    expect(runnerIsDead('1')).toBe(false);
    // pid 1 is alive but started at another time than the label says: reused pid, so dead
    expect(runnerIsDead(`${hostname()}:1:123456789012:ab12`)).toBe(true);
  });
});

describe('demux', () => {
  it('splits the engine log stream into stdout and stderr', () => {
    const frame = (type: number, s: string) => Buffer.concat([Buffer.from([type, 0, 0, 0, 0, 0, 0, Buffer.byteLength(s)]), Buffer.from(s)]);
    expect(demux(Buffer.concat([frame(1, 'a\n'), frame(2, 'oops'), frame(1, 'b\n')]))).toEqual({ stdout: 'a\nb\n', stderr: 'oops' });
  });
});

describe('macRecord', () => {
  it('an engine without SELinux or AppArmor: not enforceable on this host, never blocked', () => {
    const spec = blankSpec('img');
    spec.securityOpt.push({ key: 'label', value: 'type:svirt_apache_t', raw: 'label=type:svirt_apache_t', origin: { kind: 'file', file: 'x', start: 0, end: 0 }, how: 'explicit' });
    expect(macRecord(spec, ['name=seccomp,profile=default'])).toMatchObject({
      result: 'not-enforceable',
      evidence: 'not enforceable on this host: the engine enforces no SELinux or AppArmor (SecurityOptions: name=seccomp,profile=default); label=type:svirt_apache_t has no effect here',
    });
    expect(macRecord(blankSpec('img'), ['name=apparmor', 'name=seccomp,profile=default'])).toMatchObject({ result: 'blocked', evidence: 'the engine confines the container with apparmor' });
  });
});

describe('memoryHogMiB', () => {
  it('64 MiB above the memory limit, at most 1024; 256 without a limit', () => {
    const spec = blankSpec('img');
    expect(memoryHogMiB(spec)).toBe(256);
    spec.resources.memory = { value: 64 * 2 ** 20, how: 'explicit', origin: { kind: 'file', file: 'x', start: 0, end: 0 } };
    expect(memoryHogMiB(spec)).toBe(128);
    spec.resources.memory = { value: 512 * 2 ** 20, how: 'explicit', origin: { kind: 'file', file: 'x', start: 0, end: 0 } };
    expect(memoryHogMiB(spec)).toBe(576);
    spec.resources.memory = { value: 4 * 2 ** 30, how: 'explicit', origin: { kind: 'file', file: 'x', start: 0, end: 0 } };
    expect(memoryHogMiB(spec)).toBe(1024);
  });
});
