import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SourceFile } from '../../model/source.js';
import type { Origin } from '../../model/types.js';
import { daemonFromInfo, daemonFromJson, ingestDaemon, mergeDaemonSpecs, parseUnit } from './index.js';
import { corpusPath } from '../../../test/support/corpus.js';

const ctx = (files: Record<string, string> = {}) => ({ readFile: async (p: string) => files[p], env: {} });
/** `value@line:col-endLine:endCol[ pointer]` of a sourced value. */
function loc(file: SourceFile, s: { value: unknown; origin: Origin } | undefined): string | undefined {
  if (!s || s.origin.kind !== 'file') return undefined;
  const l = file.location(s.origin);
  return `${JSON.stringify(s.value)}@${l.startLine}:${l.startColumn}-${l.endLine}:${l.endColumn}${s.origin.pointer ? ' ' + s.origin.pointer : ''}`;
}

describe('daemonFromJson', () => {
  it('a key written twice: the later value wins, for lists too (Go encoding/json resets a slice)', () => {
    const f = new SourceFile('daemon.json', '{\n  "hosts": ["tcp://0.0.0.0:2375"],\n  "icc": true,\n  "hosts": ["unix:///var/run/docker.sock"],\n  "icc": false\n}\n');
    const { daemon: d, errors } = daemonFromJson(f);
    expect(errors).toEqual([]);
    expect(d!.hosts.map((h) => loc(f, h))).toEqual(['"unix:///var/run/docker.sock"@4:13-4:42 /hosts/0']);
    expect(loc(f, d!.icc)).toBe('false@5:3-5:15 /icc');
  });
  it('reports every key dockerd does not know, each at its position, with the nearest documented key (R-D)', () => {
    const f = new SourceFile('daemon.json', '{\n  "icc": false,\n  "foo-bar": 1,\n  "live-restor": true,\n  "userns-remapp": "default",\n  "ICC": true,\n  "default-address-pools": [], "features": {"buildkit": true}, "proxies": {}\n}\n');
    const { errors } = daemonFromJson(f);
    expect(errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
      '3:3 "foo-bar" is not a dockerd option; dockerd refuses to start with this file',
      '4:3 "live-restor" is not a dockerd option (did you mean "live-restore"?); dockerd refuses to start with this file',
      '5:3 "userns-remapp" is not a dockerd option (did you mean "userns-remap"?); dockerd refuses to start with this file',
      '6:3 "ICC" is not a dockerd option (did you mean "icc"?); dockerd refuses to start with this file',
    ]);
  });

  it('models every section-2 key with positions and JSON pointers', () => {
    const text = [
      '{',
      '  "hosts": ["unix:///var/run/docker.sock"],',
      '  "tls": true, "tlsverify": true, "tlscacert": "/ca.pem", "tlscert": "/c.pem", "tlskey": "/k.pem",',
      '  "icc": false, "iptables": true, "ip-forward": true, "ip-masq": true, "userland-proxy": false,',
      '  "userns-remap": "default", "no-new-privileges": true, "live-restore": true, "debug": false,',
      '  "log-level": "info", "log-driver": "syslog", "log-opts": {"syslog-address": "udp://1.2.3.4:514", "splunk-token": "abc"},',
      '  "insecure-registries": [], "registry-mirrors": ["https://m"], "storage-driver": "overlay2", "storage-opts": ["overlay2.size=1G"],',
      '  "default-ulimits": {"nofile": {"Name": "nofile", "Hard": 64000, "Soft": 1024}, "nproc": "nproc=10:20"},',
      '  "cgroup-parent": "/p", "authorization-plugins": ["authz"], "seccomp-profile": "/s.json", "experimental": false,',
      '  "selinux-enabled": true, "default-runtime": "runc", "data-root": "/data", "exec-opts": ["native.cgroupdriver=systemd"],',
      '  "features": {"buildkit": true}, "a/b~c": 1',
      '}',
    ].join('\n');
    const f = new SourceFile('daemon.json', text);
    const { daemon: d, errors } = daemonFromJson(f);
    // The flag's string form of a ulimit is refused by dockerd (checked with dockerd 20.10), but still modelled below.
    expect(errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
      '8:91 "default-ulimits.nproc" must be an object of {"Name", "Soft", "Hard"}; dockerd refuses to start with this file',
      // Not a dockerd key (kept in `extra` with its escaped JSON pointer, below).
      '11:35 "a/b~c" is not a dockerd option; dockerd refuses to start with this file',
    ]);
    expect(d!.source).toBe('daemon-json');
    expect(d!.completeness).toBe('partial');
    expect(f.location(d!.target.range)).toMatchObject({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 });
    expect(d!.hosts.map((h) => loc(f, h))).toEqual(['"unix:///var/run/docker.sock"@2:13-2:42 /hosts/0']);
    expect(loc(f, d!.tlsVerify)).toBe('true@3:16-3:33 /tlsverify');
    expect(loc(f, d!.icc)).toBe('false@4:3-4:15 /icc');
    expect(loc(f, d!.logOpts['syslog-address'])).toBe('"udp://1.2.3.4:514"@6:61-6:98 /log-opts/syslog-address');
    expect([d!.tls, d!.iptables, d!.ipForward, d!.ipMasq, d!.userlandProxy, d!.noNewPrivileges, d!.liveRestore, d!.debug, d!.experimental, d!.selinuxEnabled].map((s) => s?.value)).toEqual([
      true, true, true, true, false, true, true, false, false, true,
    ]);
    expect([d!.tlsCaCert, d!.tlsCert, d!.tlsKey, d!.usernsRemap, d!.logLevel, d!.logDriver, d!.storageDriver, d!.cgroupParent, d!.seccompProfile, d!.defaultRuntime, d!.dataRoot].map((s) => s?.value)).toEqual([
      '/ca.pem', '/c.pem', '/k.pem', 'default', 'info', 'syslog', 'overlay2', '/p', '/s.json', 'runc', '/data',
    ]);
    expect([d!.registryMirrors, d!.storageOpts, d!.authorizationPlugins, d!.execOpts!].map((l) => l.map((x) => x.value))).toEqual([['https://m'], ['overlay2.size=1G'], ['authz'], ['native.cgroupdriver=systemd']]);
    expect(d!.defaultUlimits.map(({ name, soft, hard }) => ({ name, soft, hard }))).toEqual([
      { name: 'nofile', soft: 1024, hard: 64000 },
      { name: 'nproc', soft: 10, hard: 20 },
    ]);
    expect(d!.extra.features.value).toEqual({ buildkit: true });
    expect((d!.extra['a/b~c'].origin as { pointer: string }).pointer).toBe('/a~1b~0c');
  });

  it('masks tokens in log options', async () => {
    const f = new SourceFile('daemon.json', '{"log-driver": "splunk", "log-opts": {"splunk-token": "176FCEBF-4CF5-4EDF-91BC-703796522D20", "splunk-url": "https://s:8088"}}');
    const r = await ingestDaemon(f, ctx());
    expect(r.secretRanges!.map((s) => f.text.slice(s.start, s.end))).toEqual(['176FCEBF-4CF5-4EDF-91BC-703796522D20']);
  });

  it('reports invalid JSON with its position, and wrong types per key', () => {
    const bad = daemonFromJson(new SourceFile('daemon.json', '{\n  "icc": false,\n}\n'));
    expect(bad.errors.map((e) => `${e.line}:${e.column} ${e.code}`)).toEqual(['3:1 parse']);
    expect(bad.errors[0].message).toMatch(/^not valid JSON, dockerd refuses to start: /);
    const typed = daemonFromJson(new SourceFile('daemon.json', '{"icc": "false", "hosts": "tcp://x", "live-restore": true}'));
    expect(typed.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
      '1:9 "icc" must be the JSON boolean false without quotes, not the string "false"; dockerd refuses to start with this file',
      '1:27 "hosts" must be an array of strings, not one string: put the string in [ ]; dockerd refuses to start with this file',
    ]);
    // Like the quoted boolean, the one string is modelled (a one-item list) so the rules judge its intent.
    expect([typed.daemon!.icc?.value, typed.daemon!.icc?.raw, typed.daemon!.hosts.map((h) => h.value), typed.daemon!.liveRestore?.value]).toEqual([false, '"false"', ['tcp://x'], true]);
    expect(daemonFromJson(new SourceFile('daemon.json', '[1]')).errors.map((e) => e.message)).toEqual(['daemon.json must hold a JSON object']);
  });
});

describe('systemd units', () => {
  it('joins continuations (backslash becomes a space), skips comments inside them, keeps offsets', () => {
    const text = '[Service]\nExecStart=/usr/bin/dockerd \\\n# a comment\n\t--icc=false\\\n  -D\nLimitCORE=infinity\n';
    const { entries, clean } = parseUnit(text);
    expect(clean.length).toBe(text.length);
    expect(entries.map((e) => [e.section, e.key, e.value.replace(/\s+/g, ' ')])).toEqual([
      ['Service', 'ExecStart', '/usr/bin/dockerd --icc=false -D'],
      ['Service', 'LimitCORE', 'infinity'],
    ]);
  });

  it('reads the corpus unit: fd:// host, flags across tab-indented continuations, limits', async () => {
    const f = new SourceFile('docker.service', readFileSync(corpusPath('daemon/dotfiles-docker.service'), 'utf8'));
    const r = await ingestDaemon(f, ctx());
    expect(r.errors).toEqual([]);
    const d = r.daemons![0];
    expect(d.source).toBe('systemd-unit');
    expect(f.location(d.target.range)).toMatchObject({ startLine: 7, startColumn: 1, endColumn: 10 });
    expect([d.debug, d.storageDriver, ...d.hosts, d.userlandProxy, d.liveRestore, d.iptables].map((s) => loc(f, s))).toEqual([
      'true@9:34-9:36',
      '"overlay2"@10:5-10:16',
      '"fd://"@11:5-11:13',
      'true@13:5-13:26',
      'true@14:5-14:19',
      'true@16:5-16:20',
    ]);
    expect(d.execOpts!.map((s) => s.value)).toEqual(['native.cgroupdriver=cgroupfs']);
    expect(Object.fromEntries(Object.entries(d.unitLimits!).map(([k, v]) => [k, loc(f, v)]))).toEqual({
      LimitNOFILE: '"1048576"@18:1-18:20',
      LimitNPROC: '"infinity"@21:1-21:20',
      LimitCORE: '"infinity"@22:1-22:19',
    });
  });

  it('uses the ExecStart after a drop-in reset, with systemd prefixes', async () => {
    const f = new SourceFile('override.conf', '[Service]\nExecStart=\nExecStart=-/usr/bin/dockerd --live-restore\n');
    const d = (await ingestDaemon(f, ctx())).daemons![0];
    expect(loc(f, d.liveRestore)).toBe('true@3:29-3:43');
    const reset = await ingestDaemon(new SourceFile('override.conf', '[Service]\nExecStart=/usr/bin/dockerd --icc=false\nExecStart=\n'), ctx());
    expect(reset.daemons).toEqual([]);
    expect(reset.errors.map((e) => `${e.code}: ${e.message}`)).toEqual(['unsupported: no ExecStart= in the [Service] section runs dockerd, and no ListenStream= in a [Socket] section']);
  });

  it('expands $VAR (split) and ${VAR} (one word) from Environment= and EnvironmentFile=, files winning', async () => {
    const text = [
      '[Service]',
      'Environment="DOCKER_OPTS=--icc=false -H tcp://0.0.0.0:2376" ROOT=/data HTTPS_PROXY=http://user:s3cret@proxy:3128',
      'EnvironmentFile=-/etc/default/docker',
      'ExecStart=/usr/bin/dockerd $DOCKER_OPTS --data-root=${ROOT} ${LOGLEVEL} $MISSING',
    ].join('\n');
    const f = new SourceFile('docker.service', text);
    const r = await ingestDaemon(f, ctx({ '/etc/default/docker': '# defaults\nLOGLEVEL="--log-level=debug"\n' }));
    expect(r.errors).toEqual([]);
    const d = r.daemons![0];
    expect([d.icc, ...d.hosts, d.dataRoot].map((s) => loc(f, s))).toEqual(['false@2:26-2:37', '"tcp://0.0.0.0:2376"@2:38-2:59', '"/data"@4:41-4:60']);
    // From the EnvironmentFile: at the line that writes it (2:11-2:28 of /etc/default/docker), not at ${LOGLEVEL}.
    expect([d.logLevel?.value, d.logLevel?.origin]).toEqual(['debug', { kind: 'file', file: '/etc/default/docker', start: 21, end: 38 }]);
    expect(r.secretRanges!.map((s) => f.text.slice(s.start, s.end))).toEqual(['s3cret']);
    expect(d.extra.unresolvedEnvironment).toBeUndefined();
  });

  it('refuses ${VAR} holding several options: systemd passes it as one argument and dockerd does not start', async () => {
    const f = new SourceFile('docker.service', '[Service]\nEnvironmentFile=-/etc/default/docker\nExecStart=/usr/bin/dockerd -H fd:// ${DOCKER_OPTS}\n');
    const r = await ingestDaemon(f, ctx({ '/etc/default/docker': 'DOCKER_OPTS="-H tcp://0.0.0.0:2375 --icc=true"\n' }));
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.code}: ${e.message}`)).toEqual([
      '3:37 parse: ${DOCKER_OPTS} passes its 3 words from /etc/default/docker to dockerd as one argument (systemd splits $DOCKER_OPTS at whitespace, not ${DOCKER_OPTS}), so dockerd refuses to start: write $DOCKER_OPTS',
    ]);
    const d = r.daemons![0];
    expect(d.hosts.map((h) => h.value)).toEqual(['fd://']);
    expect(d.icc).toBeUndefined();
    expect(d.extra.environmentFiles?.value).toEqual(['/etc/default/docker']);
  });

  it('leaves variables of an unreadable EnvironmentFile unresolved', async () => {
    const f = new SourceFile('docker.service', '[Service]\nEnvironmentFile=-/etc/sysconfig/docker\nExecStart=/usr/bin/dockerd $OPTIONS --data-root=$ROOT\n');
    const d = (await ingestDaemon(f, ctx())).daemons![0];
    expect(d.extra.unresolvedEnvironment.value).toEqual(['OPTIONS']);
    expect(d.dataRoot?.how).toBe('unresolved');
  });
});

describe('command lines', () => {
  it('reads each line that runs dockerd, joining continuations', async () => {
    const f = new SourceFile('ps.txt', 'root 1 /usr/bin/dockerd -H fd:// \\\n  --icc=false\nsome other line\nnohup dockerd --live-restore &\n');
    const r = await ingestDaemon(f, ctx());
    expect(r.errors).toEqual([]);
    expect(r.daemons!.map((d) => [f.location(d.target.range).startLine, d.source, d.icc?.value, d.liveRestore?.value])).toEqual([
      [1, 'dockerd-flags', false, undefined],
      [4, 'dockerd-flags', undefined, true],
    ]);
  });

  it('reads /proc/<pid>/cmdline (NUL separated)', async () => {
    const f = new SourceFile('cmdline', '/usr/bin/dockerd\0-H\0tcp://127.0.0.1:2375\0--icc=false\0');
    const d = (await ingestDaemon(f, ctx())).daemons![0];
    expect([...d.hosts, d.icc].map((s) => loc(f, s))).toEqual(['"tcp://127.0.0.1:2375"@1:18-1:41', 'false@1:42-1:53']);
  });

  it('says so when a file holds no dockerd configuration', async () => {
    const r = await ingestDaemon(new SourceFile('notes.txt', 'docker run nginx\n'), ctx());
    expect([r.daemons, r.errors.map((e) => e.code)]).toEqual([[], ['unsupported']]);
  });

  it('never throws, whatever the text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json(), fc.constantFrom('[Service]\nExecStart=dockerd ', '{"hosts": [', 'dockerd -H')).chain((p) => fc.tuple(fc.constant(p), fc.string())), async ([a, b]) => {
        const r = await ingestDaemon(new SourceFile('x', a + b), ctx());
        expect(r.errors.every((e) => e.code !== 'internal')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('daemonFromInfo', () => {
  const info = {
    Name: 'host1',
    Driver: 'overlay2',
    LoggingDriver: 'json-file',
    Debug: true,
    LiveRestoreEnabled: false,
    ExperimentalBuild: false,
    DefaultRuntime: 'runc',
    DockerRootDir: '/var/lib/docker',
    CgroupDriver: 'cgroupfs',
    SecurityOptions: ['name=apparmor', 'name=seccomp,profile=unconfined', 'name=userns', 'name=rootless'],
    RegistryConfig: {
      InsecureRegistryCIDRs: ['::1/128', '127.0.0.0/8', '10.0.0.0/8'],
      IndexConfigs: { 'docker.io': { Name: 'docker.io', Secure: true }, 'reg.lan:5000': { Name: 'reg.lan:5000', Secure: false } },
      Mirrors: ['https://m/'],
    },
    Plugins: { Authorization: ['authz'] },
    Swarm: { LocalNodeState: 'active', Managers: 3, Nodes: 5, Cluster: { Spec: { EncryptionConfig: { AutoLockManagers: false } } } },
    Warnings: ['WARNING: API is accessible on http://127.0.0.1:2375 without encryption.\n  Access to the remote API is equivalent to root access on the host.'],
  };
  const locate = (pointer: string): Origin => ({ kind: 'engine', container: '', pointer });

  it('maps /info fields, with engine pointers', () => {
    const d = daemonFromInfo(info, { Version: '20.10.24', Components: [{ Name: 'runc', Version: '1.1.5' }] }, locate, 'unix:///var/run/docker.sock');
    expect([d.source, d.completeness, d.target.name]).toEqual(['engine', 'complete', 'unix:///var/run/docker.sock']);
    const ptr = (s: { value: unknown; origin: Origin } | undefined) => s && `${JSON.stringify(s.value)} ${(s.origin as { pointer: string }).pointer}`;
    expect([d.storageDriver, d.logDriver, d.debug, d.liveRestore, d.experimental, d.seccompProfile, d.usernsRemap, d.rootless, d.selinuxEnabled, d.tls].map(ptr)).toEqual([
      '"overlay2" /Driver',
      '"json-file" /LoggingDriver',
      'true /Debug',
      'false /LiveRestoreEnabled',
      'false /ExperimentalBuild',
      '"unconfined" /SecurityOptions/1',
      '"(remapped)" /SecurityOptions/2',
      'true /SecurityOptions/3',
      'false /SecurityOptions',
      'false /Warnings/0',
    ]);
    expect([...d.hosts, ...d.insecureRegistries, ...d.registryMirrors, ...d.authorizationPlugins].map(ptr)).toEqual([
      '"tcp://127.0.0.1:2375" /Warnings/0',
      '"10.0.0.0/8" /RegistryConfig/InsecureRegistryCIDRs/2',
      '"reg.lan:5000" /RegistryConfig/IndexConfigs/reg.lan:5000/Secure',
      '"https://m/" /RegistryConfig/Mirrors/0',
      '"authz" /Plugins/Authorization/0',
    ]);
    expect(d.swarm).toEqual({ state: 'active', managers: 3, nodes: 5, autolockEnabled: false, origin: locate('/Swarm/LocalNodeState') });
    expect([d.extra.engineVersion.value, d.extra['version:runc'].value]).toEqual(['20.10.24', '1.1.5']);
  });

  it('reads TLS without verification from the warning, and survives junk', () => {
    const d = daemonFromInfo({ Warnings: ['WARNING: API is accessible on https://0.0.0.0:2376 without TLS client verification.'] }, null, locate);
    expect([d.hosts.map((h) => h.value), d.tls?.value, d.tlsVerify?.value, d.target.name]).toEqual([['tcp://0.0.0.0:2376'], true, false, 'engine']);
    expect(daemonFromInfo('nonsense', 42, locate).hosts).toEqual([]);
  });

  it('mergeDaemonSpecs: later specs win, lists join without duplicates', () => {
    const fromInfo = daemonFromInfo(info, {}, locate);
    const json = daemonFromJson(new SourceFile('/etc/docker/daemon.json', '{"icc": false, "live-restore": true, "insecure-registries": ["reg.lan:5000", "other:1"]}')).daemon!;
    const m = mergeDaemonSpecs([fromInfo, json]);
    expect([m.source, m.completeness, m.icc?.value, m.liveRestore?.value, m.debug?.value, m.insecureRegistries.map((r) => r.value)]).toEqual([
      'engine', 'complete', false, true, true, ['10.0.0.0/8', 'reg.lan:5000', 'other:1'],
    ]);
  });

  // QA (live): /info shows a mirror as dockerd normalized it (`http://mirror.internal:5000/`) and an insecure
  // registry without the `http://` dockerd strips; merged with daemon.json each was reported twice (BW-0205).
  it('mergeDaemonSpecs: a mirror and an insecure registry dockerd normalized are not counted twice', () => {
    const fromInfo = daemonFromInfo({ RegistryConfig: { IndexConfigs: { 'registry.internal:5000': { Secure: false } }, Mirrors: ['http://mirror.internal:5000/'] } }, {}, locate);
    const json = daemonFromJson(new SourceFile('/etc/docker/daemon.json', '{"registry-mirrors": ["http://mirror.internal:5000"], "insecure-registries": ["http://registry.internal:5000"]}')).daemon!;
    const m = mergeDaemonSpecs([fromInfo, json]);
    expect([m.registryMirrors.map((r) => r.value), m.insecureRegistries.map((r) => r.value)]).toEqual([['http://mirror.internal:5000/'], ['registry.internal:5000']]);
  });
});

// QA (real-world daemon configuration): distribution environment files of dockerd options, RHEL 7's dockerd-current.
describe('dockerd options in environment files', () => {
  it('reads /etc/default/docker DOCKER_OPTS (comments and commented-out assignments give nothing)', async () => {
    const text = [
      '# Docker Upstart and SysVinit configuration file',
      '#DOCKER_OPTS="--dns 8.8.8.8 --dns 8.8.4.4"',
      'DOCKER_OPTS="-H tcp://0.0.0.0:2375 -H unix:///var/run/docker.sock --insecure-registry 10.0.0.5:5000"',
      '#export http_proxy="http://127.0.0.1:3128/"',
      'DOCKERD=/usr/local/bin/dockerd',
    ].join('\n');
    const f = new SourceFile('docker', text);
    const r = await ingestDaemon(f, ctx());
    expect(r.errors).toEqual([]);
    const d = r.daemons![0];
    expect(r.daemons).toHaveLength(1);
    expect(d.source).toBe('dockerd-flags');
    expect(f.location(d.target.range)).toMatchObject({ startLine: 3, startColumn: 1, endLine: 3, endColumn: 12 });
    expect(d.hosts.map((h) => loc(f, h))).toEqual(['"tcp://0.0.0.0:2375"@3:14-3:35', '"unix:///var/run/docker.sock"@3:36-3:66']);
    expect(d.insecureRegistries.map((h) => loc(f, h))).toEqual(['"10.0.0.5:5000"@3:67-3:100']);
  });
  it("reads /etc/sysconfig/docker OPTIONS='…' and INSECURE_REGISTRY, ignoring shell around them", async () => {
    const text = [
      '# /etc/sysconfig/docker',
      "OPTIONS='--selinux-enabled --log-driver=journald --signature-verification=false'",
      'if [ -z "${DOCKER_CERT_PATH}" ]; then',
      '    DOCKER_CERT_PATH=/etc/docker',
      'fi',
      "INSECURE_REGISTRY='--insecure-registry 172.30.0.0/16'",
    ].join('\n');
    const f = new SourceFile('docker', text);
    const r = await ingestDaemon(f, ctx());
    expect(r.errors).toEqual([]);
    const d = r.daemons![0];
    expect([d.selinuxEnabled?.value, d.logDriver?.value]).toEqual([true, 'journald']);
    expect(d.insecureRegistries.map((h) => loc(f, h))).toEqual(['"172.30.0.0/16"@6:20-6:53']);
  });
  it('a file with neither command lines nor option variables is still unsupported', async () => {
    const r = await ingestDaemon(new SourceFile('notes.txt', 'OPTIONS_FOR_APP=1\nhello\n'), ctx());
    expect(r.daemons).toEqual([]);
    expect(r.errors.map((e) => e.code)).toEqual(['unsupported']);
  });
  it("runs RHEL 7's dockerd-current from a unit", async () => {
    const text = '[Service]\nEnvironmentFile=-/etc/sysconfig/docker\nExecStart=/usr/bin/dockerd-current --userland-proxy-path=/usr/libexec/docker/docker-proxy-current -H tcp://0.0.0.0:2375 $OPTIONS\n';
    const f = new SourceFile('docker.service', text);
    const r = await ingestDaemon(f, ctx({ '/etc/sysconfig/docker': "OPTIONS='--icc=false'\n" }));
    expect(r.errors).toEqual([]);
    expect(r.daemons![0].hosts.map((h) => h.value)).toEqual(['tcp://0.0.0.0:2375']);
    expect(r.daemons![0].icc?.value).toBe(false);
  });
});

describe('QA: socket units and rootless', () => {
  it('reads docker.socket ListenStream= lines as dockerd listeners (fd://)', async () => {
    const text = '[Unit]\nDescription=Docker Socket for the API\n\n[Socket]\nListenStream=/run/docker.sock\nListenStream=0.0.0.0:2375\nListenStream=2376\nSocketMode=0660\nSocketGroup=docker\n\n[Install]\nWantedBy=sockets.target\n';
    const f = new SourceFile('docker.socket', text);
    const r = await ingestDaemon(f, ctx());
    expect(r.errors).toEqual([]);
    const d = r.daemons![0];
    expect(d.source).toBe('systemd-unit');
    expect(f.location(d.target.range)).toMatchObject({ startLine: 4, startColumn: 1, endLine: 4, endColumn: 9 });
    expect(d.hosts.map((h) => loc(f, h))).toEqual(['"unix:///run/docker.sock"@5:14-5:30', '"tcp://0.0.0.0:2375"@6:14-6:26', '"tcp://0.0.0.0:2376"@7:14-7:18']);
  });
  it('a drop-in ListenStream= reset empties the list', async () => {
    const r = await ingestDaemon(new SourceFile('override.conf', '[Socket]\nListenStream=\nListenStream=/run/docker.sock\n'), ctx());
    expect(r.daemons![0].hosts.map((h) => h.value)).toEqual(['unix:///run/docker.sock']);
  });
  it('the rootless user unit (dockerd-rootless.sh) is a rootless daemon', async () => {
    const text = '[Unit]\nDescription=Docker Application Container Engine (Rootless)\n\n[Service]\nEnvironment=PATH=/home/u/bin:/sbin:/usr/sbin:/usr/bin\nExecStart=/home/u/bin/dockerd-rootless.sh\nExecReload=/bin/kill -s HUP $MAINPID\nDelegate=yes\nType=notify\n';
    const f = new SourceFile('docker.service', text);
    const r = await ingestDaemon(f, ctx());
    expect(r.errors).toEqual([]);
    expect(loc(f, r.daemons![0].rootless)).toBe('true@6:11-6:42');
    const line = await ingestDaemon(new SourceFile('ps.txt', 'u 42 /usr/bin/dockerd-rootless.sh --experimental\n'), ctx());
    expect(line.daemons![0].rootless?.value).toBe(true);
  });
});
