/**
 * QA round 5 (consistency across input kinds): a `docker run` line reports a secret the way the same
 * setting in a Compose file does (R-S, BW-0026). `${DB_PASSWORD:-changeme}` with the variable not set
 * by the script is the literal default written in the file, as in Compose (interpolate.ts `defaultsOnly`).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { allRules } from '../../rules/index.js';

const rules = allRules.filter((r) => r.meta.slug === 'secret-in-environment');

async function secrets(path: string, text: string) {
  const res = await auditSources([{ path, text }], { env: {}, rules });
  return res.findings.map((f) => [f.target?.name, f.severity, f.data?.kind, f.location.startLine, f.location.startColumn]);
}

describe('secret with a written default: run line and Compose agree', () => {
  it('run: ${VAR:-default} is literal (high); ${VAR}, ${VAR:-} and $(cmd) stay interpolated (medium), as in Compose', async () => {
    const text = [
      '#!/bin/sh',
      'docker run -d --name db -e DB_PASSWORD="${DB_PASSWORD:-changeme}" -e API_TOKEN=${API_TOKEN-tok_default_123} postgres:16',
      'docker run -d --name db2 -e DB_PASSWORD="$DB_PASSWORD" -e API_TOKEN="${API_TOKEN:-}" -e SECRET_KEY="$(cat key)${X:-y}" postgres:16',
      '',
    ].join('\n');
    expect(await secrets('deploy.sh', text)).toEqual([
      ['db', 'high', 'literal', 2, 25],
      ['db', 'high', 'literal', 2, 67],
      ['db2', 'medium', 'interpolated', 3, 26],
      ['db2', 'medium', 'interpolated', 3, 56],
      ['db2', 'medium', 'interpolated', 3, 86],
    ]);
  });

  it('the same settings in a Compose file give the same kinds and severities', async () => {
    const text = [
      'services:',
      '  db:',
      '    image: postgres:16',
      '    environment:',
      '      - DB_PASSWORD=${DB_PASSWORD:-changeme}',
      '      - API_TOKEN=${API_TOKEN-tok_default_123}',
      '  db2:',
      '    image: postgres:16',
      '    environment:',
      '      - DB_PASSWORD=$DB_PASSWORD',
      '      - API_TOKEN=${API_TOKEN:-}',
      '',
    ].join('\n');
    expect((await secrets('compose.yaml', text)).map((f) => f.slice(0, 3))).toEqual([
      ['db', 'high', 'literal'],
      ['db', 'high', 'literal'],
      ['db2', 'medium', 'interpolated'],
      ['db2', 'medium', 'interpolated'],
    ]);
  });

  it('written defaults of other flags are read as Compose reads them; a script that sets the variable keeps it unknown', async () => {
    const text = [
      '#!/bin/sh',
      'docker run -d --name a --privileged=${PRIV:-false} --read-only=${RO:-true} --user ${PUID:-0} --cap-add ${CAP:-SYS_ADMIN} --network ${NET:-host} nginx:1.25.3',
      'docker run -d --name b -v "${DATA:-/srv/data}:/data:ro" -p "${PORT:-8080}:80" nginx:1.25.3',
      '',
    ].join('\n');
    const slugs = ['privileged-container', 'root-filesystem-writable', 'user-root', 'user-not-set', 'dangerous-capability-added', 'host-network', 'writable-bind-mount', 'port-published-all-interfaces'];
    const res = await auditSources([{ path: 'd.sh', text }], { env: {}, rules: allRules.filter((r) => slugs.includes(r.meta.slug)) });
    expect(res.findings.map((f) => [f.target?.name, f.slug, f.certainty, f.location.startLine, f.location.startColumn])).toEqual([
      ['a', 'user-root', 'definite', 2, 76],
      ['a', 'dangerous-capability-added', 'definite', 2, 94],
      ['a', 'host-network', 'definite', 2, 122],
      ['b', 'user-not-set', 'unknown', 3, 1],
      ['b', 'root-filesystem-writable', 'definite', 3, 1],
      ['b', 'port-published-all-interfaces', 'definite', 3, 57],
    ]);
    const sourced = '. ./config.sh\n' + text;
    const res2 = await auditSources([{ path: 'd.sh', text: sourced }], { env: {}, rules: allRules.filter((r) => slugs.includes(r.meta.slug)) });
    expect(res2.findings.map((f) => [f.slug, f.certainty])).toEqual([
      ['privileged-container', 'unknown'],
      ['root-filesystem-writable', 'unknown'],
      ['user-not-set', 'unknown'],
      ['dangerous-capability-added', 'unknown'],
      ['host-network', 'unknown'],
      ['user-not-set', 'unknown'],
      ['root-filesystem-writable', 'definite'],
      // The host port the sourced script sets is unknown; with no host IP it listens on every interface all the same.
      ['port-published-all-interfaces', 'definite'],
    ]);
  });

  it('--publish in the CSV form (published=,target=,protocol=) is a published port, as Compose long syntax is', async () => {
    const text = [
      'docker run -d --name web --publish published=8080,target=80 -p target=53,published=5353,protocol=udp --publish target=9000 nginx:1.25.3',
      '',
    ].join('\n');
    const res = await auditSources([{ path: 'p.sh', text }], { env: {}, rules: allRules.filter((r) => r.meta.slug === 'port-published-all-interfaces') });
    expect(res.errors).toEqual([]);
    expect(res.findings.map((f) => [f.target?.name, f.message, f.location.startLine, f.location.startColumn])).toEqual([
      ['web', 'port 8080->80/tcp published on all host interfaces', 1, 26],
      ['web', 'port 5353->53/udp published on all host interfaces', 1, 61],
      ['web', 'port (ephemeral)->9000/tcp published on all host interfaces', 1, 102],
    ]);
  });
});

