import { describe, expect, it } from 'vitest';
import { findSecretsInFile, isGitCredentialLine, isSecretCandidate } from './secret-files.js';

// R-S, CIS 1.6.0 4.10: kinds and lines only, never values.
describe('isSecretCandidate', () => {
  it.each(['root/.ssh/id_rsa', 'home/u/.ssh/id_ed25519', 'etc/ssl/private/server.key', 'app/cert.pem', 'app/.env', 'app/.env.production', 'root/.aws/credentials', 'root/.docker/config.json', 'root/.npmrc', 'root/.netrc', 'root/.git-credentials', 'root/.pypirc', 'root/.pgpass', 'root/.kube/config', 'etc/kubeconfig', 'root/.config/gh/hosts.yml', 'root/.bash_history', 'root/.vault-token', 'app/config/credentials.json', 'app/my-sa-key.json', 'root/.config/gcloud/application_default_credentials.json'])('%s is read', (p) => {
    expect(isSecretCandidate(p)).toBe(true);
  });
  it.each(['etc/passwd', 'root/.ssh/id_rsa.pub', 'app/config.json', 'app/env', 'usr/share/doc/README', 'app/package.json', 'app/public-key.json', 'root/.config/gh/config.yml'])('%s is not', (p) => {
    expect(isSecretCandidate(p)).toBe(false);
  });
});

describe('findSecretsInFile', () => {
  const f = (p: string, t: string) => findSecretsInFile(p, Buffer.from(t));
  it('a PEM private key, not a certificate', () => {
    expect(f('app/key.pem', 'x\n-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n')).toEqual([{ path: 'app/key.pem', line: 2, kind: 'private-key' }]);
    expect(f('app/cert.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')).toEqual([]);
  });
  it('AWS credentials: the secret key, not the key id alone', () => {
    expect(f('root/.aws/credentials', '[default]\naws_access_key_id = AKIAABCDEFGHIJKLMNOP\naws_secret_access_key = abc/def+ghi\n')).toEqual([{ path: 'root/.aws/credentials', line: 3, kind: 'aws-credentials' }]);
  });
  it('registry auth in .docker/config.json, not credential helpers', () => {
    expect(f('root/.docker/config.json', '{\n  "auths": {\n    "ghcr.io": { "auth": "dXNlcjpwYXNz" },\n    "docker.io": {}\n  },\n  "credsStore": "pass"\n}\n')).toEqual([{ path: 'root/.docker/config.json', kind: 'registry-auth', line: 3 }]);
  });
  it('.npmrc tokens, not ${VAR} references', () => {
    expect(f('root/.npmrc', 'registry=https://r.example/\n//r.example/:_authToken=npm_abcdef123456\n//x/:_authToken=${NPM_TOKEN}\n')).toEqual([{ path: 'root/.npmrc', line: 2, kind: 'npm-token' }]);
  });
  it('.env secrets by name or value, not ports or empty values', () => {
    expect(f('app/.env', 'PORT=8080\nDB_PASSWORD=hunter2\nEMPTY_TOKEN=\nexport API_KEY="sk_live_abcdefghijklmnopqrstuvwx"\n')).toEqual([
      { path: 'app/.env', line: 2, kind: 'env-file' },
      { path: 'app/.env', line: 4, kind: 'env-file' },
    ]);
  });
  it('.netrc and .git-credentials passwords', () => {
    expect(f('root/.netrc', 'machine example.com login me password p4ss\n')).toEqual([{ path: 'root/.netrc', line: 1, kind: 'netrc' }]);
    expect(f('root/.git-credentials', 'https://me:tok3n@github.com\n')).toEqual([{ path: 'root/.git-credentials', line: 1, kind: 'git-credentials' }]);
  });
  it('.git-credentials lines whose password is a token, as git credential-store writes them (QA vp 5)', () => {
    const text = [
      'https://user:ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com',
      'https://alice:hunter2pass@gitlab.example.com',
      'https://x-access-token:ghs_16C7e42F292c6912E7710c838347Ae178B4a@github.com',
      'https://oauth2:glpat-AbCdEfGhIjKlMnOpQrSt@gitlab.com',
      'https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com',
      'https://bob@example.com',
      'https://bob:${GIT_TOKEN}@example.com',
      'https://carol:p%40ss@git.example.com/org/repo.git',
      '',
    ].join('\n');
    expect(f('root/.git-credentials', text).map((h) => h.line)).toEqual([1, 2, 3, 4, 5, 8]);
    expect(isGitCredentialLine('not a url')).toBe(false);
    expect(JSON.stringify(f('root/.git-credentials', text))).not.toMatch(/ghp_|ghs_|glpat-|hunter2|p%40ss/);
  });
  // QA: none of these was read; Trivy finds them (README promises "cloud credentials").
  it('a Google service-account key, a kubeconfig token, .pgpass, a GitHub CLI token, a secret typed into a shell history', () => {
    expect(f('app/config/credentials.json', '{\n  "type": "service_account",\n  "private_key_id": "1a2b3c4d5e6f",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEv\\n-----END PRIVATE KEY-----\\n",\n  "client_email": "x@p.iam.gserviceaccount.com"\n}\n')).toEqual([
      { path: 'app/config/credentials.json', line: 3, kind: 'cloud-credentials' },
      { path: 'app/config/credentials.json', line: 4, kind: 'private-key' },
    ]);
    expect(f('root/.kube/config', 'apiVersion: v1\nclusters:\n- cluster: {server: https://k}\nusers:\n- name: admin\n  user:\n    token: eyJhbGciOiJSUzI1NiJ9.abc.def\n- name: ci\n  user:\n    token: ${KUBE_TOKEN}\n')).toEqual([{ path: 'root/.kube/config', line: 7, kind: 'kubeconfig' }]);
    expect(f('root/.pgpass', '# host:port:db:user:password\ndb:5432:app:app:Pw\n')).toEqual([{ path: 'root/.pgpass', line: 2, kind: 'pgpass' }]);
    expect(f('root/.config/gh/hosts.yml', 'github.com:\n    user: me\n    oauth_token: gho_16C7e42F292c6912E7710c838347Ae178B4a\n    git_protocol: https\n')).toEqual([{ path: 'root/.config/gh/hosts.yml', line: 3, kind: 'gh-token' }]);
    expect(f('root/.bash_history', 'ls -la\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nexport PORT=8080\ncurl -H "Authorization: token ghp_16C7e42F292c6912E7710c838347Ae178B4a" https://api.github.com\n')).toEqual([
      { path: 'root/.bash_history', line: 2, kind: 'shell-history' },
      { path: 'root/.bash_history', line: 4, kind: 'shell-history' },
    ]);
  });

  it('never returns a value', () => {
    expect(JSON.stringify(f('app/.env', 'DB_PASSWORD=hunter2\n'))).not.toContain('hunter2');
  });
});
