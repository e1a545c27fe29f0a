/**
 * `bulwark probe` on a real, private Docker Engine (issue 5, "Tests on a real engine"; R-A, R-B, R-G7, R-K,
 * R-S, R-D). One engine for the file; each `probe()` call starts one probe container (plus a neighbour when the
 * DoS steps run), so the configurations are few and combined.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { probe, PROBE_LABEL, type ProbeRecord, type ProbeRun } from '../../src/probe/index.js';
import { describeEngine, useEngine } from '../support/engine.js';

const HARDENED = '--cap-drop ALL --security-opt no-new-privileges --read-only --pids-limit 64 -m 64m --user 1000 --cpus 0.1 --cpu-shares 64';

function rec(run: ProbeRun, id: string): Pick<ProbeRecord, 'result' | 'errno' | 'evidence'> {
  const r = run.records.find((x) => x.id === id);
  if (!r) throw new Error(`no record ${id}; have ${run.records.map((x) => x.id).join(' ')}`);
  return { result: r.result, errno: r.errno, evidence: r.evidence };
}

describeEngine('bulwark probe on a private engine', () => {
  const eng = useEngine();
  let image = '';
  let dataDir = '';
  beforeAll(async () => {
    image = await eng().importBusybox();
    dataDir = mkdtempSync(join(tmpdir(), 'bw-probe-data-'));
  }, 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const run = async (line: string, dos = false): Promise<ProbeRun> => {
    const report = await probe({ run: line }, { host: eng().host, dos });
    expect(report.runs).toHaveLength(1);
    return report.runs![0];
  };

  it('a default container allows AF_PACKET and raw ICMP, holds NET_RAW, SETUID and SETGID, and lets a setuid helper raise uid 65534 to root', async () => {
    const r = await run(`docker run ${image}`);
    expect(r.refused).toBeUndefined();
    expect(rec(r, 'af-packet')).toEqual({ result: 'allowed', errno: null, evidence: 'raw link-layer socket created (ARP frames can be forged); nothing sent' });
    expect(rec(r, 'raw-icmp')).toEqual({ result: 'allowed', errno: null, evidence: 'raw IP socket created; nothing sent' });
    expect(rec(r, 'cap:NET_RAW').result).toBe('allowed');
    expect(rec(r, 'cap:SETUID').result).toBe('allowed');
    expect(rec(r, 'cap:SETGID').result).toBe('allowed');
    expect(rec(r, 'capabilities').evidence).toBe(
      'CapEff 00000000a80425fb: 14 capabilities: CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP NET_BIND_SERVICE NET_RAW SYS_CHROOT MKNOD AUDIT_WRITE SETFCAP',
    );
    expect(rec(r, 'no-new-privs')).toEqual({ result: 'allowed', errno: null, evidence: 'NoNewPrivs: 0 (exec of a setuid binary raises privileges)' });
    expect(rec(r, 'setuid-exec')).toEqual({ result: 'allowed', errno: null, evidence: 'uid 65534 ran /.bulwark-setuid and got euid 0' });
    // Docker's defaults block these (seccomp + capabilities)
    expect(rec(r, 'shocker')).toMatchObject({ result: 'blocked', errno: 'EPERM' });
    expect(rec(r, 'mount-proc')).toMatchObject({ result: 'blocked', errno: 'EPERM' });
    expect(rec(r, 'mount-tmpfs')).toMatchObject({ result: 'blocked', errno: 'EPERM' });
    expect(rec(r, 'init-module')).toMatchObject({ result: 'blocked', errno: 'EPERM' });
    expect(rec(r, 'unshare')).toMatchObject({ result: 'blocked', errno: 'EPERM' });
    expect(rec(r, 'core-pattern')).toMatchObject({ result: 'blocked', errno: 'EROFS' });
    expect(rec(r, 'host-device')).toMatchObject({ result: 'blocked', errno: 'EPERM' });
    expect(rec(r, 'seccomp')).toEqual({ result: 'blocked', errno: null, evidence: 'Seccomp: 2 (filter)' });
    expect(rec(r, 'syscall-keyctl')).toMatchObject({ result: 'blocked', errno: 'EPERM' });
    expect(rec(r, 'userns-root')).toEqual({ result: 'allowed', errno: null, evidence: 'euid 0 in the container is uid 0 on the host (uid_map: 0 0 4294967295)' });
    expect(rec(r, 'rootfs-write')).toEqual({ result: 'allowed', errno: null, evidence: 'the root filesystem is writable' });
    expect(rec(r, 'docker-socket').result).toBe('not-applicable');
    expect(rec(r, 'mac-confinement').result).toBe('not-enforceable');
    expect(rec(r, 'mac-confinement').evidence).toMatch(/^not enforceable on this host: the engine enforces no SELinux or AppArmor/);
    // ptrace of its own child, the capabilities held, the uid map, no_new_privs: facts, not attacks (catalogue.ts)
    expect(rec(r, 'ptrace')).toEqual({ result: 'allowed', errno: null, evidence: expect.stringMatching(/^attached to pid \d+ \(detached at once\)$/) });
    expect(r.records.find((x) => x.id === 'ptrace')!.kind).toBe('information');
    expect(r.succeeded).toEqual(['af-packet', 'raw-icmp', 'setuid-exec', 'syscall-io_uring_setup', 'rootfs-write']);
    expect(r.facts).toEqual(['ptrace', 'no-new-privs', 'capabilities', 'cap:NET_RAW', 'cap:SETUID', 'cap:SETGID', 'cap:MKNOD', 'cap:DAC_OVERRIDE', 'userns-root']);
    expect(r.threat).toBe('present');
    // the configuration under test, without bulwark's own probe mounts, label and entrypoint
    expect(r.args).toEqual(['--network', 'none']);
    expect(r.image).toBe(image);
  }, 180_000);

  it(`a container with ${HARDENED} blocks them, contains the fork bomb at the pids limit and keeps the neighbour's work rate ≥ 80 %`, async () => {
    const r = await run(`docker run ${HARDENED} ${image}`, true);
    expect(r.refused).toBeUndefined();
    expect(rec(r, 'af-packet')).toEqual({ result: 'blocked', errno: 'EPERM', evidence: 'raw link-layer socket refused (no CAP_NET_RAW)' });
    expect(rec(r, 'raw-icmp')).toEqual({ result: 'blocked', errno: 'EPERM', evidence: 'raw IP socket refused (no CAP_NET_RAW)' });
    expect(rec(r, 'cap:NET_RAW')).toEqual({ result: 'blocked', errno: null, evidence: 'CAP_NET_RAW is not held' });
    expect(rec(r, 'cap:SETUID')).toEqual({ result: 'blocked', errno: null, evidence: 'CAP_SETUID is not held' });
    expect(rec(r, 'cap:SETGID')).toEqual({ result: 'blocked', errno: null, evidence: 'CAP_SETGID is not held' });
    expect(rec(r, 'capabilities')).toEqual({ result: 'blocked', errno: null, evidence: 'CapEff 0000000000000000: 0 capabilities' });
    expect(rec(r, 'no-new-privs')).toEqual({ result: 'blocked', errno: null, evidence: 'NoNewPrivs: 1 (setuid/setgid bits and file capabilities are ignored on exec)' });
    expect(rec(r, 'setuid-exec')).toEqual({ result: 'blocked', errno: null, evidence: 'uid 1000 ran /.bulwark-setuid and kept euid 1000' });
    expect(rec(r, 'rootfs-write')).toEqual({ result: 'blocked', errno: 'EROFS', evidence: 'cannot create /.bulwark-probe-1' });
    expect(rec(r, 'userns-root').result).toBe('blocked');
    // DoS: the pids limit (64, the probe itself included) stops the fork bomb; the memory limit kills the hog
    expect(rec(r, 'fork-bomb').result).toBe('blocked');
    expect(rec(r, 'fork-bomb').errno).toBe('EAGAIN');
    expect(rec(r, 'fork-bomb').evidence).toMatch(/^contained: fork failed after 63 processes; the neighbour kept \d+ % of its work rate/);
    expect(rec(r, 'memory-hog').result).toBe('blocked');
    expect(rec(r, 'memory-hog').evidence).toMatch(/^killed \(SIGKILL\) after \d+ MiB: the memory limit's OOM killer/);
    const cpu = r.neighbour!.phases.find((p) => p.phase === 'cpu-hog')!;
    expect(cpu.ratio).toBeGreaterThanOrEqual(0.8);
    expect(rec(r, 'cpu-hog').result).toBe('blocked');
    // nothing pinned: one busy process per host CPU, on the CPUs the container's own cpuset allows
    const n = cpus().length;
    expect(r.neighbour!.hostCpus).toBe(n);
    expect(rec(r, 'cpu-hog').evidence).toMatch(
      new RegExp(`^${n} busy processes started, allowed on ${n} CPU\\(s\\) by the container's cpuset, ran \\d+ ms, host load average [\\d.]+; the neighbour kept \\d+ % of its work rate \\(\\d+ vs \\d+ units/s in the quiet windows beside the attack\\): the CPU limit held \\(≥ 80 %\\)$`),
    );
    expect(r.args).not.toContain('--cpuset-cpus');
    // Docker 20.10's default seccomp profile still allows io_uring_setup: partial threats, no breach
    expect(r.succeeded).toEqual(['syscall-io_uring_setup']);
    expect(r.threat).toBe('partial');
  }, 300_000);

  it('--pids-limit 2: the CPU hog gets fewer processes than CPUs and says how many; the fork bomb is contained', async () => {
    const n = cpus().length;
    const r = await run(`docker run --pids-limit 2 --cpus 0.5 ${image}`, true);
    const cpu = rec(r, 'cpu-hog');
    expect(cpu.evidence).toMatch(new RegExp(`^${n > 1 ? `1 of ${n} busy processes started \\(fork: EAGAIN\\)` : '1 busy processes started'}, allowed on ${n} CPU\\(s\\) by the container's cpuset, ran \\d+ ms, host load average [\\d.]+; the neighbour kept \\d+ % of its work rate`));
    expect(rec(r, 'fork-bomb')).toMatchObject({ result: 'blocked', errno: 'EAGAIN', evidence: expect.stringMatching(/^contained: fork failed after 1 processes; the neighbour kept \d+ % of its work rate/) });
    expect(r.neighbour!.phases.map((p) => p.phase)).toEqual(['cpu-hog', 'fork-bomb', 'memory-hog']);
  }, 300_000);

  it('--cap-add SYS_ADMIN allows mount (proc, tmpfs, cgroup) and unshare where the default blocks them', async () => {
    const r = await run(`docker run --cap-add SYS_ADMIN ${image}`);
    expect(rec(r, 'mount-proc')).toEqual({ result: 'allowed', errno: null, evidence: 'proc mounted (and unmounted at once)' });
    expect(rec(r, 'mount-tmpfs')).toEqual({ result: 'allowed', errno: null, evidence: 'tmpfs mounted (and unmounted at once)' });
    expect(rec(r, 'mount-cgroup').result).toBe('allowed');
    expect(rec(r, 'unshare')).toEqual({ result: 'allowed', errno: null, evidence: 'new user and mount namespaces created' });
    expect(rec(r, 'cap:SYS_ADMIN').result).toBe('allowed');
    expect(rec(r, 'shocker')).toMatchObject({ result: 'blocked', errno: 'EPERM' });
  }, 180_000);

  it('--cap-add DAC_READ_SEARCH allows open_by_handle_at (shocker); a mounted docker.sock answers /_ping; a writable bind gets a temp file created and removed, a read-only one is only examined', async () => {
    const r = await run(`docker run --cap-add DAC_READ_SEARCH -v ${dataDir}:/data -v ${dataDir}:/ro:ro -v ${eng().socket}:/var/run/docker.sock ${image}`);
    const shocker = rec(r, 'shocker');
    expect(shocker.result).toBe('allowed');
    // ext4 (the usual data root) opens the root inode; other filesystems reject the ext4 handle guess but the syscall ran
    expect(shocker.evidence).toMatch(/^(opened the host root directory \(inode 2, device \d+:\d+\) behind \/etc\/hosts|open_by_handle_at is reachable on the host filesystem behind \/etc\/hosts)/);
    expect(rec(r, 'mount-proc')).toMatchObject({ result: 'blocked', errno: 'EPERM' });
    expect(rec(r, 'docker-socket')).toEqual({
      result: 'allowed',
      errno: null,
      evidence: '/var/run/docker.sock answered "HTTP/1.0 200 OK": the engine (and so the host) is controllable from the container',
    });
    expect(rec(r, 'bind-write:/data')).toEqual({ result: 'allowed', errno: null, evidence: 'created and removed a file in host directory /data' });
    expect(rec(r, 'bind-write:/ro')).toEqual({ result: 'blocked', errno: 'EROFS', evidence: '/ro is mounted read-only' });
    expect(r.records.filter((x) => x.id.startsWith('bind-write')).map((x) => x.id)).toEqual(['bind-write:/ro', 'bind-write:/data']);
    expect(readdirSync(dataDir)).toEqual([]);
  }, 180_000);

  it('--privileged: the engine refuses to start it here (no CAP_SYS_RESOURCE for dockerd), and every attack says so instead of a verdict', async () => {
    const r = await run(`docker run --privileged ${image}`);
    if (r.refused) {
      expect(r.refused).toMatch(/^engine refused to start this configuration: /);
      expect(r.records.length).toBeGreaterThan(30);
      expect(new Set(r.records.map((x) => x.result))).toEqual(new Set(['not-run']));
      expect(new Set(r.records.map((x) => x.evidence))).toEqual(new Set([r.refused]));
      expect(r.threat).toBe('unknown');
      expect(r.succeeded).toEqual([]);
    } else {
      // an engine that can start privileged containers: the host's devices and /proc are open
      expect(rec(r, 'core-pattern')).toMatchObject({ result: 'allowed', errno: null });
      expect(rec(r, 'mount-proc').result).toBe('allowed');
      expect(rec(r, 'shocker').result).toBe('allowed');
      expect(rec(r, 'dev-block').result).toBe('allowed');
    }
  }, 180_000);

  it('leaves no labelled container behind', async () => {
    const ps = await eng().docker(['ps', '-a', '-q', '--filter', `label=${PROBE_LABEL}`]);
    expect(ps.code).toBe(0);
    expect(ps.stdout).toBe('');
  });
});
