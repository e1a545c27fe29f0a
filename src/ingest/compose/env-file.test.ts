/**
 * `env_file` contents: R-S lists `--env-file` among the places secrets travel in the environment. The
 * variables of each env file join the service's environment with origins in the env file; `environment`
 * overrides them, later files override earlier ones, an unreadable file adds nothing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, auditSources } from '../../engine/audit.js';
import { renderJson } from '../../report/json.js';
import { renderText } from '../../report/text.js';
import { SourceFile } from '../../model/source.js';
import { dotEnvEntries } from './interpolate.js';
import { at, chars, fakeCtx, ingestText } from './test-helpers.js';

const COMPOSE = `services:
  api:
    image: org/api:1.0
    env_file:
      - ./api.env
      - path: ./missing.env
        required: false
    environment:
      LOG_LEVEL: debug
`;
const ENV = `# api settings
export DB_PASSWORD='s3cr3t-Passw0rd'
API_TOKEN="ghp_abcdefghijklmnopqrstuvwxyz0123456789"   
LOG_LEVEL=info
EMPTY_SECRET=
DB_USER=shop # inline comment
`;

describe('dotEnvEntries', () => {
  it('gives each entry and its value with exact offsets', () => {
    const sf = new SourceFile('api.env', ENV);
    const es = dotEnvEntries(ENV);
    expect(es.map((e) => [e.name, e.value, at(sf, { start: e.start, end: e.end }), sf.text.slice(e.valueStart, e.valueEnd)])).toEqual([
      ['DB_PASSWORD', 's3cr3t-Passw0rd', '2:8-2:37', "'s3cr3t-Passw0rd'"],
      ['API_TOKEN', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', '3:1-3:53', '"ghp_abcdefghijklmnopqrstuvwxyz0123456789"'],
      ['LOG_LEVEL', 'info', '4:1-4:15', 'info'],
      ['EMPTY_SECRET', '', '5:1-5:14', ''],
      ['DB_USER', 'shop', '6:1-6:13', 'shop'],
    ]);
  });

  it('reads CRLF lines, interpolates from earlier lines and outer variables', () => {
    const es = dotEnvEntries('A=1\r\nB=${A}-${OUT}\r\n', { OUT: 'x' });
    expect(es.map((e) => [e.name, e.value, e.start, e.end, e.interpolated])).toEqual([
      ['A', '1', 0, 3, false],
      ['B', '1-x', 5, 18, true],
    ]);
  });

  it('reads a double-quoted value over several lines, then goes on after its closing quote', () => {
    const text = 'KEY="-----BEGIN KEY-----\nAAAA\n-----END KEY-----"\nNEXT=1\n';
    const es = dotEnvEntries(text);
    expect(es.map((e) => [e.name, e.value, text.slice(e.valueStart, e.valueEnd)])).toEqual([
      ['KEY', '-----BEGIN KEY-----\nAAAA\n-----END KEY-----', '"-----BEGIN KEY-----\nAAAA\n-----END KEY-----"'],
      ['NEXT', '1', '1'],
    ]);
  });
});

// QA (cli): a `KEY: value` line, which compose-go's dotenv parser reads (dotenv/parser.go: "library also supports
// yaml-style value declaration"), was skipped, so a secret written that way in an env_file was missed.
describe('dotEnvEntries: the YAML-style KEY: value', () => {
  it('reads KEY: value as KEY=value; the key ends at the first = or :', () => {
    const text = 'DB_PASSWORD: hunter2-Secret99\nexport TOKEN:"ghp_x"\nURL=http://a:b@host # c\nMAP:k=v\nbad key: x\n';
    const sf = new SourceFile('x.env', text);
    expect(dotEnvEntries(text).map((e) => [e.name, e.value, at(sf, { start: e.start, end: e.end }), text.slice(e.valueStart, e.valueEnd)])).toEqual([
      ['DB_PASSWORD', 'hunter2-Secret99', '1:1-1:30', 'hunter2-Secret99'],
      ['TOKEN', 'ghp_x', '2:8-2:21', '"ghp_x"'],
      ['URL', 'http://a:b@host', '3:1-3:20', 'http://a:b@host'],
      ['MAP', 'k=v', '4:1-4:8', 'k=v'],
    ]);
  });

  it('audit: a secret written KEY: value in an env_file is a finding there, masked', async () => {
    const r = await auditSources([
      { path: 'compose.yml', text: 'services:\n  api:\n    image: org/api:1.0\n    env_file: api.env\n', kind: 'compose' },
      { path: 'api.env', text: 'LOG_LEVEL: info\nPASSWORD: hunter2secret99\n' },
    ]);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0026').map((f) => [f.location.file, f.location.startLine, f.location.startColumn, f.data.name])).toEqual([['api.env', 2, 1, 'PASSWORD']]);
    expect(renderText(r, { color: false })).not.toContain('hunter2secret99');
  });
});

describe('env_file', () => {
  it('adds the env file variables with origins in the env file; environment wins; a missing file adds nothing', async () => {
    const { r } = await ingestText(COMPOSE, fakeCtx({}, { 'api.env': ENV }));
    expect(r.errors).toEqual([]);
    const c = r.containers[0];
    const envSf = r.extraSources!.find((s) => s.path === 'api.env')!;
    expect(c.env.map((e) => [e.name, e.kind, e.origin.kind === 'file' ? e.origin.file : '', e.origin.kind === 'file' && e.origin.file === 'api.env' ? at(envSf, e.origin) : 'compose'])).toEqual([
      ['LOG_LEVEL', 'literal', 'compose.yml', 'compose'],
      ['DB_PASSWORD', 'literal', 'api.env', '2:8-2:37'],
      ['API_TOKEN', 'literal', 'api.env', '3:1-3:53'],
      ['EMPTY_SECRET', 'literal', 'api.env', '5:1-5:14'],
      ['DB_USER', 'literal', 'api.env', '6:1-6:13'],
    ]);
    expect(chars(envSf, c.env[1].valueOrigin)).toBe("'s3cr3t-Passw0rd'");
    expect(r.extraSources!.map((s) => s.path)).toEqual(['api.env']);
  });

  it('resolves the path against the directory of the Compose file, later files win', async () => {
    const compose = 'services:\n  web:\n    image: nginx:1.27\n    env_file: [base.env, ../shared/override.env]\n';
    const { r } = await ingestText(compose, fakeCtx({}, { 'deploy/base.env': 'TOKEN=a\nMODE=x\n', 'shared/override.env': 'TOKEN=b\n' }), 'deploy/compose.yaml');
    expect(r.containers[0].env.map((e) => [e.name, e.value, e.origin.kind === 'file' ? e.origin.file : ''])).toEqual([
      ['TOKEN', 'b', 'shared/override.env'],
      ['MODE', 'x', 'deploy/base.env'],
    ]);
  });

  it('audit: secrets in an env file are findings located in it and masked in every format', async () => {
    const r = await auditSources([
      { path: 'compose.yml', text: COMPOSE, kind: 'compose' },
      { path: 'api.env', text: ENV },
    ]);
    const secrets = r.findings.filter((f) => f.ruleId === 'BW-0026');
    expect(secrets.map((f) => [f.location.file, f.location.startLine, f.location.startColumn, f.target.name, f.severity, f.data.name])).toEqual([
      ['api.env', 2, 8, 'api', 'high', 'DB_PASSWORD'],
      ['api.env', 3, 1, 'api', 'high', 'API_TOKEN'],
    ]);
    const json = renderJson(r);
    const text = renderText(r, { color: false });
    for (const out of [json, text]) {
      expect(out).not.toContain('s3cr3t-Passw0rd');
      expect(out).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123456789');
    }
    expect(text).toContain('> 2 | export DB_PASSWORD=*****************\n');
  });

  it('masks every line of a multi-line secret, and values environment overrides, in text and JSON', async () => {
    const compose = 'services:\n  c:\n    image: c:1\n    env_file: c.env\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n';
    const env = 'DB_PASSWORD=hunter2hunter2xyz\nPRIVATE_KEY="-----BEGIN RSA PRIVATE KEY-----\nMIIEowSECRETLINEONE\n-----END RSA PRIVATE KEY-----"\nTOKEN=${HOST_TOKEN}\n';
    const r = await auditSources([
      { path: 'compose.yml', text: compose, kind: 'compose' },
      { path: 'c.env', text: env },
    ], { env: { HOST_TOKEN: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', DB_PASSWORD: 'x' } });
    const secrets = r.findings.filter((f) => f.ruleId === 'BW-0026');
    expect(secrets.map((f) => [f.location.file, f.location.startLine, f.data.name, f.data.kind, f.severity])).toEqual([
      ['c.env', 2, 'PRIVATE_KEY', 'literal', 'high'],
      ['c.env', 5, 'TOKEN', 'interpolated', 'medium'],
      ['compose.yml', 6, 'DB_PASSWORD', 'interpolated', 'medium'],
    ]);
    for (const out of [renderText(r, { color: false }), renderJson(r)]) {
      for (const secret of ['hunter2hunter2xyz', 'SECRETLINEONE', 'END RSA', 'ghp_abcdefghij']) expect(out).not.toContain(secret);
    }
  });

  it('audit() from disk: a regular env file is read, a missing one and a directory add nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-envfile-'));
    try {
      mkdirSync(join(dir, 'adir.env'));
      writeFileSync(join(dir, 'api.env'), ENV);
      writeFileSync(join(dir, 'compose.yaml'), COMPOSE.replace('      - path: ./missing.env', '      - ./adir.env\n      - path: ./missing.env'));
      const r = await audit([dir], { cwd: dir });
      expect(r.errors).toEqual([]);
      const envFindings = r.findings.filter((f) => f.location.file.endsWith('api.env'));
      expect(envFindings.map((f) => [f.ruleId, f.data.name, f.location.startLine, f.location.startColumn])).toEqual([
        ['BW-0026', 'DB_PASSWORD', 2, 8],
        ['BW-0026', 'API_TOKEN', 3, 1],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
