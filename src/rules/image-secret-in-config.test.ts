import { describe, expect, it } from 'vitest';
import { imageFacts, runCheck } from '../verify/fixture.js';
import { check, rule } from './image-secret-in-config.js';

// BW-0402, R-S, CIS 1.6.0 4.10: values never appear in messages or data.
describe(rule.meta.slug, () => {
  it('reports secret Env variables by name and by value, and secret labels', () => {
    const got = runCheck(check, imageFacts([], { Env: ['PATH=/usr/bin', 'DB_PASSWORD=s3cr3t-value', 'DSN=postgres://app:pw123@db/app', 'DB_PASSWORD_FILE=/run/secrets/db'], Labels: { maintainer: 'me@example.com', token: 'ghp_0123456789abcdefghijABCDEFGHIJ0123456789' } }));
    expect(got).toEqual([
      { at: {}, message: 'Env DB_PASSWORD holds a secret (password, by name); value masked', data: { variable: 'DB_PASSWORD', kind: 'password' } },
      { at: {}, message: 'Env DSN holds a secret (url-credentials, by value); value masked', data: { variable: 'DSN', kind: 'url-credentials' } },
      { at: {}, message: 'label token holds a secret (github-token); value masked', data: { label: 'token', kind: 'github-token' } },
    ]);
    expect(JSON.stringify(got)).not.toMatch(/s3cr3t|pw123|ghp_/);
  });
  it('nothing without secrets', () => {
    expect(runCheck(check, imageFacts([], { Env: ['PATH=/bin', 'LANG=C.UTF-8'] }))).toEqual([]);
  });
});
