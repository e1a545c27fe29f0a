/**
 * QA round 16: `bulwark audit` as a CI user runs it next to hadolint, Trivy and ESLint — the built CLI
 * (`dist/cli.js`, or `BULWARK_CLI`), its exit codes (0/1/2, R-G14), `.bulwark.yaml` (found from the
 * working directory or a parent; errors as one line with file:line:column), the JSON report against its
 * schema and the SARIF log against the official SARIF 2.1.0 schema, on real inputs and on bad input.
 * Each test of a fix failed before it (named in the test).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../src/rules/index.js';
import { checkRuleNames, closest, ConfigError, parseConfig, ruleSetting } from '../src/engine/config.js';

const CLI = resolve(process.env.BULWARK_CLI ?? 'dist/cli.js');
const require = createRequire(import.meta.url);
const Ajv04: typeof import('ajv-draft-04').default = require('ajv-draft-04');
const Ajv2020: typeof import('ajv/dist/2020.js').default = require('ajv/dist/2020.js');
const addFormats: typeof import('ajv-formats').default = require('ajv-formats');

const sarifAjv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(sarifAjv);
const validateSarif = sarifAjv.compile(JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')));
const jsonAjv = new Ajv2020({ allErrors: true, strict: true });
addFormats(jsonAjv);
const validateJson = jsonAjv.compile(JSON.parse(readFileSync(resolve('schema/audit-result.schema.json'), 'utf8')));

function run(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd,
    input: '',
    encoding: 'utf8',
    timeout: 20000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...opts.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'bulwark-qa16-'));
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(join(d, p, '..'), { recursive: true });
    writeFileSync(join(d, p), t);
  }
  return d;
}

const COMPOSE = 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n';

describe('.bulwark.yaml', () => {
  it('applies a rule id written in lower case (checkRuleNames accepted it, the rule still ran)', () => {
    const d = dir({ 'compose.yaml': COMPOSE, '.bulwark.yaml': 'rules:\n  bw-0001: off\n  BW-0009: off\n  Image-Not-Pinned: info\n' });
    const json = JSON.parse(run(['audit', 'compose.yaml', '--format', 'json'], { cwd: d }).stdout);
    const ids = json.findings.map((f: { ruleId: string }) => f.ruleId);
    expect(ids).not.toContain('BW-0001');
    expect(ids).not.toContain('BW-0009');
    expect(json.rules.some((r: { id: string }) => r.id === 'BW-0001')).toBe(false);
    const cfg = parseConfig('rules:\n  bw-0001: off\n  Image-Not-Pinned: low\n', '/x/.bulwark.yaml');
    expect(ruleSetting(cfg, 'BW-0001', 'privileged-container')).toEqual({ enabled: false });
    expect(ruleSetting(cfg, 'BW-0027', 'image-not-pinned')).toEqual({ enabled: true, severity: 'low' });
  });

  it('is found in a parent directory and its errors name it as seen from the working directory', () => {
    const d = dir({ 'sub/deeper/compose.yaml': COMPOSE, '.bulwark.yaml': 'rules:\n  privileged-container: {sevrity: high}\n' });
    const r = run(['audit', '.'], { cwd: join(d, 'sub', 'deeper') });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'bulwark: ../../.bulwark.yaml:2:26: rules.privileged-container: unknown key "sevrity" (did you mean severity?); a rule setting is off, on, a severity, or { enabled, severity }\n',
    );
  });

  it('names the field and the word meant for bad values (was: "must be one of off, on, …" at the mapping)', () => {
    const err = (text: string) => {
      try {
        parseConfig(text, 'cfg.yaml');
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(err('rules:\n  user-not-set: {severity: hihg}\n')).toBe('cfg.yaml:2:28: rules.user-not-set.severity: must be one of critical, high, medium, low, info (did you mean high?)');
    expect(err('rules:\n  user-not-set: offf\n')).toBe('cfg.yaml:2:17: rules.user-not-set: must be one of off, on, critical, high, medium, low, info (did you mean off?)');
    // failOn takes a severity only: off and on are not offered.
    expect(err('failOn: hgh\n')).toBe('cfg.yaml:1:9: failOn: must be one of critical, high, medium, low, info (did you mean high?)');
    expect(err('ignore:\n  - 3\n')).toBe('cfg.yaml:2:5: ignore[0]: must be a string (a gitignore-style pattern)');
    expect(err('- 1\n')).toBe('cfg.yaml:1:1: config: must be a mapping of rules, ignore, failOn');
    expect(err('rules: []\n')).toBe('cfg.yaml:1:8: rules: must be a mapping of rule ids or slugs to off, on, a severity, or { enabled, severity }');
  });

  it('reports an unresolved alias and an alias bomb with file:line (was: no position)', () => {
    const d = dir({ 'compose.yaml': COMPOSE, '.bulwark.yaml': 'failOn: high\nrules: *a\n' });
    const r = run(['audit', '.'], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('bulwark: .bulwark.yaml:2:8: alias *a names no anchor defined before it\n');
    const bomb = ['a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'rules: [*c, *c]', ''].join('\n');
    expect(() => parseConfig(bomb, 'cfg.yaml')).toThrowError(new ConfigError('cfg.yaml:2:8: too many alias expansions (alias bomb)'));
    expect(() => parseConfig('rules:\0', 'cfg.yaml')).toThrowError(new ConfigError('cfg.yaml: binary file (contains NUL bytes), not a YAML config file'));
  });

  it('refuses a .bulwark.yaml that is a FIFO or a directory instead of hanging or skipping it', () => {
    const d = dir({ 'compose.yaml': COMPOSE });
    expect(spawnSync('mkfifo', [join(d, '.bulwark.yaml')]).status).toBe(0);
    const r = run(['audit', '.'], { cwd: d });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('bulwark: .bulwark.yaml: not a regular file (a pipe, socket or device); a config file must be a YAML file\n');
    const e = dir({ 'compose.yaml': COMPOSE });
    mkdirSync(join(e, '.bulwark.yaml'));
    const r2 = run(['audit', '.'], { cwd: e });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toBe('bulwark: .bulwark.yaml: not a regular file (a directory); a config file must be a YAML file\n');
    const r3 = run(['audit', '.', '--config', '.bulwark.yaml'], { cwd: e });
    expect(r3.code).toBe(2);
    expect(r3.stderr).toBe('bulwark: .bulwark.yaml: cannot read config file: is a directory\n');
    const r4 = run(['audit', '.', '--config', 'nope.yaml'], { cwd: e });
    expect(r4.stderr).toBe('bulwark: nope.yaml: cannot read config file: no such file\n');
  });

  it('suggests the rule meant by edit distance, not only by its first six characters', () => {
    const known = allRules.map((r) => r.meta);
    const msg = (name: string) => {
      try {
        checkRuleNames(parseConfig(`rules:\n  ${name}: off\n`, 'c.yaml'), known);
        return 'ok';
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(msg('user-not-sett')).toBe('c.yaml:2:3: rules.user-not-sett: unknown rule (did you mean user-not-set?); `bulwark rules` lists them');
    expect(msg('privilegedcontainer')).toBe('c.yaml:2:3: rules.privilegedcontainer: unknown rule (did you mean privileged-container?); `bulwark rules` lists them');
    expect(msg('BW-9999')).toBe('c.yaml:2:3: rules.BW-9999: unknown rule; `bulwark rules` lists them');
    expect(msg('not-a-rule')).toBe('c.yaml:2:3: rules.not-a-rule: unknown rule; `bulwark rules` lists them');
    expect(msg('Privileged-Container')).toBe('ok');
    expect(closest('sevrity', ['enabled', 'severity'])).toBe('severity');
    expect(closest('zzz', ['enabled', 'severity'])).toBeUndefined();
  });
});

describe('reports a CI user reads', () => {
  it('--fail-on: each severity against a file whose worst finding is critical, and a clean exit below it', () => {
    const d = dir({ 'compose.yaml': COMPOSE });
    for (const s of ['critical', 'high', 'medium', 'low', 'info']) expect(run(['audit', 'compose.yaml', '--fail-on', s], { cwd: d }).code).toBe(1);
    const medium = dir({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' });
    const json = JSON.parse(run(['audit', 'compose.yaml', '--format', 'json'], { cwd: medium }).stdout);
    expect(json.summary.bySeverity.critical + json.summary.bySeverity.high).toBe(0);
    expect(run(['audit', 'compose.yaml', '--fail-on', 'high'], { cwd: medium }).code).toBe(0);
    expect(run(['audit', 'compose.yaml', '--fail-on', 'medium'], { cwd: medium }).code).toBe(1);
    // Input errors win over findings: 2.
    writeFileSync(join(medium, 'broken.yaml'), 'services: [\n');
    expect(run(['audit', '.', '--fail-on', 'critical'], { cwd: medium }).code).toBe(2);
  });

  it('text summary counts equal the JSON counts; FORCE_COLOR=0 means no colour (was: coloured)', () => {
    const d = dir({ 'compose.yaml': COMPOSE });
    const json = JSON.parse(run(['audit', 'compose.yaml', '--format', 'json'], { cwd: d }).stdout);
    const s = json.summary;
    const text = run(['audit', 'compose.yaml'], { cwd: d, env: { NO_COLOR: '', FORCE_COLOR: '0' } }).stdout;
    expect(text).not.toContain('\x1b[');
    const counts = ['critical', 'high', 'medium', 'low', 'info'].filter((k) => s.bySeverity[k]).map((k) => `${s.bySeverity[k]} ${k}`);
    expect(text.trimEnd().split('\n').pop()).toBe(`✖ ${s.findings} findings (${counts.join(', ')}) in 1 file, 1 target`);
    expect(run(['audit', 'compose.yaml'], { cwd: d, env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout).toContain('\x1b[');
  });

  it('JSON and SARIF of a run with bad inputs validate against their schemas; errors stay apart', () => {
    const d = dir({
      'good.yaml': COMPOSE,
      'malformed.yaml': 'services: [\n  web: {\n',
      'bomb-compose.yaml': ['a: &a [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `a${i}: &a${i} [${Array(9).fill(i ? `*a${i - 1}` : '*a').join(', ')}]`), 'services:', '  web:', '    image: nginx', '    labels: *a7', ''].join('\n'),
      'bin.yaml': 'services:\0\x01\x02',
    });
    const inputs = ['good.yaml', 'malformed.yaml', 'bomb-compose.yaml', 'bin.yaml'];
    const json = run(['audit', ...inputs, '--format', 'json'], { cwd: d });
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout);
    expect(validateJson(report) ? [] : validateJson.errors).toEqual([]);
    expect(report.errors.map((e: { file: string; line?: number; code: string }) => [e.file, e.line, e.code])).toEqual([
      ['bin.yaml', undefined, 'binary'],
      ['bomb-compose.yaml', 1, 'alias-bomb'],
      ['malformed.yaml', 3, 'parse'],
    ]);
    expect(report.findings.every((f: { location: { file: string } }) => f.location.file === 'good.yaml')).toBe(true);
    const sarif = JSON.parse(run(['audit', ...inputs, '--format', 'sarif'], { cwd: d }).stdout);
    expect(validateSarif(sarif) ? [] : validateSarif.errors).toEqual([]);
    expect(sarif.runs).toHaveLength(1);
    expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(false);
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications.map((n: { descriptor: { id: string } }) => n.descriptor.id)).toEqual(['binary', 'alias-bomb', 'parse']);
  });

  it('SARIF from a subdirectory of a repository names files from the repository root (was: from the subdirectory)', () => {
    const d = dir({ 'deploy/compose.yaml': COMPOSE });
    mkdirSync(join(d, '.git'));
    const r = run(['audit', '.', '--format', 'sarif'], { cwd: join(d, 'deploy') });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(validateSarif(log) ? [] : validateSarif.errors).toEqual([]);
    const uris = new Set(log.runs[0].results.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0].physicalLocation.artifactLocation.uri));
    expect([...uris]).toEqual(['deploy/compose.yaml']);
    // The fingerprints do not depend on where the audit ran.
    const fromRoot = JSON.parse(run(['audit', 'deploy', '--format', 'sarif'], { cwd: d }).stdout);
    const fp = (l: typeof log) => l.runs[0].results.map((x: { partialFingerprints: Record<string, string> }) => Object.values(x.partialFingerprints)[0]);
    expect(fp(fromRoot)).toEqual(fp(log));
  });

  it('SARIF fingerprints survive lines moving; only the moved finding region changes', () => {
    const d = dir({ 'compose.yaml': COMPOSE });
    const before = JSON.parse(run(['audit', 'compose.yaml', '--format', 'sarif'], { cwd: d }).stdout).runs[0].results;
    writeFileSync(join(d, 'compose.yaml'), '# a comment\n\n' + COMPOSE);
    const after = JSON.parse(run(['audit', 'compose.yaml', '--format', 'sarif'], { cwd: d }).stdout).runs[0].results;
    expect(after.map((x: { partialFingerprints: unknown }) => x.partialFingerprints)).toEqual(before.map((x: { partialFingerprints: unknown }) => x.partialFingerprints));
    const line = (x: { locations: { physicalLocation: { region: { startLine: number } } }[] }) => x.locations[0].physicalLocation.region.startLine;
    expect(after.map(line)).toEqual(before.map((x: Parameters<typeof line>[0]) => line(x) + 2));
  });
});

describe('inputs and -o that must not hang or overwrite (QA round 16, shared-file defects)', () => {
  it('-o through a symbolic link to an audited file is refused, and the file is kept (was: the report replaced it)', () => {
    const d = dir({ 'c.yaml': COMPOSE });
    expect(spawnSync('ln', ['-s', 'c.yaml', join(d, 'link.yaml')]).status).toBe(0);
    const r = run(['audit', 'c.yaml', '-o', 'link.yaml'], { cwd: d });
    expect([r.code, r.stderr]).toEqual([2, 'bulwark: refusing to write the report over the audited file link.yaml\n']);
    expect(readFileSync(join(d, 'c.yaml'), 'utf8')).toBe(COMPOSE);
  });

  it('-o naming a hard link of an audited file, or the audited file by another path, is refused', () => {
    const d = dir({ 'c.yaml': COMPOSE, 'sub/keep': '' });
    expect(spawnSync('ln', [join(d, 'c.yaml'), join(d, 'hard.yaml')]).status).toBe(0);
    const r = run(['audit', 'c.yaml', '-o', 'hard.yaml'], { cwd: d });
    expect([r.code, r.stderr]).toEqual([2, 'bulwark: refusing to write the report over the audited file hard.yaml\n']);
    const r2 = run(['audit', 'c.yaml', '-o', 'sub/../c.yaml'], { cwd: d });
    expect([r2.code, r2.stderr]).toEqual([2, 'bulwark: refusing to write the report over the audited file sub/../c.yaml\n']);
    expect(readFileSync(join(d, 'c.yaml'), 'utf8')).toBe(COMPOSE);
  });

  it('-o naming a directory says so in words (was: "EISDIR")', () => {
    const d = dir({ 'c.yaml': COMPOSE, 'out/keep': '' });
    const r = run(['audit', 'c.yaml', '-o', 'out'], { cwd: d });
    expect([r.code, r.stderr]).toEqual([2, 'bulwark: cannot write out: it is a directory\n']);
  });

  it('a FIFO given as an input is an input error while the other inputs are audited (was: the audit hung)', () => {
    const d = dir({ 'good.yaml': COMPOSE });
    expect(spawnSync('mkfifo', [join(d, 'f.yaml')]).status).toBe(0);
    const r = run(['audit', 'good.yaml', 'f.yaml', '--format', 'json'], { cwd: d });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    const j = JSON.parse(r.stdout) as { errors: { file: string; message: string }[]; findings: { ruleId: string }[] };
    expect(j.errors.map((e) => `${e.file}: ${e.message}`)).toEqual(['f.yaml: not a regular file (a FIFO)']);
    expect(j.findings.some((f) => f.ruleId === 'BW-0001')).toBe(true);
  });

  it('a FIFO .env beside a Compose file is not read (its values stay unknown) instead of blocking the audit', () => {
    const d = dir({ 'compose.yaml': 'services:\n  web:\n    image: nginx:${TAG}\n    mem_limit: ${MEM}\n' });
    expect(spawnSync('mkfifo', [join(d, '.env')]).status).toBe(0);
    const r = run(['audit', 'compose.yaml', '--format', 'json'], { cwd: d });
    expect(r.signal).toBeNull();
    const j = JSON.parse(r.stdout) as { errors: unknown[]; findings: { ruleId: string; certainty: string }[] };
    expect(j.errors).toEqual([]);
    expect(j.findings.filter((f) => f.ruleId === 'BW-0008').map((f) => f.certainty)).toEqual(['unknown']);
  });
});

describe('--ignore and --severity (hadolint --ignore, Trivy --severity)', () => {
  const COMPOSE2 = 'services:\n  web:\n    image: nginx\n    privileged: true\n    environment:\n      DB_PASSWORD: hunter2hunter2\n';
  const counts = (stdout: string) => {
    const j = JSON.parse(stdout) as { findings: { ruleId: string; severity: string }[]; summary: { findings: number; bySeverity: Record<string, number> } };
    return { ids: [...new Set(j.findings.map((f) => f.ruleId))].sort(), summary: j.summary };
  };

  it('--ignore turns rules off by id or slug, repeated or comma-separated, over the config; an unknown name is a usage error with the rule meant', () => {
    const d = dir({ 'compose.yaml': COMPOSE2, '.bulwark.yaml': 'rules:\n  BW-0001: critical\n' });
    const all = counts(run(['audit', 'compose.yaml', '--format', 'json'], { cwd: d }).stdout);
    expect(all.ids).toContain('BW-0001');
    const r = run(['audit', 'compose.yaml', '--format', 'json', '--ignore', 'privileged-container', '--ignore', 'bw-0027,secret-in-environment'], { cwd: d });
    const some = counts(r.stdout);
    expect(some.ids).toEqual(all.ids.filter((i) => !['BW-0001', 'BW-0027', 'BW-0026'].includes(i)));
    const bad = run(['audit', 'compose.yaml', '--ignore', 'privileged-contaner'], { cwd: d });
    expect([bad.code, bad.stderr]).toEqual([2, 'bulwark: --ignore privileged-contaner: unknown rule (did you mean privileged-container?); `bulwark rules` lists them\n']);
  });

  it('--severity reports only those severities, with the summary and the exit code following what is reported', () => {
    const d = dir({ 'compose.yaml': COMPOSE2 });
    const r = run(['audit', 'compose.yaml', '--format', 'json', '--severity', 'critical,high'], { cwd: d });
    expect(r.code).toBe(1);
    const c = counts(r.stdout);
    expect(c.ids).toEqual(['BW-0001', 'BW-0026']);
    expect(c.summary).toMatchObject({ findings: 2, bySeverity: { critical: 1, high: 1, medium: 0, low: 0, info: 0 } });
    const info = run(['audit', 'compose.yaml', '--severity', 'info'], { cwd: d });
    expect(info.code).toBe(0);
    const bad = run(['audit', 'compose.yaml', '--severity', 'hihg'], { cwd: d });
    expect([bad.code, bad.stderr]).toEqual([2, 'bulwark: --severity: "hihg" is not a severity; give a comma-separated list of critical, high, medium, low, info\n']);
  });
});
