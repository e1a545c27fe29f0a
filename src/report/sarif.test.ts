import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';
import { SourceFile } from '../model/source.js';
import { COMPOSE_TEXT, fixtureResult } from './fixture.js';
import { absoluteHelpUri, artifactLocation, FINGERPRINT_KEY, renderSarif, renderSarifChunks } from './sarif.js';

// ajv and its plugins are CommonJS; NodeNext typing of their default exports needs the explicit types.
const require = createRequire(import.meta.url);
const Ajv04: typeof import('ajv-draft-04').default = require('ajv-draft-04');
const addFormats: typeof import('ajv-formats').default = require('ajv-formats');
const sarifSchema = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
);
// The official schema's `language` pattern is not a valid Unicode regular expression: compile patterns without `u`.
const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(sarifSchema);
function errorsOf(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const CWD = '/work/project';

describe('renderSarif', () => {
  const log = JSON.parse(renderSarif(fixtureResult(), { cwd: CWD }));
  const run = log.runs[0];

  it('is valid SARIF 2.1.0 (official schema)', () => {
    expect(errorsOf(log)).toEqual([]);
  });

  it('the schema check can fail: a bad level and a 0 line are rejected', () => {
    const bad = JSON.parse(renderSarif(fixtureResult(), { cwd: CWD }));
    bad.runs[0].results[0].level = 'fatal';
    bad.runs[0].results[1].locations[0].physicalLocation.region.startLine = 0;
    expect(errorsOf(bad)).toContain('/runs/0/results/0/level must be equal to one of the allowed values');
    expect(errorsOf(bad)).toContain('/runs/0/results/1/locations/0/physicalLocation/region/startLine must be >= 1');
  });

  it('has the log header, one run, the driver and the base URI', () => {
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.originalUriBaseIds).toEqual({ SRCROOT: { uri: 'file:///work/project/' } });
    const { rules, ...driver } = run.tool.driver;
    expect(driver).toEqual({
      name: 'bulwark',
      version: '0.1.0',
      semanticVersion: '0.1.0',
      informationUri: 'https://github.com/bulwark-sec/bulwark',
    });
    // The fixture's BW-0004 finding rated low (its default is medium) has a descriptor of its own (sarif.ts, descriptorId).
    expect(rules.map((r: { id: string }) => r.id)).toEqual(['BW-0001', 'BW-0002', 'BW-0003', 'BW-0004', 'BW-0004/low']);
  });

  it('describes a rule with help, tags and security-severity', () => {
    expect(run.tool.driver.rules[2]).toEqual({
      id: 'BW-0003',
      name: 'secret-in-environment',
      shortDescription: { text: 'Secret in environment' },
      fullDescription: { text: 'Environment variables are visible in docker inspect.' },
      help: {
        text:
          'Fix (compose):\nsecrets:\n  - db_password\n\nMay break: Images that only read the variable.\n\n' +
          'Superseded advice: The paper predates Docker secrets.',
        markdown:
          '**Fix (compose)**\n\n```yaml\nsecrets:\n  - db_password\n```\n\n**May break:** Images that only read the variable.\n\n' +
          '**Superseded advice:** The paper predates Docker secrets.',
      },
      helpUri: 'https://github.com/bulwark-sec/bulwark/blob/main/docs/rules/secret-in-environment.md',
      defaultConfiguration: { level: 'error' },
      properties: {
        tags: ['security', 'R-S', 'compromised secrets', 'CIS-1.6.0-4.10'],
        'security-severity': '8.0',
        precision: 'high',
        requirements: ['R-S'],
        cis: { '1.6.0': ['4.10'] },
        paper: '§IV.5',
        fix: 'manual',
      },
    });
    const levels = run.tool.driver.rules.map((r: { defaultConfiguration: { level: string } }) => r.defaultConfiguration.level);
    expect(levels).toEqual(['error', 'error', 'error', 'warning', 'note']);
    expect(run.tool.driver.rules[0].properties.tags).toEqual([
      'security', 'R-B', 'container breakout', 'R-K', 'kernel exploits', 'CIS-1.6.0-5.4', 'CIS-1.8.0-5.5',
    ]);
  });

  it('reports a finding with its exact region, masked snippet, level and properties', () => {
    expect(run.results).toHaveLength(5);
    const r = run.results[2];
    expect(r).toEqual({
      ruleId: 'BW-0003',
      ruleIndex: 2,
      level: 'error',
      message: { text: 'secret DB_PASSWORD is written in the environment' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'compose.yaml', uriBaseId: 'SRCROOT' },
            region: { startLine: 6, startColumn: 7, endLine: 6, endColumn: 28, snippet: { text: 'DB_PASSWORD: ********' } },
          },
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: expect.stringMatching(/^[0-9a-f]{32}:1$/) },
      properties: {
        rule: 'BW-0003',
        severity: 'high',
        'security-severity': '8.0',
        target: { kind: 'service', name: 'web' },
        certainty: 'definite',
        data: { name: 'DB_PASSWORD', kind: 'literal' },
        cis: { '1.6.0': ['4.10'] },
        fix: 'manual',
      },
    });
    expect(run.results.map((x: { level: string }) => x.level)).toEqual(['warning', 'error', 'error', 'note', 'error']);
    expect(run.results.map((x: { ruleIndex: number }) => x.ruleIndex)).toEqual([3, 0, 2, 4, 1]);
    expect(run.results.map((x: { ruleId: string }) => x.ruleId)).toEqual(['BW-0004', 'BW-0001', 'BW-0003', 'BW-0004/low', 'BW-0002']);
    // The plain rule id of each result, whatever its descriptor's (QA: jq filters on ruleId missed BW-0004/low).
    expect(run.results.map((x: { properties: { rule: string } }) => x.properties.rule)).toEqual(['BW-0004', 'BW-0001', 'BW-0003', 'BW-0004', 'BW-0002']);
    expect(run.results[0].properties.certainty).toBe('unknown');
  });

  it('lists input errors as notifications and marks the run unsuccessful; unused suppressions as configuration notes', () => {
    expect(run.invocations).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: { text: 'bad indentation of a mapping entry' },
            descriptor: { id: 'parse' },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: 'broken.yaml', uriBaseId: 'SRCROOT' },
                  region: { startLine: 2, startColumn: 3 },
                },
              },
            ],
          },
        ],
        toolConfigurationNotifications: [
          {
            level: 'warning',
            message: { text: 'unused suppression: BW-0001 (CI runner needs it)' },
            locations: [
              { physicalLocation: { artifactLocation: { uri: 'deploy.sh', uriBaseId: 'SRCROOT' }, region: { startLine: 2 } } },
            ],
          },
        ],
      },
    ]);
  });

  it('gives stable fingerprints that differ by rule, target and line text, counting repeats', () => {
    const again = JSON.parse(renderSarif(fixtureResult(), { cwd: CWD })).runs[0].results;
    const prints = run.results.map((x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints[FINGERPRINT_KEY]);
    expect(again.map((x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints[FINGERPRINT_KEY])).toEqual(prints);
    expect(new Set(prints).size).toBe(5);
    // The same finding moved to another line with the same text keeps its fingerprint.
    const moved = fixtureResult();
    moved.findings = [moved.findings[1]];
    const f = moved.findings[0];
    moved.sources.set('compose.yaml', new SourceFile('compose.yaml', '# new first line\n' + COMPOSE_TEXT));
    f.location = { ...f.location, startLine: 5, endLine: 5 };
    const movedPrint = JSON.parse(renderSarif(moved, { cwd: CWD })).runs[0].results[0].partialFingerprints[FINGERPRINT_KEY];
    expect(movedPrint).toBe(prints[1]);
    // A duplicate gets :2.
    const dup = fixtureResult();
    dup.findings = [dup.findings[1], { ...dup.findings[1] }];
    const dupPrints = JSON.parse(renderSarif(dup, { cwd: CWD })).runs[0].results.map(
      (x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints[FINGERPRINT_KEY],
    );
    expect(dupPrints[0].replace(/:1$/, ':2')).toBe(dupPrints[1]);
  });

  it('keeps the fingerprint of a container re-created under its name (was: the new id changed every fingerprint)', async () => {
    const inspect = (id: string) =>
      JSON.stringify([{ Id: id, Name: '/web', Config: { Image: 'nginx:1.27' }, HostConfig: { Privileged: true, PidMode: 'host' } }], null, 2);
    const prints = async (id: string) => {
      const r = await auditSources([{ path: 'web.json', kind: 'inspect', text: inspect(id) }], { env: {} });
      return JSON.parse(renderSarif(r, { cwd: CWD })).runs[0].results.map((x: { ruleId: string; partialFingerprints: Record<string, string> }) => `${x.ruleId} ${x.partialFingerprints[FINGERPRINT_KEY]}`);
    };
    const before = await prints('0123456789ab'.repeat(5) + 'cdef');
    expect(before.length).toBeGreaterThan(5);
    expect(await prints('fedcba987654'.repeat(5) + '3210')).toEqual(before);
  });

  it('executionSuccessful is true without input errors, and omits configuration notes when there are none', () => {
    const r = fixtureResult();
    r.errors = [];
    r.suppressions = [];
    const inv = JSON.parse(renderSarif(r, { cwd: CWD })).runs[0].invocations[0];
    expect(inv).toEqual({ executionSuccessful: true, toolExecutionNotifications: [] });
  });

  it('notes (what a reader left unchecked) are warning notifications after the errors; the run stays successful without errors', () => {
    const r = fixtureResult();
    r.notes = [{ file: 'image.tar', message: 'not in the archive, not verified: linux/arm64 manifest sha256:ab', code: 'verify-not-in-archive' }];
    const log = JSON.parse(renderSarif(r, { cwd: CWD }));
    expect(errorsOf(log)).toEqual([]);
    const inv = log.runs[0].invocations[0];
    expect(inv.toolExecutionNotifications.map((x: { level: string; descriptor: { id: string } }) => [x.level, x.descriptor.id])).toEqual([['error', 'parse'], ['warning', 'verify-not-in-archive']]);
    expect(inv.toolExecutionNotifications[1]).toEqual({ level: 'warning', message: { text: 'not in the archive, not verified: linux/arm64 manifest sha256:ab' }, descriptor: { id: 'verify-not-in-archive' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'image.tar', uriBaseId: 'SRCROOT' } } }] });
    r.errors = [];
    expect(JSON.parse(renderSarif(r, { cwd: CWD })).runs[0].invocations[0].executionSuccessful).toBe(true);
  });
});

describe('artifactLocation / absoluteHelpUri', () => {
  it('makes URIs relative to cwd, percent-encoded, and absolute file URIs outside it', () => {
    expect(artifactLocation('deploy/my stack/compose.yaml', '/work/project')).toEqual({
      uri: 'deploy/my%20stack/compose.yaml',
      uriBaseId: 'SRCROOT',
    });
    expect(artifactLocation('/work/project/a#b.yaml', '/work/project')).toEqual({ uri: 'a%23b.yaml', uriBaseId: 'SRCROOT' });
    expect(artifactLocation('../other/compose.yaml', '/work/project')).toEqual({ uri: 'file:///work/other/compose.yaml' });
    expect(artifactLocation('/etc/compose.yaml', '/work/project')).toEqual({ uri: 'file:///etc/compose.yaml' });
  });

  it('keeps sources named by an absolute URI (live audits) unchanged, without uriBaseId', () => {
    expect(artifactLocation('docker://localhost/containers/priv', '/work/project')).toEqual({ uri: 'docker://localhost/containers/priv' });
    expect(artifactLocation('host://vm', '/work/project')).toEqual({ uri: 'host://vm' });
    expect(artifactLocation('docker://localhost/images/nginx:1.25@sha256:ab/history', '/work/project')).toEqual({
      uri: 'docker://localhost/images/nginx:1.25@sha256:ab/history',
    });
    expect(artifactLocation('docker://localhost/containers/a b', '/work/project')).toEqual({ uri: 'docker://localhost/containers/a%20b' });
    // A relative path whose first segment merely contains a colon is still a file.
    expect(artifactLocation('a:b/compose.yaml', '/work/project')).toEqual({ uri: 'a%3Ab/compose.yaml', uriBaseId: 'SRCROOT' });
  });

  it('prefixes relative help URIs with DOCS_BASE and keeps absolute ones', () => {
    expect(absoluteHelpUri('docs/rules/x.md')).toBe('https://github.com/bulwark-sec/bulwark/blob/main/docs/rules/x.md');
    expect(absoluteHelpUri('https://example.org/x')).toBe('https://example.org/x');
    expect(absoluteHelpUri('javascript:alert(1)')).toBe('https://github.com/bulwark-sec/bulwark/blob/main/javascript:alert(1)');
  });
});

describe('renderSarifChunks', () => {
  // The oracle: JSON.stringify's own two-space layout of the parsed log. The chunks splice the results in by hand.
  const canonical = (text: string) => JSON.stringify(JSON.parse(text), null, 2) + '\n';

  it('lays the log out exactly as JSON.stringify(log, null, 2), with results, without results', () => {
    const r = fixtureResult();
    const text = renderSarif(r, { cwd: CWD });
    expect(text).toBe(canonical(text));
    expect(JSON.parse(text).runs[0].results).toHaveLength(r.findings.length);
    expect(r.findings).toHaveLength(5);
    const none = renderSarif({ ...r, findings: [] }, { cwd: CWD });
    expect(none).toBe(canonical(none));
    expect(none).toContain('"results": []\n    }\n  ]\n}\n');
  });

  it('hands a large log over in pieces of about a million UTF-16 units, never as one string', () => {
    const r = fixtureResult();
    const findings = Array.from({ length: 6000 }, (_, i) => ({ ...r.findings[i % r.findings.length], message: `finding ${i}` }));
    const chunks = [...renderSarifChunks({ ...r, findings }, { cwd: CWD })];
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) expect(c.length).toBeLessThan((1 << 20) + 4096);
    const text = chunks.join('');
    expect(text).toBe(canonical(text));
    const results = JSON.parse(text).runs[0].results as { message: { text: string } }[];
    expect(results).toHaveLength(6000);
    expect(results[5999].message.text).toBe('finding 5999');
  });
});

describe('renderSarif end to end', () => {
  it('validates real engine output against the official schema', async () => {
    const r = await auditSources(
      [
        { path: 'compose.yaml', text: 'services:\n  web:\n    image: nginx:latest\n    privileged: true\n    cap_add: [SYS_ADMIN]\n' },
        { path: 'scripts/run.sh', text: 'docker run --privileged -v /var/run/docker.sock:/var/run/docker.sock alpine\n' },
        { path: 'broken.yaml', kind: 'compose', text: 'services: [\n' },
      ],
      { env: {} },
    );
    const log = JSON.parse(renderSarif(r, { cwd: process.cwd() }));
    expect(errorsOf(log)).toEqual([]);
    const run = log.runs[0];
    expect(run.results).toHaveLength(r.findings.length);
    expect(run.invocations[0].executionSuccessful).toBe(false);
    const privileged = run.results.filter((x: { ruleId: string }) => x.ruleId === 'BW-0001');
    expect(privileged.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }) => [
      x.locations[0].physicalLocation.artifactLocation.uri,
      x.locations[0].physicalLocation.region.startLine,
    ])).toEqual([
      ['compose.yaml', 4],
      ['scripts/run.sh', 1],
    ]);
    for (const x of run.results) expect(run.tool.driver.rules[x.ruleIndex].id).toBe(x.ruleId);
  });

  it('validates a live-audit source named docker://… and emits its absolute URI without uriBaseId', async () => {
    const text = JSON.stringify([{ Id: 'abc', Name: '/priv', Config: { Image: 'alpine' }, HostConfig: { Privileged: true } }], null, 2);
    const r = await auditSources([{ path: 'docker://localhost/containers/priv', kind: 'inspect', text }], { env: {} });
    const log = JSON.parse(renderSarif(r, { cwd: process.cwd() }));
    expect(errorsOf(log)).toEqual([]);
    const priv = log.runs[0].results.filter((x: { ruleId: string }) => x.ruleId === 'BW-0001');
    expect(priv.map((x: { locations: { physicalLocation: { artifactLocation: unknown } }[] }) => x.locations[0].physicalLocation.artifactLocation)).toEqual([
      { uri: 'docker://localhost/containers/priv' },
    ]);
  });
});

// QA: SARIF of stdin pointed at a file named `-` in the repository (`{"uri": "-", "uriBaseId": "SRCROOT"}`).
describe('SARIF of stdin', () => {
  it('without --stdin-filename: a placeholder location outside the source root, described, still schema-valid', async () => {
    expect(artifactLocation('-', CWD)).toEqual({ uri: 'stdin', description: { text: 'standard input (no file name; give one with --stdin-filename)' } });
    const r = await auditSources(
      [
        { path: '-', kind: 'dockerfile', text: 'FROM alpine:3.20\nRUN chmod u+s /bin/x\n' },
        { path: 'broken.yaml', kind: 'compose', text: 'services: [\n' },
      ],
      { env: {} },
    );
    const log = JSON.parse(renderSarif(r, { cwd: CWD }));
    expect(errorsOf(log)).toEqual([]);
    const locations = log.runs[0].results.map((x: { locations: { physicalLocation: { artifactLocation: unknown; region: { startLine: number } } }[] }) => x.locations[0].physicalLocation);
    expect(locations.length).toBeGreaterThan(0);
    for (const l of locations) expect(l.artifactLocation).toEqual({ uri: 'stdin', description: { text: 'standard input (no file name; give one with --stdin-filename)' } });
    expect(JSON.stringify(log)).not.toContain('"uri":"-"');
  });

  it('with --stdin-filename: the name, relative to the source root like a file', async () => {
    const r = await auditSources([{ path: 'app/Dockerfile', kind: 'dockerfile', text: 'FROM alpine:3.20\nRUN chmod u+s /bin/x\n' }], { env: {} });
    const log = JSON.parse(renderSarif(r, { cwd: CWD, srcRoot: CWD }));
    expect(errorsOf(log)).toEqual([]);
    const suid = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'BW-0104');
    expect(suid.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'app/Dockerfile', uriBaseId: 'SRCROOT' });
    expect(suid.locations[0].physicalLocation.region.startLine).toBe(2);
  });
});

// QA (cli): a rule's descriptor carried the highest severity of its findings in the run, and GitHub takes an alert's
// security severity from the descriptor only: an alert changed severity when an unrelated file was audited with it.
describe('renderSarif: each result at its own severity, whatever else the run holds', () => {
  const svc = (cap: string) => `services:\n  web:\n    image: nginx:1.27\n    cap_add: [${cap}]\n`;
  const sarifOf = async (files: [string, string][]) => {
    const r = await auditSources(files.map(([path, text]) => ({ path, text })), { env: {} });
    return JSON.parse(renderSarif(r, { cwd: CWD, srcRoot: CWD }));
  };
  const caps = (log: { runs: { results: { ruleId: string; ruleIndex: number; level: string; properties: { severity: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[]; tool: { driver: { rules: { id: string; defaultConfiguration: { level: string }; properties: { 'security-severity': string } }[] } } }[] }) => {
    const run = log.runs[0];
    return run.results
      .filter((x) => x.ruleId.startsWith('BW-0002'))
      .map((x) => {
        const d = run.tool.driver.rules[x.ruleIndex];
        return [x.locations[0].physicalLocation.artifactLocation.uri, x.ruleId, d.id, x.properties.severity, d.properties['security-severity'], d.defaultConfiguration.level, x.level];
      });
  };

  it('a NET_ADMIN finding keeps its descriptor and security-severity when a SYS_ADMIN one is in the same run (was: shown at 9.5 with it)', async () => {
    const alone = caps(await sarifOf([['b/compose.yaml', svc('NET_ADMIN')]]));
    const both = await sarifOf([['a/compose.yaml', svc('SYS_ADMIN')], ['b/compose.yaml', svc('NET_ADMIN')]]);
    expect(alone).toEqual([['b/compose.yaml', 'BW-0002', 'BW-0002', 'high', '8.0', 'error', 'error']]);
    expect(caps(both)).toEqual([['a/compose.yaml', 'BW-0002/critical', 'BW-0002/critical', 'critical', '9.5', 'error', 'error'], alone[0]]);
    expect(errorsOf(both)).toEqual([]);
    // One descriptor per id.
    const ids = both.runs[0].tool.driver.rules.map((d: { id: string }) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
