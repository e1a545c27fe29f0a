/**
 * QA: public OpenPGP fingerprints under `*_KEY` / `*_KEYS` names (the official Solr image's `ARG SOLR_KEYS`,
 * `ENV GOSU_KEY`, `ENV TINI_KEY`) were high BW-0103 "literal secret": a name that only says whose key it is, with a
 * value of 40-hex fingerprints or 16-hex key ids, is not a secret. The same value under a name that says what the
 * key does (`API_KEY`, `ACCESS_KEY`, `ENCRYPTION_KEY`, `APP_KEY`) is still a secret (src/rules/util/secrets.ts).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';
import { isKeyFingerprintList, isSecretEnv } from './util/secrets.js';

async function secrets(files: Record<string, string>) {
  const r = await auditSources(Object.entries(files).map(([path, text]) => ({ path, text })), { env: {} });
  return r.findings.filter((f) => f.ruleId === 'BW-0103' || f.ruleId === 'BW-0026').map((f) => `${f.ruleId} ${f.location.file}:${f.location.startLine}:${f.location.startColumn} ${f.severity} ${f.message}`);
}

const HEX40 = '2085660D9C1FCCACC4A479A3BF160FF14992A24C';

describe('OpenPGP fingerprints under *_KEY(S) names are not secrets (QA, BW-0103)', () => {
  it('the official Solr Dockerfile: SOLR_KEYS, GOSU_KEY, TINI_KEY give no finding, and their values are not masked', async () => {
    const df = [
      'FROM eclipse-temurin:11-jre',
      'ARG SOLR_VERSION="8.11.3"',
      `ARG SOLR_KEYS="${HEX40}"`,
      'ENV GOSU_VERSION 1.11',
      'ENV GOSU_KEY B42F6819007F00F88E364FD4036A9C25BF357DD4',
      'ENV TINI_VERSION v0.18.0',
      'ENV TINI_KEY 595E85A6B1B4779EA4DAAEC70B588DFF0527A9B7',
      'ENV NODE_KEYS="4ED778F539E3634C779C87C6D7062848A1AB005C 0x141F07595B7B3FFE 7405533BE57C7D57"',
      'USER 8983',
      '',
    ].join('\n');
    expect(await secrets({ Dockerfile: df })).toEqual([]);
    const r = await auditSources([{ path: 'Dockerfile', text: df }], { env: {} });
    expect(r.sources.get('Dockerfile')?.text).toBe(df);
  });

  it('the same 40 hex digits under a name that says what the key does stay high', async () => {
    const df = `FROM alpine:3.20\nENV API_KEY=${HEX40}\nENV APP_KEY ${HEX40}\nARG ENCRYPTION_KEY=${HEX40}\nENV STRIPE_SECRET_KEY=${HEX40}\nENV GOSU_KEY="${HEX40} notahex"\nUSER 1000\n`;
    expect(await secrets({ Dockerfile: df })).toEqual([
      'BW-0103 Dockerfile:2:5 high ENV API_KEY stores a literal secret in the image config',
      'BW-0103 Dockerfile:3:5 high ENV APP_KEY stores a literal secret in the image config',
      'BW-0103 Dockerfile:4:5 high ARG ENCRYPTION_KEY has a literal secret default, kept in the Dockerfile and the build history',
      'BW-0103 Dockerfile:5:5 high ENV STRIPE_SECRET_KEY stores a literal secret in the image config',
      'BW-0103 Dockerfile:6:5 high ENV GOSU_KEY stores a literal secret in the image config',
    ]);
  });

  it('Compose environment the same way (the shared classifier)', async () => {
    const compose = `services:\n  app:\n    image: acme/x:1\n    environment:\n      TINI_KEY: ${HEX40}\n      ACCESS_KEY: ${HEX40}\n`;
    expect(await secrets({ 'compose.yaml': compose })).toEqual([
      'BW-0026 compose.yaml:6:7 high secret in environment variable ACCESS_KEY (access-key, written in the file): readable through docker inspect and /proc/1/environ',
    ]);
  });
});

describe('isKeyFingerprintList', () => {
  it.each([HEX40, HEX40.toLowerCase(), `${HEX40} 595E85A6B1B4779EA4DAAEC70B588DFF0527A9B7`, '0x' + HEX40, 'BF160FF14992A24C', '0x4992A24C', '2085 660D 9C1F CCAC C4A4  79A3 BF16 0FF1 4992 A24C'])('%s is a list of fingerprints', (v) =>
    expect(isKeyFingerprintList(v)).toBe(true),
  );
  it.each(['', 'A'.repeat(39), '4992A24C', '2085660d9C1FCCACC4A479A3BF160FF14992A24C', `${HEX40},${HEX40}`, `${HEX40} x`, 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6'])('%s is not', (v) =>
    expect(isKeyFingerprintList(v)).toBe(false),
  );
  it('name and value decide together', () => {
    expect(isSecretEnv('GOSU_KEY', HEX40)).toBeUndefined();
    expect(isSecretEnv('SOLR_KEYS', HEX40)).toBeUndefined();
    expect(isSecretEnv('RELEASE_KEY_ID', 'BF160FF14992A24C')).toBeUndefined();
    expect(isSecretEnv('GOSU_KEY', 'Zk3p9Qw2Lm8Rt5Yx')).toEqual({ by: 'name', kind: 'key' });
    expect(isSecretEnv('API_KEY', HEX40)).toEqual({ by: 'name', kind: 'api-key' });
    expect(isSecretEnv('JWT_KEY', HEX40)).toEqual({ by: 'name', kind: 'key' });
    expect(isSecretEnv('MEILI_MASTERKEY', HEX40)).toEqual({ by: 'name', kind: 'key' });
    expect(isSecretEnv('SESSION_KEY', HEX40)).toEqual({ by: 'name', kind: 'key' });
  });
});
