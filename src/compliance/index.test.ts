import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';
import { allRules } from '../rules/index.js';
import { defineRule, type Rule } from '../rules/types.js';
import { auditIngested } from '../engine/audit.js';
import { gatherHost } from '../live/host/index.js';
import { CURRENT_TOOLS, fakeRoot, scriptedExec } from '../live/host/testkit.js';
import { CIS_DOCKER_1_6_0, cisMapping, complianceAudit, complianceView, coverage, hostNotApplicable, macNotApplicable, targetRecorder } from './index.js';

const base = {
  severity: 'high' as const, attackClasses: [], requirements: [], paper: '', description: '', remediation: {}, breaks: '', fix: 'manual' as const,
};
/** Fails services that run privileged (CIS 5.5). */
const privileged = defineRule({
  meta: { ...base, id: 'BW-9001', slug: 't-privileged', title: 't', cis: { '1.6.0': ['5.5'] }, inputs: ['compose'] },
  checkContainer(c, ctx) {
    if (c.privileged?.value === true) ctx.report({ message: 'privileged', at: c.privileged });
  },
});
/** Reports an unknown-certainty finding for the service named db (CIS 5.10). */
const unsure = defineRule({
  meta: { ...base, id: 'BW-9002', slug: 't-unsure', title: 't', cis: { '1.6.0': ['5.10'] }, inputs: ['compose'] },
  checkContainer(c, ctx) {
    if (c.target.name === 'db') ctx.report({ message: 'maybe', certainty: 'unknown' });
  },
});
/** A host-only check (CIS 1.1.1): not applicable to Compose services. */
const hostOnly = defineRule({
  meta: { ...base, id: 'BW-9003', slug: 't-host', title: 't', cis: { '1.6.0': ['1.1.1'] }, inputs: ['host'] },
  checkHost() {},
});
/** A rule with a narrowed finding: data.cis says which of its ids failed. */
const narrowed = defineRule({
  meta: { ...base, id: 'BW-9004', slug: 't-narrow', title: 't', cis: { '1.6.0': ['5.11', '5.12'] }, inputs: ['compose'] },
  checkContainer(c, ctx) {
    if (c.target.name === 'web') ctx.report({ message: 'no cpu limit', data: { cis: '5.12' } });
  },
});

const COMPOSE = 'services:\n  web:\n    image: nginx\n    privileged: true\n  db:\n    image: postgres\n';

async function view(rules: Rule[]) {
  const rec = targetRecorder();
  const result = await auditSources([{ path: 'compose.yaml', text: COMPOSE }], { rules: [...rules, rec.rule], env: {} });
  return { result, targets: rec.targets, view: complianceView(result, rules, rec.targets) };
}

describe('CIS Docker Benchmark 1.6.0 table', () => {
  it('lists every recommendation of sections 1-5 and 7 once', () => {
    const ids = CIS_DOCKER_1_6_0.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const perSection = Object.fromEntries(['1', '2', '3', '4', '5', '7'].map((s) => [s, CIS_DOCKER_1_6_0.filter((r) => r.section === s).length]));
    expect(perSection).toEqual({ '1': 20, '2': 18, '3': 24, '4': 12, '5': 32, '7': 9 });
    expect(CIS_DOCKER_1_6_0.find((r) => r.id === '5.32')).toEqual({
      id: '5.32', title: 'Ensure that the Docker socket is not mounted inside any containers', assessment: 'automated', level: 1, section: '5',
    });
  });
  it("every CIS 1.6.0 id in any rule's metadata exists in the table (catches typos)", () => {
    const known = new Set(CIS_DOCKER_1_6_0.map((r) => r.id));
    const bad = allRules.flatMap((r) => (r.meta.cis['1.6.0'] ?? []).filter((id) => !known.has(id)).map((id) => `${r.meta.id} ${r.meta.slug}: ${id}`));
    expect(bad).toEqual([]);
  });
  it('maps recommendations to rules from rule metadata, else manual / not automatable', () => {
    const m = cisMapping([privileged, unsure, hostOnly, narrowed]);
    expect([...m.entries()].sort()).toEqual([['1.1.1', ['BW-9003']], ['5.10', ['BW-9002']], ['5.11', ['BW-9004']], ['5.12', ['BW-9004']], ['5.5', ['BW-9001']]]);
    const rec = (id: string) => CIS_DOCKER_1_6_0.find((r) => r.id === id)!;
    expect(coverage(rec('5.5'), m)).toEqual(['BW-9001']);
    expect(coverage(rec('5.9'), m)).toBe('manual');
    expect(coverage(rec('5.7'), m)).toBe('not automatable by bulwark');
    // The host rules of this project map every CIS section 3 file recommendation and 1.1.1, 1.1.3-1.1.18.
    const real = cisMapping(allRules);
    expect(['1.1.1', '1.1.3', '1.1.18', '3.1', '3.14', '3.16', '3.22', '3.24'].map((id) => real.get(id)?.filter((r) => r >= 'BW-0301' && r <= 'BW-0399'))).toEqual([
      ['BW-0308'], ['BW-0307'], ['BW-0307'], ['BW-0306'], ['BW-0306'], ['BW-0305'], ['BW-0306'], ['BW-0305'],
    ]);
  });
});

describe('complianceView', () => {
  it('records every target, with or without findings', async () => {
    const { targets } = await view([privileged]);
    expect(targets).toEqual([
      { kind: 'service', name: 'web', file: 'compose.yaml', source: 'compose', noFinding: { '5.27': { status: 'unknown', reason: 'no healthcheck test set here, and a static audit cannot see whether the image defines a HEALTHCHECK' } } },
      { kind: 'service', name: 'db', file: 'compose.yaml', source: 'compose', noFinding: { '5.27': { status: 'unknown', reason: 'no healthcheck test set here, and a static audit cannot see whether the image defines a HEALTHCHECK' } } },
      { kind: 'file', name: 'compose.yaml', file: 'compose.yaml', source: 'compose', runLines: 0, networks: 0, execs: 0, hostSecrets: 0 },
    ]);
  });
  it('5.27 (health checked at runtime) without a healthcheck: unknown in Compose, fail in docker inspect output; BW-0034 decides otherwise', async () => {
    const hc = allRules.find((r) => r.meta.slug === 'healthcheck-disabled')!;
    const compose = [
      'services:',
      '  none: {image: nginx}',
      '  checked: {image: nginx, healthcheck: {test: ["CMD", "true"]}}',
      '  timing: {image: nginx, healthcheck: {interval: 10s}}',
      '  off: {image: nginx, healthcheck: {disable: true}}',
      '',
    ].join('\n');
    const inspect = JSON.stringify([
      { Id: 'a'.repeat(64), Name: '/bare', Config: { Image: 'nginx', Healthcheck: null }, HostConfig: {} },
      { Id: 'b'.repeat(64), Name: '/probed', Config: { Image: 'nginx', Healthcheck: { Test: ['CMD', 'true'] } }, HostConfig: {} },
    ]);
    const rec = targetRecorder();
    const result = await auditSources([{ path: 'compose.yaml', text: compose }, { path: 'inspect.json', text: inspect }], { rules: [hc, rec.rule], env: {} });
    const v = complianceView(result, [hc], rec.targets);
    const row = (name: string) => {
      const r = v.find((t) => t.name === name)!.results.find((x) => x.id === '5.27')!;
      return [r.status, r.findings, r.reason];
    };
    expect(['none', 'checked', 'timing', 'off', 'bare', 'probed'].map(row)).toEqual([
      ['unknown', 0, 'no healthcheck test set here, and a static audit cannot see whether the image defines a HEALTHCHECK'],
      ['pass', 0, undefined],
      ['unknown', 0, 'no healthcheck test set here, and a static audit cannot see whether the image defines a HEALTHCHECK'],
      ['fail', 1, undefined],
      ['fail', 0, 'no healthcheck: neither the container nor its image defines one (Config.Healthcheck is empty)'],
      ['pass', 0, undefined],
    ]);
  });
  it('pass / fail / unknown / manual / not applicable per target', async () => {
    const { view: v } = await view([privileged, unsure, hostOnly, narrowed]);
    const row = (target: string, id: string) => {
      const r = v.find((t) => t.name === target)!.results.find((x) => x.id === id)!;
      return [r.status, r.rules, r.findings];
    };
    expect(row('web', '5.5')).toEqual(['fail', ['BW-9001'], 1]);
    expect(row('db', '5.5')).toEqual(['pass', ['BW-9001'], 0]);
    expect(row('db', '5.10')).toEqual(['unknown', ['BW-9002'], 1]);
    expect(row('web', '5.10')).toEqual(['pass', ['BW-9002'], 0]);
    expect(row('web', '5.11')).toEqual(['pass', ['BW-9004'], 0]);
    expect(row('web', '5.12')).toEqual(['fail', ['BW-9004'], 1]);
    expect(row('web', '1.1.1')).toEqual(['not applicable', ['BW-9003'], 0]);
    expect(row('web', '2.2')).toEqual(['manual', [], 0]);
    expect(v.map((t) => [t.name, t.summary])).toEqual([
      ['web', { pass: 2, fail: 2, unknown: 0, manual: 110, 'not applicable': 1 }],
      ['db', { pass: 3, fail: 0, unknown: 1, manual: 110, 'not applicable': 1 }],
    ]);
    // The recorded compose.yaml file target gets no section: no rule checks a Compose file as a whole.
  });
  it('with the real rules, a privileged service fails the recommendations privileged-container maps to', async () => {
    const rule = allRules.find((r) => r.meta.slug === 'privileged-container')!;
    const { view: v } = await view(allRules);
    const web = v.find((t) => t.name === 'web')!;
    for (const id of rule.meta.cis['1.6.0'] ?? []) expect(web.results.find((r) => r.id === id)?.status).toBe('fail');
    // Host recommendations never apply to a Compose service.
    expect(web.results.filter((r) => r.id.startsWith('3.')).map((r) => r.status)).toEqual(Array(24).fill('not applicable'));
  });
});

// QA (live --compliance): info notes turned rows into fail (`--cap-drop ALL --cap-add NET_BIND_SERVICE`: fail 5.4; a
// writable bind of an application data directory, BW-0012: fail 5.6).
describe('complianceView: info findings', () => {
  async function rows(path: string, text: string, ids: string[]): Promise<Record<string, string>> {
    const { rules, targets } = await complianceAudit();
    const r = await auditSources([{ path, text }], { rules, env: {} });
    const t = complianceView(r, allRules, targets).filter((x) => x.kind !== 'file');
    expect(t).toHaveLength(1);
    return Object.fromEntries(ids.map((id) => [id, `${t[0].results.find((x) => x.id === id)!.status} ${r.findings.filter((f) => f.severity === 'info' && f.target.name === t[0].name).map((f) => f.ruleId).filter((x, i, a) => a.indexOf(x) === i).sort().join(',')}`]));
  }
  it('a narrow add-back after --cap-drop ALL (BW-0002 info) passes 5.4; a writable application data bind (BW-0012 info) passes 5.6', async () => {
    expect(await rows('run.sh', 'docker run --cap-drop ALL --cap-add NET_BIND_SERVICE -v /srv/appdata:/data app:1\n', ['5.4', '5.6'])).toEqual({ '5.4': 'pass BW-0002,BW-0012,BW-0027,BW-0031', '5.6': 'pass BW-0002,BW-0012,BW-0027,BW-0031' });
  });
  it('a dangerous add-back still fails 5.4', async () => {
    expect((await rows('run.sh', 'docker run --cap-drop ALL --cap-add SYS_ADMIN app:1\n', ['5.4']))['5.4'].split(' ')[0]).toBe('fail');
  });
  it('QA round C: a privileged host port bound to one address fails 5.8 and passes 5.14 (docker-bench check_5_8 ignores the address)', async () => {
    const p80 = 'docker run -d --name web --network web -p 127.0.0.1:80:8080 --user 1000 --cap-drop ALL --read-only --memory 64m --cpus 1 --pids-limit 64 --security-opt no-new-privileges nginx@sha256:2222222222222222222222222222222222222222222222222222222222222222\n';
    expect(await rows('p80.sh', p80, ['5.8', '5.14'])).toEqual({ '5.8': 'fail BW-0028,BW-0031', '5.14': 'pass BW-0028,BW-0031' });
    const dns = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: node-dns}\nspec:\n  selector: {matchLabels: {app: node-dns}}\n  template:\n    metadata: {labels: {app: node-dns}}\n    spec:\n      containers:\n      - name: dns\n        image: registry.k8s.io/dns/k8s-dns-node-cache:1.23.1\n        ports:\n        - {containerPort: 53, hostPort: 53, protocol: UDP, hostIP: 169.254.20.10}\n';
    expect(await rows('dns.yaml', dns, ['5.8', '5.14'])).toEqual({ '5.8': 'fail BW-0010,BW-0027,BW-0028', '5.14': 'pass BW-0010,BW-0027,BW-0028' });
  });
  it('rows whose rules are all informational still fail on an info finding (5.28 unpinned image; 4.3 package manager in the final stage)', async () => {
    expect((await rows('run.sh', 'docker run --cap-drop ALL app\n', ['5.28']))['5.28'].split(' ')[0]).toBe('fail');
    expect(await rows('Dockerfile', 'FROM debian:12@sha256:' + 'a'.repeat(64) + '\nRUN apt-get install -y --no-install-recommends curl\nUSER 1000\n', ['4.3'])).toEqual({ '4.3': 'fail BW-0108,BW-0111' });
  });
});

describe('complianceView: file targets, host notes and absent host files', () => {
  it('lists a file target only for scripts with docker run lines, checked for CIS 4.5 through BW-0036 alone', async () => {
    const comp = await complianceAudit();
    const result = await auditSources(
      [
        { path: 'deploy.sh', text: 'docker run --rm alpine true\n' },
        { path: 'signed.sh', text: 'export DOCKER_CONTENT_TRUST=1\ndocker run --rm alpine true\n' },
        { path: 'noop.sh', text: '#!/bin/sh\necho hello\n' },
        { path: 'compose.yaml', text: COMPOSE },
      ],
      { rules: comp.rules, env: {} },
    );
    const v = complianceView(result, allRules, comp.targets);
    const files = v.filter((t) => t.kind === 'file');
    expect(files.map((t) => [t.name, t.source, t.runLines])).toEqual([['deploy.sh', 'shell', 1], ['signed.sh', 'shell', 1]]);
    const row = (name: string, id: string) => files.find((t) => t.name === name)!.results.find((r) => r.id === id)!;
    expect([row('deploy.sh', '4.5').status, row('deploy.sh', '4.5').rules, row('deploy.sh', '4.5').findings]).toEqual(['fail', ['BW-0036'], 1]);
    expect([row('signed.sh', '4.5').status, row('signed.sh', '4.5').rules]).toEqual(['pass', ['BW-0036']]);
    // Nothing else passes or fails for a file: 4.5 is the only recommendation a file-wide rule checks.
    for (const t of files) expect(t.results.filter((r) => r.status === 'pass' || r.status === 'fail').map((r) => r.id)).toEqual(['4.5']);
    expect(v.map((t) => `${t.kind} ${t.name}`)).toEqual(['run alpine', 'file deploy.sh', 'run alpine', 'file signed.sh', 'service web', 'service db']);
  });

  it('a script with docker exec lines into containers it does not start is checked for CIS 5.23 (BW-0043) and 4.10 (BW-0026, their -e) alone', async () => {
    const comp = await complianceAudit();
    const result = await auditSources(
      [{ path: 'debug.sh', text: 'docker exec --privileged web sh\n' }, { path: 'ok.sh', text: 'docker exec -it web sh\n' }, { path: 'pw.sh', text: 'docker exec -e PASSWORD=Hunter2xyz9 db psql\n' }],
      { rules: comp.rules, env: {} },
    );
    const files = complianceView(result, allRules, comp.targets).filter((t) => t.kind === 'file');
    expect(files.map((t) => [t.name, t.results.filter((r) => r.status === 'pass' || r.status === 'fail').map((r) => `${r.id} ${r.status} ${r.rules.join(',')}`)])).toEqual([
      ['debug.sh', ['4.10 pass BW-0026', '5.23 fail BW-0043']],
      ['ok.sh', ['4.10 pass BW-0026', '5.23 pass BW-0043']],
      ['pw.sh', ['4.10 fail BW-0026', '5.23 pass BW-0043']],
    ]);
  });

  it('CIS 3.15/3.16 through BW-0224 for a socket unit only, not for daemon.json', async () => {
    const comp = await complianceAudit();
    const result = await auditSources(
      [
        { path: 'docker.socket', text: '[Socket]\nListenStream=/run/docker.sock\nSocketMode=0666\n', kind: 'daemon' },
        { path: 'daemon.json', text: '{"icc": false}\n', kind: 'daemon' },
      ],
      { rules: comp.rules, env: {} },
    );
    const v = complianceView(result, allRules, comp.targets).filter((t) => t.kind === 'daemon');
    const row = (name: string, id: string) => v.find((t) => t.name === name)!.results.find((r) => r.id === id)!;
    expect([row('docker.socket', '3.16').status, row('docker.socket', '3.16').rules, row('docker.socket', '3.15').status]).toEqual(['fail', ['BW-0224'], 'pass']);
    expect([row('daemon.json', '3.15').status, row('daemon.json', '3.16').status]).toEqual(['not applicable', 'not applicable']);
    // A socket unit shows listeners and the socket's permissions, never dockerd's options: only 2.7 (TCP without
    // TLS, BW-0201) and 3.15/3.16 are judged; icc (2.2), log level (2.3)… are not applicable, not "pass".
    const judged = v.find((t) => t.name === 'docker.socket')!.results.filter((r) => r.status === 'pass' || r.status === 'fail').map((r) => `${r.id} ${r.status}`);
    expect(judged).toEqual(['2.7 pass', '3.15 pass', '3.16 fail']);
    expect([row('docker.socket', '2.2').status, row('daemon.json', '2.2').status]).toEqual(['not applicable', 'pass']);
  });

  it('a unit whose $OPTIONS come from a file not read: nothing passes, the rows are unknown with the reason (qa-A r5)', async () => {
    const comp = await complianceAudit();
    const unit = '[Service]\nType=notify\nEnvironmentFile=-/etc/sysconfig/docker\nExecStart=/usr/bin/dockerd-current $OPTIONS $INSECURE_REGISTRY\n';
    const result = await auditSources([{ path: 'docker.service', text: unit, kind: 'daemon' }], { rules: comp.rules, env: {} });
    const [t] = complianceView(result, allRules, comp.targets).filter((x) => x.kind === 'daemon');
    expect(t.summary).toEqual({ pass: 0, fail: 0, unknown: 17, manual: 12, 'not applicable': 86 });
    const row = (id: string) => t.results.find((r) => r.id === id)!;
    expect([row('2.7').status, row('2.7').findings, row('2.7').reason]).toEqual(['unknown', 0, '$OPTIONS, $INSECURE_REGISTRY come from a file not read (/etc/sysconfig/docker): they may set this']);
    expect([row('2.5').status, row('2.2').status, row('2.2').reason]).toEqual(['unknown', 'unknown', undefined]);
    // The same unit with every variable known: 2.7 passes.
    const comp2 = await complianceAudit();
    const known = await auditSources([{ path: 'docker.service', text: unit.replace('EnvironmentFile=-/etc/sysconfig/docker\n', ''), kind: 'daemon' }], { rules: comp2.rules, env: {} });
    const [k] = complianceView(known, allRules, comp2.targets).filter((x) => x.kind === 'daemon');
    expect([k.results.find((r) => r.id === '2.7')!.status, k.results.find((r) => r.id === '2.7')!.reason]).toEqual(['pass', undefined]);
  });

  it('no file target for inspect sources; info-level "not applicable on this host" notes give not applicable (BW-0040, CIS 5.2)', async () => {
    const comp = await complianceAudit();
    const insp = (name: string, apparmor: string) =>
      JSON.stringify([{ Id: name, Name: `/${name}`, Config: { Image: 'alpine' }, AppArmorProfile: apparmor, ProcessLabel: '', HostConfig: { SecurityOpt: null } }], null, 2);
    const result = await auditSources(
      [
        { path: 'noaa.json', kind: 'inspect', text: insp('noaa', '') },
        { path: 'aa.json', kind: 'inspect', text: insp('aa', 'docker-default') },
      ],
      { rules: comp.rules, env: {} },
    );
    expect(result.findings.filter((f) => f.ruleId === 'BW-0040').map((f) => [f.target.name, f.severity, f.data?.cisNotApplicable])).toEqual([['noaa', 'info', true]]);
    const v = complianceView(result, allRules, comp.targets);
    expect(v.map((t) => `${t.kind} ${t.name}`)).toEqual(['container noaa', 'container aa']);
    const r52 = (name: string) => {
      const r = v.find((t) => t.name === name)!.results.find((x) => x.id === '5.2')!;
      return [r.status, r.findings];
    };
    expect(r52('noaa')).toEqual(['not applicable', 1]);
    expect(r52('aa')).toEqual(['pass', 0]);
  });

  it('host files that do not exist make their CIS ids not applicable (no TLS: 3.9-3.14; no /etc/sysconfig/docker: 3.21, 3.22, 1.1.13)', async () => {
    const { root, cleanup } = fakeRoot({
      '/etc/docker': { dir: true, mode: 0o755 },
      '/etc/docker/daemon.json': '{}',
      '/etc/default/docker': '',
      '/lib/systemd/system/docker.service': '',
      '/lib/systemd/system/docker.socket': '',
      '/run/containerd/containerd.sock': '',
      '/var/run/docker.sock': '',
      '/proc/self/mountinfo': '26 1 8:1 / / rw - ext4 /dev/sda1 rw\n',
    });
    try {
      const h = await gatherHost({ root, exec: scriptedExec(CURRENT_TOOLS) });
      // Absent: the data root, /etc/containerd/config.toml, /etc/sysconfig/docker and the binaries (1.1.3, 1.1.14-1.1.18);
      // no registry certificates, no TLS files, no /etc/sysconfig/docker. /run/containerd exists (1.1.4 applies).
      expect(hostNotApplicable(h)).toEqual([
        '1.1.3', '1.1.5', '1.1.12', '1.1.13', '1.1.14', '1.1.15', '1.1.16', '1.1.17', '1.1.18',
        '3.7', '3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14', '3.21', '3.22',
      ]);
      const comp = await complianceAudit();
      const result = await auditIngested([{ path: h.target.range.file, kind: 'daemon', text: h.text!, result: { containers: [], images: [], errors: [], hosts: [h] } }], { rules: comp.rules });
      const [host] = complianceView(result, allRules, comp.targets);
      expect(`${host.kind} ${host.name}`).toBe('host testhost');
      const status = (id: string) => host.results.find((r) => r.id === id)!.status;
      expect(['3.9', '3.10', '3.11', '3.12', '3.13', '3.14', '3.21', '3.22', '1.1.13', '3.7', '3.8'].map(status)).toEqual(Array(11).fill('not applicable'));
      // Files that exist are checked: daemon.json and /etc/docker pass (owned by the test user named root, modes 644/755).
      expect(['3.5', '3.6', '3.17', '3.18'].map(status)).toEqual(['pass', 'pass', 'pass', 'pass']);
    } finally {
      cleanup();
    }
  });

  it('a container on a host that cannot enforce AppArmor / SELinux is never "pass" for 5.2 / 5.3: not applicable with the reason; a finding still fails', async () => {
    const origin = { kind: 'file' as const, file: 'host://h', start: 0, end: 0 };
    expect(macNotApplicable({ mac: { apparmor: 'disabled', selinux: 'disabled', origin } })).toEqual({
      ids: ['5.2', '5.3'],
      reasons: {
        '5.2': 'AppArmor is not enabled on this host: no AppArmor profile is enforced here',
        '5.3': 'SELinux is not enabled on this host: SELinux options are not enforced here',
      },
    });
    expect(macNotApplicable({ mac: { apparmor: 'enabled', selinux: 'unknown', origin } })).toEqual({ ids: [], reasons: {} });
    expect(macNotApplicable({})).toEqual({ ids: [], reasons: {} });
    const insp = (name: string, opt: string[]) =>
      JSON.stringify([{ Id: name, Name: `/${name}`, Config: { Image: 'alpine' }, AppArmorProfile: 'docker-default', ProcessLabel: '', HostConfig: { SecurityOpt: opt } }], null, 2);
    const comp = await complianceAudit();
    const result = await auditSources(
      [
        { path: 'a.json', kind: 'inspect', text: insp('plain', []) },
        { path: 'b.json', kind: 'inspect', text: insp('unlabelled', ['label=disable']) },
      ],
      { rules: comp.rules, env: {} },
    );
    const { ids, reasons } = macNotApplicable({ mac: { apparmor: 'disabled', selinux: 'disabled', origin } });
    const targets = comp.targets.map((t) => ({ ...t, notApplicable: ids, notApplicableReasons: reasons }));
    const v = complianceView(result, allRules, targets);
    const row = (name: string, id: string) => {
      const r = v.find((t) => t.name === name)!.results.find((x) => x.id === id)!;
      return [r.status, r.reason];
    };
    expect(row('plain', '5.2')).toEqual(['not applicable', 'AppArmor is not enabled on this host: no AppArmor profile is enforced here']);
    expect(row('plain', '5.3')).toEqual(['not applicable', 'SELinux is not enabled on this host: SELinux options are not enforced here']);
    expect(row('unlabelled', '5.3')).toEqual(['fail', undefined]);
    // Without the host's facts (a static audit) nothing changes: 5.3 passes on the configuration alone.
    const plain = complianceView(result, allRules, comp.targets).find((t) => t.name === 'plain')!.results.find((x) => x.id === '5.3')!;
    expect([plain.status, plain.reason]).toEqual(['pass', undefined]);
  });
});

// QA (live): a live engine's daemon target was matched against rules for `daemon` inputs only, so the swarm rules
// (inputs `engine`: BW-0218 5.1, BW-0220 7.1, BW-0219 7.3, BW-0221 7.5, BW-0222 7.7) read "not applicable" even
// on a swarm manager where they report.
describe('complianceView: a live engine', () => {
  it('judges CIS 5.1 and 7.x on the daemon of a swarm manager', async () => {
    const { auditRecordedEngine, recorded } = await import('../live/engine-testkit.js');
    const comp = await complianceAudit();
    const result = await auditRecordedEngine(comp.rules, recorded('swarm-info'), recorded('swarm-networks'));
    const [d] = complianceView(result, allRules, comp.targets);
    expect(`${d.kind} ${d.source}`).toBe('daemon engine');
    const status = (id: string) => `${id} ${d.results.find((r) => r.id === id)!.status}`;
    expect(['5.1', '7.1', '7.3', '7.5', '7.7', '3.15', '2.2'].map(status)).toEqual(['5.1 fail', '7.1 pass', '7.3 fail', '7.5 fail', '7.7 fail', '3.15 not applicable', '2.2 pass']);
  });
});
