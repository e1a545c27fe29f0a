/**
 * Basic-auth password hashes in Compose labels (Traefik's `basicauth.users`) are masked in every report (R-S):
 * a hash allows an offline guessing attack (qa11: shown unmasked in code frames before).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

const COMPOSE = [
  'services:',
  '  traefik:',
  '    image: traefik:v3.1',
  '    labels:',
  '      - "traefik.enable=true"',
  '      - traefik.http.middlewares.auth.basicauth.users=admin:$$apr1$$H6uskkkW$$IgXLP6ewTrSuBkTrqE8wj/',
  '  whoami:',
  '    image: traefik/whoami:v1.10',
  '    labels:',
  '      traefik.http.middlewares.w.basicauth.users: "test:$$2y$$05$$KkvM0jCwTtsRh9Zo1gQv5.8sx5AhrBzPSBq05g8b0HdcHmnr0T4/W"',
  '      traefik.http.routers.w.rule: Host(`whoami.example.com`)',
  '',
].join('\n');

describe('password hashes in basic-auth labels', () => {
  it('are masked, list and map forms; other labels stay readable', async () => {
    const r = await auditSources([{ path: 'compose.yaml', text: COMPOSE, kind: 'compose' }], { env: {} });
    const lines = r.sources.get('compose.yaml')!.text.split('\n');
    expect(lines[5]).toBe('      - traefik.http.middlewares.auth.basicauth.users=' + '*'.repeat('admin:$$apr1$$H6uskkkW$$IgXLP6ewTrSuBkTrqE8wj/'.length));
    expect(lines[9]).toBe('      traefik.http.middlewares.w.basicauth.users: ' + '*'.repeat('"test:$$2y$$05$$KkvM0jCwTtsRh9Zo1gQv5.8sx5AhrBzPSBq05g8b0HdcHmnr0T4/W"'.length));
    expect(lines[4]).toBe('      - "traefik.enable=true"');
    expect(lines[10]).toBe('      traefik.http.routers.w.rule: Host(`whoami.example.com`)');
  });
});
