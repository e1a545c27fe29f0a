import { describe, expect, it } from 'vitest';
import { emptyDaemon, type DaemonSpec } from '../../model/daemon.js';
import { SourceFile } from '../../model/source.js';
import { applyDockerdFlags, dockerdArgsStart, parseGoBool, parseUlimit } from './flags.js';
import { tokenizeLine } from '../run/index.js';

/** Parses `text` as one dockerd command line; returns the spec, errors and a helper giving `value@col-endcol`. */
function run(text: string) {
  const file = new SourceFile('cmd', text);
  const d = emptyDaemon({ kind: 'daemon', name: 'cmd', range: file.range(0, 0) }, 'dockerd-flags', 'cmd', 'partial');
  const words = tokenizeLine(text, 0, text.length);
  const errors = applyDockerdFlags(d, words.slice(dockerdArgsStart(words)), 'cmd', file);
  const at = (s: { value: unknown; origin: { start?: number; end?: number } } | undefined) =>
    s ? `${JSON.stringify(s.value)}@${(s.origin.start ?? 0) + 1}-${(s.origin.end ?? 0) + 1}` : undefined;
  return { d, errors, at };
}

describe('applyDockerdFlags', () => {
  it('reads the default bridge: --bridge=none, -b br0 (dockerd(8); daemon-icc-enabled, CIS 2.2)', () => {
    const none = run('dockerd --bridge=none --iptables=false');
    expect(none.errors).toEqual([]);
    expect(none.at(none.d.bridge)).toBe('"none"@9-22');
    const named = run('dockerd -b br0');
    expect(named.at(named.d.bridge)).toBe('"br0"@9-15');
  });

  it('reads booleans in every spelling', () => {
    const { d, at, errors } = run('dockerd --icc=false --iptables --ip-masq=0 -D --live-restore=True --userland-proxy=f --no-new-privileges --tlsverify=1 --experimental --selinux-enabled');
    expect(errors).toEqual([]);
    expect([d.icc, d.iptables, d.ipMasq, d.debug, d.liveRestore, d.userlandProxy, d.noNewPrivileges, d.tlsVerify, d.experimental, d.selinuxEnabled].map(at)).toEqual([
      'false@9-20', 'true@21-31', 'false@32-43', 'true@44-46', 'true@47-66', 'false@67-85', 'true@86-105', 'true@106-119', 'true@120-134', 'true@135-152',
    ]);
  });

  it('reads values after =, after a space, glued to a short flag, and repeated list flags', () => {
    const { d, at, errors } = run('dockerd -H fd:// --host=tcp://0.0.0.0:2376 -Hunix:///r.sock -H=tcp://h:1 -s overlay2 -l warn --log-driver syslog --log-opt tag=x --insecure-registry a:5000 --insecure-registry=b:5000 --registry-mirror https://m --storage-opt dm.basesize=20G --authorization-plugin=authz --userns-remap default --cgroup-parent=/p --seccomp-profile=/s.json --config-file /etc/d.json --data-root=/data --exec-opt native.cgroupdriver=systemd --default-runtime=runsc --tlscacert=/ca --tlscert /c --tlskey=/k');
    expect(errors).toEqual([]);
    expect(d.hosts.map(at)).toEqual(['"fd://"@9-17', '"tcp://0.0.0.0:2376"@18-43', '"unix:///r.sock"@44-60', '"tcp://h:1"@61-73']);
    expect([d.storageDriver, d.logLevel, d.logDriver, d.usernsRemap, d.cgroupParent, d.seccompProfile, d.configFile, d.dataRoot, d.defaultRuntime, d.tlsCaCert, d.tlsCert, d.tlsKey].map((s) => s?.value)).toEqual([
      'overlay2', 'warn', 'syslog', 'default', '/p', '/s.json', '/etc/d.json', '/data', 'runsc', '/ca', '/c', '/k',
    ]);
    expect(d.logOpts.tag.value).toBe('x');
    expect(d.insecureRegistries.map((r) => r.value)).toEqual(['a:5000', 'b:5000']);
    expect(d.registryMirrors.map((r) => r.value)).toEqual(['https://m']);
    expect(d.storageOpts.map((r) => r.value)).toEqual(['dm.basesize=20G']);
    expect(d.authorizationPlugins.map((r) => r.value)).toEqual(['authz']);
    expect(d.execOpts?.map((r) => r.value)).toEqual(['native.cgroupdriver=systemd']);
  });

  it('reads clustered short flags, default ulimits, legacy single-dash long flags and unknown flags', () => {
    const { d, at, errors } = run('docker daemon -Ds aufs -icc=false --default-ulimit nofile=1024:2048 --default-ulimit nproc=512 --future-flag --other=1');
    expect(errors).toEqual([]);
    expect([d.debug, d.storageDriver, d.icc].map(at)).toEqual(['true@15-18', '"aufs"@15-23', 'false@24-34']);
    expect(d.defaultUlimits.map(({ name, soft, hard }) => ({ name, soft, hard }))).toEqual([
      { name: 'nofile', soft: 1024, hard: 2048 },
      { name: 'nproc', soft: 512, hard: 512 },
    ]);
    expect(Object.keys(d.extra).sort()).toEqual(['--future-flag', '--other']);
  });

  it('returns input errors for what dockerd rejects, with line and column', () => {
    const { d, errors } = run('dockerd --icc false --log-level loud --default-ulimit nproc --live-restore=maybe -H');
    expect(errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
      '1:15 dockerd reads "--icc false" as --icc=true followed by a stray argument, and refuses to start: write --icc=false',
      '1:21 --log-level: invalid log level "loud"',
      '1:38 --default-ulimit: invalid ulimit "nproc" (expected name=soft[:hard])',
      '1:61 --live-restore=maybe: invalid boolean value "maybe"',
      '1:82 flag -H needs an argument',
    ]);
    expect(d.icc?.value).toBe(true);
    expect(d.logLevel).toBeUndefined();
    expect(d.hosts).toEqual([]);
  });

  it('marks values from unresolved expansions', () => {
    const { d } = run('dockerd --data-root=$ROOT -H "$H"');
    expect([d.dataRoot?.how, d.hosts[0].how]).toEqual(['unresolved', 'unresolved']);
  });

  it('stops at --', () => {
    expect(run('dockerd -- --icc=false').d.icc).toBeUndefined();
  });
});

describe('helpers', () => {
  it('parseGoBool follows strconv.ParseBool', () => {
    expect(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False', 'yes', ''].map(parseGoBool)).toEqual([
      true, true, true, true, true, true, false, false, false, false, false, false, undefined, undefined,
    ]);
  });
  it('parseUlimit reads name=soft[:hard]', () => {
    expect([parseUlimit('nofile=1024:2048'), parseUlimit('core=-1'), parseUlimit('nofile'), parseUlimit('x=a')]).toEqual([
      { name: 'nofile', soft: 1024, hard: 2048 },
      { name: 'core', soft: -1, hard: -1 },
      undefined,
      undefined,
    ]);
  });
  it('dockerdArgsStart finds dockerd, docker daemon and docker -d', () => {
    const w = (s: string) => s.split(' ').map((value) => ({ value }));
    expect([w('dockerd -D'), w('/usr/bin/dockerd'), w('sudo docker daemon -D'), w('docker -d -D'), w('docker run nginx'), w('-/usr/bin/dockerd')].map(dockerdArgsStart)).toEqual([1, 1, 3, 1, -1, 1]);
  });
});

export type { DaemonSpec };
