import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summaryLine } from '../report/common.js';
import { describe, expect, it } from 'vitest';
import { audit, auditSources } from './audit.js';
import { ConfigError, parseConfig, ruleSetting } from './config.js';
import { parseDirectives } from './suppress.js';
import { SourceFile } from '../model/source.js';

const PRIV = 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n';

function tmp(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-engine-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

describe('config', () => {
  it('parses rules, ignore and failOn', () => {
    const c = parseConfig('rules:\n  user-not-set: off\n  BW-0009: low\n  image-not-pinned: { severity: high }\nignore: ["vendor/**"]\nfailOn: high\n', '/x/.bulwark.yaml');
    expect(ruleSetting(c, 'BW-0004', 'user-not-set')).toEqual({ enabled: false });
    expect(ruleSetting(c, 'BW-0009', 'cpu-limit-missing')).toEqual({ enabled: true, severity: 'low' });
    expect(ruleSetting(c, 'BW-0027', 'image-not-pinned')).toEqual({ enabled: true, severity: 'high' });
    expect(ruleSetting(c, 'BW-0001', 'privileged-container')).toEqual({ enabled: true });
    expect(c.ignore).toEqual(['vendor/**']);
    expect(c.failOn).toBe('high');
    expect(c.baseDir).toBe('/x');
  });
  it('reports a bad severity with file:line:column', () => {
    expect(() => parseConfig('rules:\n  user-not-set: loud\n', 'cfg.yaml')).toThrowError(new ConfigError('cfg.yaml:2:17: rules.user-not-set: must be one of off, on, critical, high, medium, low, info'));
  });
  it('reports an unknown key', () => {
    expect(() => parseConfig('rules: {}\nfailon: high\n', 'cfg.yaml')).toThrowError(new ConfigError('cfg.yaml:2:1: config: unknown key "failon" (did you mean failOn?); the keys are rules, ignore, failOn'));
  });
  it('reports malformed YAML with its position', () => {
    expect(() => parseConfig('rules: [\n', 'cfg.yaml')).toThrowError(/^cfg\.yaml:2:1: /);
  });
  it('says a config holds one YAML document (was: yaml\'s "please use YAML.parseAllDocuments()")', () => {
    expect(() => parseConfig('---\nrules: {}\n---\nfailOn: high\n', 'cfg.yaml')).toThrowError(
      new ConfigError('cfg.yaml:3:1: a second YAML document starts here; a config file holds one (merge them, or remove the ---)'),
    );
  });
});

describe('suppression directives', () => {
  it('parses a directive alone on its line and one after code', () => {
    const src = new SourceFile('c.yaml', 'a: 1\n# bulwark-ignore BW-0001, user-not-set -- accepted in dev\n\n  # other comment\nb: 2 # bulwark-ignore privileged-container -- why\nc: 3 # bulwark-ignore x\n');
    expect(parseDirectives(src)).toEqual([
      { file: 'c.yaml', line: 2, column: 1, appliesTo: 5, rules: ['BW-0001', 'user-not-set'], reason: 'accepted in dev', used: false },
      { file: 'c.yaml', line: 5, column: 6, appliesTo: 5, rules: ['privileged-container'], reason: 'why', used: false },
      { file: 'c.yaml', line: 6, column: 6, appliesTo: 6, rules: ['x'], reason: '', used: false },
    ]);
  });

  it('suppresses a finding with a reason and reports unused and reason-less directives', async () => {
    const code = [
      'services:',
      '  web:',
      '    image: nginx:1.27',
      '    # bulwark-ignore privileged-container -- needs raw device access, reviewed 2026-11',
      '    privileged: true',
      '    read_only: true # bulwark-ignore BW-0001 -- nothing here',
      '  db:',
      '    image: postgres:16',
      '    privileged: true # bulwark-ignore privileged-container',
      '',
    ].join('\n');
    const r = await auditSources([{ path: 'compose.yaml', text: code }], { env: {} });
    const priv = r.findings.filter((f) => f.slug === 'privileged-container');
    expect(priv.map((f) => [f.target.name, f.location.startLine])).toEqual([['db', 9]]);
    const dir = r.findings.filter((f) => f.slug === 'suppression-directive');
    expect(dir.map((f) => [f.location.startLine, f.location.startColumn, f.message])).toEqual([
      [6, 21, 'bulwark-ignore directive suppresses nothing: no BW-0001 finding on line 6'],
      [9, 22, 'bulwark-ignore directive has no reason; write "# bulwark-ignore <rule> -- <why>"'],
    ]);
    expect(r.summary.suppressed).toBe(1);
    expect(r.suppressions.map((s) => [s.line, s.used])).toEqual([
      [4, true],
      [6, false],
      [9, false],
    ]);
  });
});

describe('a trailing bulwark-ignore on a Dockerfile RUN line (QA: silently ignored, the finding still reported)', () => {
  it('is honoured as the shell comment it is; an unknown rule or a missing reason is reported at its line', async () => {
    const text = [
      'FROM alpine:3.20',
      'RUN chmod u+s /usr/bin/ping # bulwark-ignore df-setuid-binary -- ping needs it',
      'RUN echo hi # bulwark-ignore no-such-rule',
      'RUN chmod u+s /bin/su # bulwark-ignore BW-0104',
      'USER 1000',
      '',
    ].join('\n');
    const r = await auditSources([{ path: 'Dockerfile', text }], { env: {} });
    expect(r.findings.filter((f) => ['BW-0000', 'BW-0104'].includes(f.ruleId)).map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.severity} ${f.message}`)).toEqual([
      '3:13 BW-0000 low bulwark-ignore directive names an unknown rule: no-such-rule',
      '4:5 BW-0104 high chmod u+s su: sets the setuid/setgid bit',
      '4:23 BW-0000 low bulwark-ignore directive has no reason; write "# bulwark-ignore <rule> -- <why>"',
    ]);
    expect(r.summary.suppressed).toBe(1);
    expect(r.suppressions).toEqual([
      { file: 'Dockerfile', line: 2, rules: ['df-setuid-binary'], reason: 'ping needs it', used: true },
      { file: 'Dockerfile', line: 3, rules: ['no-such-rule'], reason: '', used: false },
      { file: 'Dockerfile', line: 4, rules: ['BW-0104'], reason: '', used: false },
    ]);
  });

  it('a # in quotes, in a URL or in a word is not a directive; a real one after a quoted one is', async () => {
    const text = [
      'FROM alpine:3.20',
      'RUN echo "see # bulwark-ignore df-setuid-binary -- quoted" && chmod u+s /bin/a',
      "RUN echo 'see # bulwark-ignore df-setuid-binary -- quoted' && chmod u+s /bin/b",
      'RUN curl -o /x https://x.example/a#bulwark-ignore && chmod u+s /bin/c',
      'RUN echo "see # bulwark-ignore df-setuid-binary -- q" && chmod u+s /bin/d # bulwark-ignore df-setuid-binary -- reviewed',
      'ONBUILD RUN chmod u+s /bin/e # bulwark-ignore df-setuid-binary -- children need it',
      'ENV X="1" # bulwark-ignore df-setuid-binary -- an ENV value, not a comment',
      'USER 1000',
      '',
    ].join('\n');
    const r = await auditSources([{ path: 'Dockerfile', text }], { env: {} });
    expect(r.findings.filter((f) => ['BW-0000', 'BW-0104'].includes(f.ruleId)).map((f) => `${f.location.startLine} ${f.ruleId} ${f.message}`)).toEqual([
      '2 BW-0104 chmod u+s a: sets the setuid/setgid bit',
      '3 BW-0104 chmod u+s b: sets the setuid/setgid bit',
      '4 BW-0104 chmod u+s c: sets the setuid/setgid bit',
    ]);
    expect(r.suppressions.map((s) => [s.line, s.reason, s.used])).toEqual([
      [5, 'reviewed', true],
      [6, 'children need it', true],
    ]);
  });
});

describe('a directive alone on its line with no line after it (QA: "no df-user-root finding on line 5" in a 3-line file)', () => {
  it('applies to no line, in every kind', () => {
    expect(parseDirectives(new SourceFile('D5.Dockerfile', 'FROM alpine:3.20\nUSER 1000\n# bulwark-ignore df-user-root -- reviewed\n')).map((d) => [d.line, d.appliesTo, d.appliesToEnd])).toEqual([[3, 0, undefined]]);
    expect(parseDirectives(new SourceFile('c.yaml', 'a: 1\n# bulwark-ignore BW-0001 -- x\n\n# trailing comment\n\n')).map((d) => [d.line, d.appliesTo])).toEqual([[2, 0]]);
    expect(parseDirectives(new SourceFile('README.md', 'text\n\n<!-- bulwark-ignore BW-0001 -- x -->\n')).map((d) => [d.line, d.appliesTo])).toEqual([[3, 0]]);
    // With a line after it, unchanged.
    expect(parseDirectives(new SourceFile('c.yaml', '# bulwark-ignore BW-0001 -- x\n\nb: 2')).map((d) => [d.line, d.appliesTo])).toEqual([[1, 3]]);
  });

  it.each([
    ['D5.Dockerfile', 'dockerfile', 'FROM alpine:3.20\nUSER 1000\n# bulwark-ignore df-user-root -- reviewed\n', 3, 1],
    ['D5.Dockerfile', 'dockerfile', 'FROM alpine:3.20\nUSER 1000\n  # bulwark-ignore df-user-root -- reviewed', 3, 3],
    ['compose.yaml', 'compose', 'services:\n  web:\n    image: nginx:1.27\n    # bulwark-ignore privileged-container -- reviewed\n\n', 4, 5],
    ['run.sh', 'shell', '#!/bin/sh\ndocker run --rm alpine:3.20 true\n# bulwark-ignore BW-0001 -- reviewed\n# end\n', 3, 1],
    ['k8s.yaml', 'kubernetes', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n# bulwark-ignore BW-0001 -- reviewed\n', 8, 1],
    ['README.md', 'markdown', '```sh\ndocker run --rm alpine:3.20 true\n```\n\n<!-- bulwark-ignore BW-0001 -- reviewed -->\n', 5, 1],
  ] as const)('%s (%s): reported as following no line, not a line past the end', async (path, kind, text, line, column) => {
    const r = await auditSources([{ path, text, kind }], { env: {} });
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0000').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.severity} ${f.message}`)).toEqual([
      `${line}:${column} low bulwark-ignore directive suppresses nothing: no line follows it`,
    ]);
  });
});

describe('audit over the file system', () => {
  it('scans a directory recursively, respecting .gitignore and node_modules, and detects kinds', async () => {
    const dir = tmp({
      'compose.yaml': PRIV,
      'deploy/run.sh': '#!/bin/sh\ndocker run --privileged alpine:3.20 true\n',
      'deploy/notes.txt': 'docker run --privileged x',
      'app/Dockerfile': 'FROM alpine:3.20\nUSER 1000\n',
      'node_modules/pkg/compose.yaml': PRIV,
      'generated/compose.yaml': PRIV,
      '.gitignore': 'generated/\n',
      'k8s/other.yaml': 'kind: x\n',
    });
    const r = await audit(['.'], { cwd: dir, env: {}, config: {} });
    expect(r.files.map((f) => [f.path, f.kind]).sort()).toEqual([
      ['app/Dockerfile', 'dockerfile'],
      ['compose.yaml', 'compose'],
      ['deploy/run.sh', 'shell'],
    ]);
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.slug === 'privileged-container').map((f) => `${f.location.file}:${f.location.startLine}`)).toEqual(['compose.yaml:4', 'deploy/run.sh:2']);
  });

  it('merges compose.yaml with compose.override.yaml in one directory', async () => {
    const dir = tmp({
      'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
      'compose.override.yaml': 'services:\n  web:\n    privileged: true\n',
    });
    const r = await audit(['.'], { cwd: dir, env: {}, config: {} });
    const priv = r.findings.filter((f) => f.slug === 'privileged-container');
    expect(priv.map((f) => [f.location.file, f.location.startLine, f.target.name])).toEqual([['compose.override.yaml', 3, 'web']]);
  });

  it('QA: COMPOSE_FILE in the directory\'s .env chooses the project\'s files and their order (Compose docs)', async () => {
    const dir = tmp({
      '.env': 'COMPOSE_FILE=compose.yaml:compose.prod.yaml\n',
      'compose.yaml': 'services:\n  app:\n    image: example/app:1\n    privileged: true\n',
      'compose.prod.yaml': 'services:\n  app:\n    network_mode: host\n    privileged: false\n',
    });
    const r = await audit(['.'], { cwd: dir, env: {}, config: {} });
    expect(r.summary.targets).toBe(1);
    expect(r.findings.filter((f) => f.slug === 'privileged-container' || f.slug === 'host-network').map((f) => `${f.location.file}:${f.location.startLine} ${f.slug}`)).toEqual(['compose.prod.yaml:3 host-network']);
  });

  it('QA (cli): COMPOSE_FILE written YAML-style (COMPOSE_FILE: a;b, COMPOSE_PATH_SEPARATOR: ;), as compose-go\'s dotenv parser reads it, chooses the files too', async () => {
    const dir = tmp({
      '.env': 'COMPOSE_FILE: compose.yaml;compose.prod.yaml\nexport COMPOSE_PATH_SEPARATOR: ;\n',
      'compose.yaml': 'services:\n  app:\n    image: example/app:1\n    privileged: true\n',
      'compose.prod.yaml': 'services:\n  app:\n    network_mode: host\n    privileged: false\n',
    });
    const r = await audit(['.'], { cwd: dir, env: {}, config: {} });
    expect(r.findings.filter((f) => f.slug === 'privileged-container' || f.slug === 'host-network').map((f) => `${f.location.file}:${f.location.startLine} ${f.slug}`)).toEqual(['compose.prod.yaml:3 host-network']);
  });

  it('QA f1: COMPOSE_FILE naming a file in a subdirectory (compose.yaml:deploy/prod.yaml) makes one project, whose override resolves from the project directory', async () => {
    const dir = tmp({
      '.env': 'COMPOSE_FILE=compose.yaml:deploy/prod.yaml\n',
      'compose.yaml': 'services: {api: {image: ghcr.io/acme/api:3.2}}\n',
      'deploy/prod.yaml': 'services: {api: {env_file: ./prod.env, privileged: true}}\n',
      'prod.env': 'STRIPE_SECRET_KEY=sk_live_51HxAbCdEfGhIjKlMnOpQrStUv\n',
    });
    const r = await audit(['.'], { cwd: dir, env: {}, config: {} });
    expect(r.summary.targets).toBe(1);
    expect(r.findings.filter((f) => ['BW-0001', 'BW-0026'].includes(f.ruleId)).map((f) => `${f.location.file}:${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.severity}`)).toEqual([
      'prod.env:1:1 BW-0026 high',
      'deploy/prod.yaml:1:52 BW-0001 critical',
    ]);
  });

  it('keeps auditing after unreadable, binary, oversized and malformed inputs', async () => {
    const dir = tmp({
      'good/compose.yaml': PRIV,
      'bad/compose.yaml': 'services:\n  web:\n    image: [unclosed\n',
      'bin/compose.yaml': Buffer.from([0x73, 0x65, 0x00, 0x01]),
      'big/compose.yaml': 'services: {}\n' + '#'.repeat(2048),
    });
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling.yaml'));
    const r = await audit(['good', 'bad', 'bin', 'big', 'dangling.yaml', 'missing.yml'], { cwd: dir, env: {}, config: {}, maxFileSize: 1024 });
    expect(r.errors.map((e) => [e.file, e.code])).toEqual([
      ['bad/compose.yaml', 'parse'],
      ['big/compose.yaml', 'too-large'],
      ['bin/compose.yaml', 'binary'],
      ['dangling.yaml', 'read'],
      ['missing.yml', 'read'],
    ]);
    for (const e of r.errors) expect(e.message).not.toMatch(/\n|\bat .*\(.*:\d+:\d+\)/);
    expect(r.findings.filter((f) => f.slug === 'privileged-container').map((f) => f.location.file)).toEqual(['good/compose.yaml']);
  });

  it('refuses an explicit file of unknown kind and reads stdin with --kind', async () => {
    const dir = tmp({ 'notes.txt': 'hello' });
    const r = await audit(['notes.txt', '-'], { cwd: dir, env: {}, config: {}, kind: undefined, stdin: '' });
    expect(r.errors.map((e) => [e.file, e.code])).toEqual([
      ['-', 'usage'],
      ['notes.txt', 'usage'],
    ]);
    const s = await audit(['-'], { cwd: dir, env: {}, config: {}, kind: 'run', stdin: 'docker run --privileged alpine:3.20\n' });
    expect(s.findings.filter((f) => f.slug === 'privileged-container').map((f) => `${f.location.file}:${f.location.startLine}:${f.location.startColumn}`)).toEqual(['-:1:12']);
  });

  it('masks secret values in the sources reporters read', async () => {
    const r = await auditSources([{ path: 'compose.yaml', text: 'services:\n  db:\n    image: mysql:8\n    environment:\n      MYSQL_ROOT_PASSWORD: hunter2hunter2\n' }], { env: {} });
    expect(r.sources.get('compose.yaml')!.lineText(5)).toBe('      MYSQL_ROOT_PASSWORD: **************');
    expect(JSON.stringify(r)).not.toContain('hunter2');
    expect(Object.keys(r)).not.toContain('sources');
  });

  it('masks secrets no ingester models: a token in a comment, a password in a label (QA: printed in code frames)', async () => {
    const text = 'services:\n  app:\n    image: a:1\n    # AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n    privileged: true\n    labels:\n      deploy-token: glpat-AbCdEfGhIjKlMnOpQrSt\n';
    const r = await auditSources([{ path: 'compose.yaml', text }], { env: {} });
    const masked = r.sources.get('compose.yaml')!;
    expect([4, 7].map((n) => masked.lineText(n))).toEqual(['    # AWS_SECRET_ACCESS_KEY: ****************************************', '      deploy-token: **************************']);
  });

  it('masks every echo of a secret value, in comments and commands too', async () => {
    const text = 'services:\n  db:\n    # the admin password is S3cretDup! (rotate)\n    image: mysql:8\n    command: ["--pw", "S3cretDup!"]\n    environment:\n      ADMIN_PASSWORD: S3cretDup!\n';
    const r = await auditSources([{ path: 'compose.yaml', text }], { env: {} });
    const masked = r.sources.get('compose.yaml')!;
    expect(masked.text).not.toContain('S3cretDup');
    expect(masked.lineText(3)).toBe('    # the admin password is ********** (rotate)');
    expect(masked.text.length).toBe(text.length);
  });

  it('does not mask echoes of a secret value that is also a name findings print (the service, the image)', async () => {
    const text = 'services:\n  postgres:\n    image: docker.io/library/postgres:16\n    environment:\n      POSTGRES_PASSWORD: postgres\n';
    const r = await auditSources([{ path: 'compose.yaml', text }], { env: {} });
    const masked = r.sources.get('compose.yaml')!;
    expect([2, 3, 5].map((l) => masked.lineText(l))).toEqual(['  postgres:', '    image: docker.io/library/postgres:16', '      POSTGRES_PASSWORD: ********']);
    expect(r.findings.find((f) => f.slug === 'secret-in-environment')?.target).toEqual({ kind: 'service', name: 'postgres' });
  });
});

describe('config and directive names', () => {
  it('rejects an unknown rule in the config with its position', async () => {
    const dir = tmp({ '.bulwark.yaml': 'rules:\n  privileged-container: off\n  not-a-rule: off\n', 'compose.yaml': PRIV });
    await expect(audit(['.'], { cwd: dir, env: {} })).rejects.toThrowError(new ConfigError(".bulwark.yaml:3:3: rules.not-a-rule: unknown rule; `bulwark rules` lists them"));
  });

  it('reads an ignore pattern written from ./ as anchored to the config directory (was: it matched nothing)', async () => {
    const files = { '.bulwark.yaml': 'ignore:\n  - "./test/**"\n  - "./deploy/dev/"\n  - "!./test/keep.yaml"\n', 'test/compose.yaml': PRIV, 'test/keep.yaml': PRIV, 'deploy/dev/compose.yaml': PRIV, 'deploy/prod/compose.yaml': PRIV, 'app/test/compose.yaml': PRIV };
    const r = await audit(['.'], { cwd: tmp(files), env: {} });
    expect(r.files.map((f) => f.path).sort()).toEqual(['app/test/compose.yaml', 'deploy/prod/compose.yaml', 'test/keep.yaml']);
  });

  it('finds the config in a parent directory, up to the repository root', async () => {
    const dir = tmp({ '.bulwark.yaml': 'rules:\n  privileged-container: off\n', 'deploy/compose.yaml': PRIV, '.git/HEAD': 'ref: x\n' });
    const r = await audit(['compose.yaml'], { cwd: join(dir, 'deploy'), env: {} });
    expect(r.findings.filter((f) => f.slug === 'privileged-container')).toEqual([]);
    expect(r.rules.some((m) => m.slug === 'privileged-container')).toBe(false);
  });

  it('reports unknown rule names and the unused half of a directive', async () => {
    const code = [
      'services:',
      '  web:',
      '    image: nginx:1.27',
      '    privileged: true # bulwark-ignore privileged-container, host-pid -- reviewed',
      '    read_only: true # bulwark-ignore no-such-rule -- typo',
      '',
    ].join('\n');
    const r = await auditSources([{ path: 'compose.yaml', text: code }], { env: {} });
    expect(r.findings.filter((f) => f.slug === 'suppression-directive').map((f) => [f.location.startLine, f.message])).toEqual([
      [4, 'bulwark-ignore directive suppresses nothing for host-pid on line 4'],
      [5, 'bulwark-ignore directive names an unknown rule: no-such-rule'],
    ]);
    expect(r.findings.some((f) => f.slug === 'privileged-container')).toBe(false);
  });

  it('does not call a directive for a rule turned off unused (was: --ignore of a rule added BW-0000 findings)', async () => {
    const code = [
      'services:',
      '  web:',
      '    image: nginx:1.27 # bulwark-ignore image-not-pinned -- renovate pins tags',
      '    privileged: true # bulwark-ignore privileged-container, host-pid -- reviewed',
      '    read_only: true # bulwark-ignore BW-0009 -- limits come from the platform',
      '',
    ].join('\n');
    const config = { rules: { 'image-not-pinned': 'off' as const, 'BW-0009': 'off' as const } };
    const r = await auditSources([{ path: 'compose.yaml', text: code }], { env: {}, config });
    expect(r.findings.filter((f) => f.slug === 'suppression-directive').map((f) => [f.location.startLine, f.message])).toEqual([
      [4, 'bulwark-ignore directive suppresses nothing for host-pid on line 4'],
    ]);
    expect(r.summary.suppressed).toBe(1);
  });

  it('names the rule a misspelt slug in a directive was meant to be (was: no suggestion, unlike .bulwark.yaml)', async () => {
    const code = [
      'services:',
      '  web:',
      '    image: nginx:1.27',
      '    # bulwark-ignore privliged-container -- GPU driver needs it',
      '    privileged: true',
      '    pid: host # bulwark-ignore BW-9999 -- no guess for an id',
      '',
    ].join('\n');
    const r = await auditSources([{ path: 'compose.yaml', text: code }], { env: {} });
    expect(r.findings.filter((f) => f.slug === 'suppression-directive').map((f) => [f.location.startLine, f.message])).toEqual([
      [4, 'bulwark-ignore directive names an unknown rule: privliged-container (did you mean privileged-container?)'],
      [6, 'bulwark-ignore directive names an unknown rule: BW-9999'],
    ]);
  });
});

describe('UTF-16 files (what Windows PowerShell 5 redirects write)', () => {
  it('reads them by their byte order mark (was: "binary file (contains NUL bytes)")', async () => {
    const inspect = '[{"Id": "0123456789ab", "Name": "/web", "Config": {"Image": "nginx:1.27"}, "HostConfig": {"Privileged": true}}]\r\n';
    const be = Buffer.from('\ufeffservices:\n  web:\n    image: nginx:1.27\n    privileged: true\n', 'utf16le').swap16();
    const dir = tmp({ 'web.json': Buffer.from('\ufeff' + inspect, 'utf16le'), 'compose.yaml': be, 'bad.yaml': Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x61, 0x00]), 'nul.yaml': Buffer.from('\ufeffa: 1\0', 'utf16le') });
    const r = await audit(['web.json', 'compose.yaml', 'bad.yaml', 'nul.yaml'], { cwd: dir, env: {} });
    expect(r.findings.filter((f) => f.ruleId === 'BW-0001').map((f) => `${f.location.file}:${f.location.startLine}:${f.location.startColumn}`)).toEqual(['web.json:1:105', 'compose.yaml:4:17']);
    expect(r.errors).toEqual(['bad.yaml', 'nul.yaml'].map((file) => ({ file, code: 'binary', message: 'not valid UTF-16 text (it starts with a UTF-16 byte order mark)' })));
  });
});

describe('a directive above a command continued with a backslash', () => {
  it('covers every line of a multi-line docker run (was: only its first line; no comment can go inside it)', async () => {
    const text = [
      '#!/bin/sh',
      '# bulwark-ignore privileged-container, host-pid -- the agent needs raw devices and host processes',
      'docker run -d --name agent \\',
      '  --privileged \\',
      '  --pid=host \\',
      '  datadog/agent:7',
      'docker run -d --name other --privileged alpine:3',
      '',
    ].join('\n');
    const r = await auditSources([{ path: 'deploy.sh', text }], { env: {} });
    expect(r.findings.filter((f) => ['BW-0000', 'BW-0001', 'BW-0016'].includes(f.ruleId)).map((f) => [f.ruleId, f.location.startLine])).toEqual([['BW-0001', 7]]);
    expect(r.summary.suppressed).toBe(2);
  });

  it('covers a Dockerfile RUN continued over lines, and says which lines when it suppresses nothing', async () => {
    const text = [
      'FROM debian:12',
      '# bulwark-ignore df-apt-no-install-recommends -- recommends are needed for fonts',
      'RUN apt-get update \\',
      '  && apt-get install -y fontconfig',
      '# bulwark-ignore df-sshd -- nothing here',
      'RUN echo a \\',
      '  && echo b',
      '',
    ].join('\n');
    const r = await auditSources([{ path: 'Dockerfile', text }], { env: {} });
    expect(r.findings.filter((f) => ['BW-0000', 'BW-0109'].includes(f.ruleId)).map((f) => [f.ruleId, f.location.startLine, f.message])).toEqual([
      ['BW-0000', 5, 'bulwark-ignore directive suppresses nothing: no df-sshd finding on lines 6-7'],
    ]);
  });
});

describe('dockerd in a start script', () => {
  it('masks a secret log option of a dockerd the script starts', async () => {
    const text = '#!/bin/sh\nexec dockerd -H unix:///var/run/docker.sock --log-driver splunk --log-opt splunk-token=SPLUNKTOKEN123456\n';
    const r = await auditSources([{ path: 'start.sh', text }], { env: {} });
    expect(r.sources.get('start.sh')!.text).not.toContain('SPLUNKTOKEN123456');
    expect(r.findings.some((f) => f.target.kind === 'daemon')).toBe(true);
  });
});

describe('systemd unit and drop-ins', () => {
  it('audits only the command line that runs: the drop-in replaces the unit ExecStart', async () => {
    const unit = '[Service]\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:2375\n';
    const dropIn = '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:2376 --tlsverify --tlscacert=/etc/docker/ca.pem --tlscert=/etc/docker/cert.pem --tlskey=/etc/docker/key.pem --userns-remap=default\n';
    const r = await auditSources(
      [
        { path: 'systemd/docker.service', text: unit },
        { path: 'systemd/docker.service.d/override.conf', text: dropIn },
      ],
      { env: {} },
    );
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.slug === 'daemon-tcp-without-tls')).toEqual([]);
    expect(r.findings.filter((f) => f.slug === 'daemon-userns-remap-missing')).toEqual([]);
    expect(r.findings.filter((f) => f.slug === 'daemon-icc-enabled').map((f) => f.location.file)).toEqual(['systemd/docker.service.d/override.conf']);
  });
});

describe('systemd unit and drop-ins in the directories systemd reads', () => {
  it('groups /lib/systemd/system/docker.service with /etc/systemd/system/docker.service.d/*.conf', async () => {
    const unit = '[Service]\nExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock\n';
    const dropIn = '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:2375\n';
    const r = await auditSources(
      [
        { path: 'host/lib/systemd/system/docker.service', text: unit },
        { path: 'host/etc/systemd/system/docker.service.d/override.conf', text: dropIn },
      ],
      { env: {} },
    );
    expect(r.errors).toEqual([]);
    // One daemon (the drop-in's command line), so each "not set" finding once, and the TCP socket at the drop-in.
    expect(r.findings.filter((f) => f.slug === 'daemon-icc-enabled').map((f) => f.location.file)).toEqual(['host/etc/systemd/system/docker.service.d/override.conf']);
    expect(r.findings.filter((f) => f.slug === 'daemon-tcp-without-tls').map((f) => `${f.location.file}:${f.location.startLine}:${f.location.startColumn}`)).toEqual(['host/etc/systemd/system/docker.service.d/override.conf:3:37']);
  });
  it("keeps the unit's resource limits when a drop-in replaces ExecStart (systemd merges [Service] key by key)", async () => {
    const unit = '[Service]\nExecStart=/usr/bin/dockerd -H fd://\nLimitNPROC=infinity\nLimitCORE=infinity\nTasksMax=infinity\n';
    const dropIn = '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// --icc=false\nLimitCORE=0\n';
    const r = await auditSources(
      [
        { path: 'systemd/docker.service', text: unit },
        { path: 'systemd/docker.service.d/override.conf', text: dropIn },
      ],
      { env: {} },
    );
    expect(r.findings.filter((f) => f.slug === 'daemon-unit-limits').map((f) => `${f.location.file}:${f.location.startLine} ${f.data.limit}`)).toEqual(['systemd/docker.service:3 LimitNPROC', 'systemd/docker.service:5 TasksMax']);
  });
  it('two units of the same name: only drop-ins beside each', async () => {
    const unit = '[Service]\nExecStart=/usr/bin/dockerd -H fd://\n';
    const dropIn = '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// --icc=false\n';
    const r = await auditSources(
      [
        { path: 'a/docker.service', text: unit },
        { path: 'b/docker.service', text: unit },
        { path: 'c/docker.service.d/override.conf', text: dropIn },
      ],
      { env: {} },
    );
    expect(r.findings.filter((f) => f.slug === 'daemon-icc-enabled').map((f) => f.location.file)).toEqual(['a/docker.service', 'b/docker.service']);
  });
});

describe('a password written in a URL beside an unset variable', () => {
  it('is masked in the source every report shows, whatever rules run', async () => {
    const text = 'services:\n  app:\n    image: app:1.2\n    environment:\n      DATABASE_URL: "postgres://admin:S3cretPw99@${DB_HOST}/app"\n';
    const r = await auditSources([{ path: 'compose.yaml', text }], { env: {}, config: { rules: { 'secret-in-environment': 'off' } } });
    expect(r.findings.filter((f) => f.slug === 'secret-in-environment')).toEqual([]);
    expect(r.sources.get('compose.yaml')!.text).toBe(text.replace('S3cretPw99', '**********'));
  });
});

describe('docker image inspect output (BW-0401…BW-0404 on the config, CIS 4.1, 4.6, 4.10)', () => {
  const IMG = [
    '[',
    '  {',
    '    "Id": "sha256:' + 'b'.repeat(64) + '",',
    '    "RepoTags": ["shop/api:1.4"],',
    '    "Architecture": "amd64",',
    '    "Config": {',
    '      "User": "",',
    '      "ExposedPorts": {"22/tcp": {}, "8080/tcp": {}},',
    '      "Env": ["PATH=/bin", "DB_PASSWORD=s3cr3tPassw0rd!"],',
    '      "Cmd": ["/app/server", "--token=ghp_abcdefghijklmnopqrstuvwxyz0123456789"],',
    '      "Labels": {"db.password": "Tr0ub4dor&3"}',
    '    },',
    '    "RootFS": {"Type": "layers", "Layers": []}',
    '  },',
    '  {"Id": "sha256:' + 'c'.repeat(64) + '", "RepoTags": [], "Config": {"User": "10001", "Healthcheck": {"Test": ["CMD", "/hc"]}}, "RootFS": {"Type": "layers"}}',
    ']',
    '',
  ].join('\n');

  it('audits each image as a target, at the field each rule names, with every secret masked', async () => {
    const r = await auditSources([{ path: 'img.json', text: IMG, kind: 'inspect' }], { env: {} });
    expect(r.errors).toEqual([]);
    expect(r.files).toEqual([{ path: 'img.json', kind: 'inspect', bytes: IMG.length, containers: 0, images: 2 }]);
    expect(r.summary.targets).toBe(2);
    expect(r.findings.map((f) => [f.ruleId, f.target.kind, f.target.name, f.location.startLine, f.location.startColumn, f.location.endColumn, f.pointer])).toEqual([
      ['BW-0404', 'image', 'shop/api:1.4', 6, 15, 6, '/Config'],
      ['BW-0401', 'image', 'shop/api:1.4', 7, 15, 17, '/Config/User'],
      ['BW-0403', 'image', 'shop/api:1.4', 8, 34, 36, '/Config/ExposedPorts/22~1tcp'],
      ['BW-0402', 'image', 'shop/api:1.4', 9, 28, 57, '/Config/Env/1'],
      ['BW-0402', 'image', 'shop/api:1.4', 10, 30, 80, '/Config/Cmd/1'],
      ['BW-0402', 'image', 'shop/api:1.4', 11, 33, 46, '/Config/Labels/db.password'],
    ]);
    const shown = r.sources.get('img.json')!.text;
    for (const secret of ['s3cr3tPassw0rd!', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'Tr0ub4dor&3']) expect(shown).not.toContain(secret);
    expect(summaryLine(r)).toBe('✖ 6 findings (3 high, 2 medium, 1 low) in 1 file, 2 targets');
  });

  it('the compliance view lists each image with CIS 4.1, 4.6, 4.10 and 5.7 judged (qa-c 9)', async () => {
    const { complianceAudit, complianceView } = await import('../compliance/index.js');
    const comp = await complianceAudit();
    const r = await auditSources([{ path: 'img.json', text: IMG, kind: 'inspect' }], { env: {}, rules: comp.rules });
    const view = complianceView(r, comp.rules, comp.targets);
    expect(view.map((t) => [t.kind, t.name, t.results.filter((x) => x.status === 'fail').map((x) => x.id)])).toEqual([
      ['image', 'shop/api:1.4', ['4.1', '4.6', '4.10', '5.7']],
      ['image', 'sha256:cccccccccccc', []],
      ['file', 'img.json', []],
    ]);
  });

  it('an image with a user and a health check, untagged, is clean; rules turned off do not run', async () => {
    const clean = await auditSources([{ path: 'img.json', text: IMG.split('\n').slice(14).join('\n').replace(/^/, '[\n').replace(/\n\]\n$/, '\n]\n'), kind: 'inspect' }], { env: {} });
    expect(clean.findings).toEqual([]);
    expect(summaryLine(clean)).toBe('✔ no findings in 1 file');
    const off = await auditSources([{ path: 'img.json', text: IMG, kind: 'inspect' }], { env: {}, config: { rules: { 'image-secret-in-config': 'off', 'BW-0404': 'off' } } });
    expect(off.findings.map((f) => f.ruleId)).toEqual(['BW-0401', 'BW-0403']);
  });
});

describe('symbolic links in a scanned directory', () => {
  it('audits a link to a file, does not follow a link to a directory', async () => {
    const dir = tmp({ 'real/compose.yaml': PRIV, 'scan/placeholder.txt': 'x' });
    symlinkSync(join(dir, 'real', 'compose.yaml'), join(dir, 'scan', 'compose.yaml'));
    symlinkSync(join(dir, 'real'), join(dir, 'scan', 'linked-dir'));
    const r = await audit(['scan'], { cwd: dir, env: {}, config: {} });
    expect(r.files.map((f) => f.path)).toEqual(['scan/compose.yaml']);
    expect(r.findings.filter((f) => f.slug === 'privileged-container').map((f) => f.location.file)).toEqual(['scan/compose.yaml']);
  });
});


describe('remediation per input kind', () => {
  it('gives each kind its own snippet, and inspect (no snippet of its own) the first Docker one, never the Kubernetes one', async () => {
    const inspect = JSON.stringify([{ Id: 'a'.repeat(64), Name: '/web', Config: { Image: 'nginx:1.27', User: '' }, HostConfig: { Privileged: true, NetworkMode: 'default' } }]);
    const r = await auditSources([
      { path: 'web.json', text: inspect, kind: 'inspect' },
      { path: 'compose.yaml', text: 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n', kind: 'compose' },
      { path: 'pod.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n', kind: 'kubernetes' },
    ]);
    const byFile = Object.fromEntries(r.findings.filter((f) => f.ruleId === 'BW-0001').map((f) => [f.location.file, f.remediation.split('\n')[0]]));
    expect(byFile).toEqual({
      'web.json': 'privileged: false   # or remove the key; add only the capabilities and devices needed:',
      'compose.yaml': 'privileged: false   # or remove the key; add only the capabilities and devices needed:',
      'pod.yaml': 'securityContext:',
    });
  });
});

describe('secrets are masked whatever rules run (R-S)', () => {
  const compose = 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: s3cr3t-value-123\n    privileged: true\n';
  const run = 'docker run --privileged -e API_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789 nginx\n';
  it.each([
    ['off in the configuration', { config: { rules: { 'secret-in-environment': 'off' as const } } }],
    ['left out of a rule subset', { rulesSlugs: ['privileged-container'] }],
  ])('BW-0026 %s: the privileged finding still masks the value in text and JSON', async (_, how) => {
    const { allRules } = await import('../rules/index.js');
    const opts = 'config' in how ? { config: how.config } : { rules: allRules.filter((r) => how.rulesSlugs!.includes(r.meta.slug)) };
    const r = await auditSources([{ path: 'compose.yaml', text: compose }, { path: 'run.sh', text: run, kind: 'shell' }], opts);
    expect(r.findings.filter((f) => f.slug === 'privileged-container').map((f) => f.location.file)).toEqual(['compose.yaml', 'run.sh']);
    expect(r.findings.some((f) => f.slug === 'secret-in-environment')).toBe(false);
    const { renderText } = await import('../report/text.js');
    const { renderJson } = await import('../report/json.js');
    const text = renderText(r, { color: false });
    expect(text).toContain('POSTGRES_PASSWORD: ****************');
    for (const out of [text, renderJson(r)]) for (const secret of ['s3cr3t-value-123', 'ghp_abcdefghij']) expect(out).not.toContain(secret);
  });
});

describe('files around manifests that describe no container', () => {
  it('Helm Chart.yaml / values*.yaml / templates and kustomization.yaml name the command whose output to audit', async () => {
    const { notAuditedHint } = await import('./inputs.js');
    expect(['chart/Chart.yaml', 'chart/values.yaml', 'chart/values-prod.yaml', 'chart/templates/_helpers.tpl', 'overlays/prod/kustomization.yaml', 'compose.yaml', 'app.yaml'].map((p) => notAuditedHint(p)?.split(':')[0])).toEqual([
      'a Helm chart file describes no container until rendered',
      'a Helm chart file describes no container until rendered',
      'a Helm chart file describes no container until rendered',
      'a Helm chart file describes no container until rendered',
      'a Kustomize file describes no container until built',
      undefined,
      undefined,
    ]);
  });
});
