/**
 * The audit's per-finding fix label (`Finding.fix`) is what `bulwark harden` does for that finding
 * (src/harden/label.ts), not its rule's usual label: BW-0011 makes a writable `/etc` bind read-only as a safe fix
 * but a `/var/lib/docker` bind or one with `rshared` propagation only as an unsafe one, removes a read-only bind
 * only as an unsafe one and leaves a harmless `/etc/localtime` alone. JSON, SARIF and the parallel path carry it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';
import { packFindings, unpackFindings } from '../engine/parallel.js';
import type { AuditResult } from '../engine/types.js';
import { renderJson } from '../report/json.js';
import { renderSarif } from '../report/sarif.js';
import { allRules } from '../rules/index.js';
import { hardenText } from './index.js';
import { FIXES_BY_RULE } from './label.js';

/** `line:column ruleId fix` of each finding of the rules given. */
const labels = (r: AuditResult, rules: string[]) => r.findings.filter((f) => rules.includes(f.ruleId)).map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.fix}`);

/**
 * What harden does for each finding of `rules`, as `line:column ruleId label`: the applicability of the first change
 * it makes at the finding's place with --unsafe-fixes, `manual` when it makes none there.
 */
async function hardenLabels(path: string, text: string, rules: string[]): Promise<string[]> {
  const audit = await auditSources([{ path, text }], { env: {} });
  const r = await hardenText({ path, text }, { unsafe: true });
  return audit.findings
    .filter((f) => rules.includes(f.ruleId))
    .map((f) => {
      const c = r.changes.find((x) => x.ruleId === f.ruleId && x.line === f.location.startLine && x.column === f.location.startColumn);
      return `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${c?.applicability ?? 'manual'}`;
    });
}

const COMPOSE = [
  'services:',
  '  web:',
  '    image: nginx:1.25',
  '    volumes:',
  '      - /var/lib/docker:/var/lib/docker',
  '      - /sys:/sys:rshared',
  '      - /etc/ssl:/etc/ssl',
  '      - /proc:/host/proc:ro',
  '      - /etc/localtime:/etc/localtime:ro',
  '',
].join('\n');

describe('the audit\'s fix label is harden\'s, per finding (BW-0011 and the rest)', () => {
  it('Compose: a writable /var/lib/docker and an rshared /sys are unsafe, a writable /etc/ssl safe, a read-only /proc unsafe, /etc/localtime manual', async () => {
    const r = await auditSources([{ path: 'compose.yaml', text: COMPOSE }], { env: {} });
    const want = ['5:9 BW-0011 unsafe', '6:9 BW-0011 unsafe', '7:9 BW-0011 safe', '8:9 BW-0011 unsafe', '9:9 BW-0011 manual'];
    expect(labels(r, ['BW-0011'])).toEqual(want);
    expect(await hardenLabels('compose.yaml', COMPOSE, ['BW-0011'])).toEqual(want);
    // The rule's own label stays what the rule usually does.
    expect(r.rules.find((m) => m.id === 'BW-0011')?.fix).toBe('safe');
  });

  it('every finding of the file: the label is what harden does at its place (BW-0003: unsafe, harden drops only NET_RAW by default)', async () => {
    const r = await auditSources([{ path: 'compose.yaml', text: COMPOSE }], { env: {} });
    const rules = [...new Set(r.findings.map((f) => f.ruleId))];
    expect(labels(r, rules)).toEqual(await hardenLabels('compose.yaml', COMPOSE, rules));
    expect(labels(r, ['BW-0003', 'BW-0007', 'BW-0027'])).toEqual(['2:3 BW-0003 unsafe', '2:3 BW-0007 safe', '3:12 BW-0027 manual']);
  });

  it('a run line: the same mounts get the same labels', async () => {
    const text = 'docker run -d -v /var/lib/docker:/var/lib/docker -v /etc/ssl:/etc/ssl nginx:1.25\n';
    const r = await auditSources([{ path: 'run.sh', text }], { env: {} });
    expect(labels(r, ['BW-0011'])).toEqual(['1:15 BW-0011 unsafe', '1:50 BW-0011 safe']);
    expect(await hardenLabels('run.sh', text, ['BW-0011'])).toEqual(['1:15 BW-0011 unsafe', '1:50 BW-0011 safe']);
  });

  it('JSON and SARIF give each finding its own label; the SARIF rule keeps the rule\'s', async () => {
    const r = await auditSources([{ path: 'compose.yaml', text: COMPOSE }], { env: {} });
    const json = JSON.parse(renderJson(r)) as { findings: { ruleId: string; location: { startLine: number }; fix: string }[] };
    expect(json.findings.filter((f) => f.ruleId === 'BW-0011').map((f) => `${f.location.startLine} ${f.fix}`)).toEqual(['5 unsafe', '6 unsafe', '7 safe', '8 unsafe', '9 manual']);
    const sarif = JSON.parse(renderSarif(r, { cwd: '/' })).runs[0] as {
      results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[]; properties: { fix: string } }[];
      tool: { driver: { rules: { id: string; properties: { fix: string } }[] } };
    };
    // A result off the rule's default severity names a descriptor of its own (`BW-0011/medium`, src/report/sarif.ts).
    expect(sarif.results.filter((x) => x.ruleId.split('/')[0] === 'BW-0011').map((x) => `${x.locations[0].physicalLocation.region.startLine} ${x.properties.fix}`)).toEqual(['5 unsafe', '6 unsafe', '7 safe', '8 unsafe', '9 manual']);
    expect(sarif.tool.driver.rules.find((x) => x.id === 'BW-0011')?.properties.fix).toBe('safe');
  });

  it('the parallel path (findings packed between threads) keeps each label', async () => {
    const r = await auditSources([{ path: 'compose.yaml', text: COMPOSE }], { env: {} });
    const metaById = new Map(r.rules.map((m) => [m.id, m]));
    expect(unpackFindings(packFindings(r.findings, metaById), metaById)).toEqual(r.findings);
  });

  it('Compose: a setting in an anchor other services get too is manual (harden leaves it with a note); one only this service gets is unsafe', async () => {
    const shared = 'x-common: &common\n  image: nginx:1.25\n  pid: host\nservices:\n  web:\n    <<: *common\n  api:\n    <<: *common\n';
    const r = await auditSources([{ path: 'compose.yaml', text: shared }], { env: {} });
    expect(labels(r, ['BW-0016'])).toEqual(['3:8 BW-0016 manual', '3:8 BW-0016 manual']);
    expect((await hardenText({ path: 'compose.yaml', text: shared }, { unsafe: true, only: ['BW-0016'] })).changes).toEqual([]);
    const own = shared.replace('  api:\n    <<: *common\n', '  api:\n    <<: *common\n    pid: "service:web"\n');
    const o = await auditSources([{ path: 'compose.yaml', text: own }], { env: {} });
    expect(o.findings.filter((f) => f.ruleId === 'BW-0016').map((f) => `${f.target.name} ${f.location.startLine}:${f.location.startColumn} ${f.fix}`)).toEqual(['web 3:8 unsafe', 'api 9:10 manual']);
  });

  it('Dockerfile: an unpinned base is manual without a digest (harden pins only with --pin-from); an exec-form openssh-server is manual, a shell-form one unsafe', async () => {
    const text = 'FROM debian:12\nRUN ["apt-get", "install", "-y", "openssh-server", "vim"]\nRUN apt-get install -y --no-install-recommends openssh-server curl\nUSER 1000\n';
    const r = await auditSources([{ path: 'Dockerfile', text }], { env: {} });
    expect(labels(r, ['BW-0107', 'BW-0112'])).toEqual(['1:6 BW-0107 manual', '2:5 BW-0112 manual', '3:48 BW-0112 unsafe']);
    expect(await hardenLabels('Dockerfile', text, ['BW-0107', 'BW-0112'])).toEqual(['1:6 BW-0107 manual', '2:5 BW-0112 manual', '3:48 BW-0112 unsafe']);
  });

  it('an input harden does not rewrite (podman inspect output): manual, whatever the rule', async () => {
    const path = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'podman', 'podman-4.3-dflt.json');
    const r = await auditSources([{ path, text: readFileSync(path, 'utf8') }], { env: {} });
    expect(r.findings.length).toBeGreaterThan(0);
    expect([...new Set(r.findings.map((f) => f.fix))]).toEqual(['manual']);
    expect(r.findings.some((f) => r.rules.find((m) => m.id === f.ruleId)?.fix === 'safe')).toBe(true);
  });
});

describe('rule metadata: a rule\'s fix is manual exactly when harden has no fix for it', () => {
  it.each(allRules.map((r) => [r.meta.id, r.meta.slug, r.meta.fix] as const))('%s %s (%s)', (id, _slug, fix) => {
    expect(fix === 'manual').toBe(!FIXES_BY_RULE.has(id));
  });
});
