import { describe, expect, it } from 'vitest';
import { imageFacts, runCheck } from '../verify/fixture.js';
import { check, rule } from './image-secret-in-config.js';

// BW-0402, R-S, CIS 1.6.0 4.10: values never appear in messages or data.
describe(rule.meta.slug, () => {
  it('reports secret Env variables by name and by value, and secret labels', () => {
    const got = runCheck(check, imageFacts([], { Env: ['PATH=/usr/bin', 'DB_PASSWORD=s3cr3t-value', 'DSN=postgres://app:pw123@db/app', 'DB_PASSWORD_FILE=/run/secrets/db'], Labels: { maintainer: 'me@example.com', token: 'ghp_0123456789abcdefghijABCDEFGHIJ0123456789' } }));
    expect(got).toEqual([
      { at: {}, pointer: '/config/Env/1', message: 'Env DB_PASSWORD holds a secret (password, by name); value masked', data: { variable: 'DB_PASSWORD', kind: 'password' } },
      { at: {}, pointer: '/config/Env/2', message: 'Env DSN holds a secret (url-credentials, by value); value masked', data: { variable: 'DSN', kind: 'url-credentials' } },
      { at: {}, pointer: '/config/Labels/token', secret: true, message: 'label token holds a secret (github-token); value masked', data: { label: 'token', kind: 'github-token' } },
    ]);
    expect(JSON.stringify(got)).not.toMatch(/s3cr3t|pw123|ghp_/);
  });
  it('reports a literal label value under a key naming a secret, not a placeholder or an expansion', () => {
    const got = runCheck(check, imageFacts([], { Labels: { 'db.password': 'Tr0ub4dor&3', 'api.token': '<your token>', 'app/secret': '${SECRET}', 'org.opencontainers.image.title': 'api' } }));
    expect(got).toEqual([{ at: {}, pointer: '/config/Labels/db.password', secret: true, message: 'label db.password holds a secret (password); value masked', data: { label: 'db.password', kind: 'password' } }]);
  });
  it('reports credential flags of Cmd and Entrypoint at the word that holds them', () => {
    const got = runCheck(check, imageFacts([], { Entrypoint: ['redis-server', '--requirepass', 'hunter2hunter2'], Cmd: ['/app/server', '--port', '8080', '--token=ghp_0123456789abcdefghijABCDEFGHIJ0123456789'] }));
    expect(got).toEqual([
      { at: {}, pointer: '/config/Entrypoint/2', message: 'Entrypoint passes a credential on the command line (password); value masked', data: { field: 'Entrypoint', index: 2, kind: 'password' } },
      { at: {}, pointer: '/config/Cmd/3', message: 'Cmd passes a credential on the command line (token); value masked', data: { field: 'Cmd', index: 3, kind: 'token' } },
    ]);
    expect(JSON.stringify(got)).not.toMatch(/hunter2|ghp_/);
    expect(runCheck(check, imageFacts([], { Cmd: ['/app/server', '--password-file', '/run/secrets/pw', '--token=$TOKEN'] }))).toEqual([]);
    // Shell form and URL credentials (qa-c 7), as BW-0103 reads the same CMD in a Dockerfile.
    const shell = runCheck(check, imageFacts([], { Cmd: ['/bin/sh', '-c', 'exec app --password secretpw1'], Entrypoint: ['app', '--dsn=postgres://u:pw123@db/app'] }));
    expect(shell.map((x) => [x.pointer, x.data])).toEqual([
      ['/config/Entrypoint/1', { field: 'Entrypoint', index: 1, kind: 'url-credentials' }],
      ['/config/Cmd/2', { field: 'Cmd', index: 2, kind: 'password' }],
    ]);
  });
  it('nothing without secrets', () => {
    expect(runCheck(check, imageFacts([], { Env: ['PATH=/bin', 'LANG=C.UTF-8'] }))).toEqual([]);
  });
});
