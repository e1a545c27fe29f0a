/**
 * `docker run --env-file`: R-S lists `--env-file` among the places secrets travel in the environment. The
 * file's variables join the container's environment with origins in the env file (docker/cli
 * `parseKeyValueFile` format: values as written, no quote removal), `-e` overrides them, and their secrets
 * are findings located in the env file and masked in every output.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { renderJson } from '../../report/json.js';
import { renderText } from '../../report/text.js';
import { SourceFile } from '../../model/source.js';
import { runEnvEntries } from './env-file.js';
import { ingestShell } from './shell.js';

const ENV = '\uFEFF# production settings\r\nDB_PASSWORD="hunter2-Prod-77"\r\n  API_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\r\nLOG_LEVEL=debug # not a comment for docker\r\nAWS_SECRET_ACCESS_KEY\r\nBAD NAME=x\r\n\r\n';
const SCRIPT = '#!/bin/sh\ndocker run -d --name app --env-file ./prod.env -e LOG_LEVEL=info myorg/app:1.0\n';

describe('runEnvEntries', () => {
  it('parses as docker/cli does (after the BOM): quotes and "#" kept in values, bare names pass through, a name with a blank skipped', () => {
    const sf = new SourceFile('prod.env', ENV);
    expect(runEnvEntries(sf.text).map((e) => [e.name, e.value, sf.text.slice(e.start, e.end), e.valueStart === undefined ? undefined : sf.location({ start: e.valueStart, end: e.valueEnd! }).startColumn, sf.location(e).startLine])).toEqual([
      ['DB_PASSWORD', '"hunter2-Prod-77"', 'DB_PASSWORD="hunter2-Prod-77"', 13, 2],
      ['API_TOKEN', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'API_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789', 13, 3],
      ['LOG_LEVEL', 'debug # not a comment for docker', 'LOG_LEVEL=debug # not a comment for docker', 11, 4],
      ['AWS_SECRET_ACCESS_KEY', undefined, 'AWS_SECRET_ACCESS_KEY', undefined, 5],
    ]);
  });
});

describe('--env-file in scripts', () => {
  it('adds the file variables before the -e ones, resolved against the script directory; -e wins', async () => {
    const files: Record<string, string> = { 'deploy/prod.env': ENV };
    const r = await ingestShell(new SourceFile('deploy/start.sh', SCRIPT), { env: {}, readFile: async (p) => files[p] });
    expect(r.errors).toEqual([]);
    const c = r.containers[0];
    expect(c.env.map((e) => [e.name, e.kind, e.origin.kind === 'file' ? e.origin.file : ''])).toEqual([
      ['DB_PASSWORD', 'literal', 'deploy/prod.env'],
      ['API_TOKEN', 'literal', 'deploy/prod.env'],
      ['AWS_SECRET_ACCESS_KEY', 'passthrough', 'deploy/prod.env'],
      ['LOG_LEVEL', 'literal', 'deploy/start.sh'],
    ]);
    expect(r.extraSources?.map((s) => s.path)).toEqual(['deploy/prod.env']);
    // The overridden LOG_LEVEL value of the env file is masked like any value no container gets.
    expect(r.secretRanges?.map((m) => [m.file, r.extraSources![0].text.slice(m.start, m.end)])).toEqual([['deploy/prod.env', 'debug # not a comment for docker']]);
  });

  it('an unresolved or missing env file adds nothing and is no input error', async () => {
    const r = await ingestShell(new SourceFile('s.sh', 'docker run --env-file "$ENV_FILE" --env-file missing.env img\n'), { env: {}, readFile: async () => undefined });
    expect(r.errors).toEqual([]);
    expect(r.containers[0].env).toEqual([]);
    expect(r.extraSources).toBeUndefined();
  });

  it('audit: secrets of the env file are findings in it, at their line, masked in text and JSON', async () => {
    const r = await auditSources([
      { path: 'start.sh', text: SCRIPT, kind: 'shell' },
      { path: 'prod.env', text: ENV },
    ]);
    const secrets = r.findings.filter((f) => f.ruleId === 'BW-0026');
    expect(secrets.map((f) => [f.location.file, f.location.startLine, f.location.startColumn, f.target.name, f.severity, f.data.name, f.data.kind])).toEqual([
      ['prod.env', 2, 1, 'app', 'high', 'DB_PASSWORD', 'literal'],
      ['prod.env', 3, 3, 'app', 'high', 'API_TOKEN', 'literal'],
      ['prod.env', 5, 1, 'app', 'low', 'AWS_SECRET_ACCESS_KEY', 'passthrough'],
    ]);
    const text = renderText(r, { color: false });
    for (const out of [text, renderJson(r)]) {
      expect(out).not.toContain('hunter2-Prod-77');
      expect(out).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123456789');
    }
    expect(text).toContain('> 2 | DB_PASSWORD=*****************');
  });
});
