import { describe, expect, it } from 'vitest';
import { imageFacts, runCheck } from '../verify/fixture.js';
import { check, rule, secretFileFix } from './image-secret-file.js';

// BW-0407, R-S: a secret deleted by a later layer is still reported, and says so.
describe(rule.meta.slug, () => {
  it('reports each hit with layer and line; private keys are critical', () => {
    const f = imageFacts([
      { entries: [{ name: 'root/.ssh/id_rsa', size: 10 }, { name: 'app/.npmrc', size: 10 }], secrets: [{ path: 'root/.ssh/id_rsa', kind: 'private-key', line: 1 }, { path: 'app/.npmrc', kind: 'npm-token', line: 2 }] },
      { entries: [{ name: 'root/.ssh/.wh.id_rsa', size: 0 }] },
    ]);
    expect(runCheck(check, f)).toEqual([
      { at: { layer: 0, path: 'root/.ssh/id_rsa', line: 1 }, message: 'root/.ssh/id_rsa:1 holds a secret (private-key) in layer 1, deleted by a later layer but still in the archive; value masked', data: { path: 'root/.ssh/id_rsa', layer: 1, kind: 'private-key' }, severity: 'critical', fix: secretFileFix('private-key', 'root/.ssh/id_rsa') },
      { at: { layer: 0, path: 'app/.npmrc', line: 2 }, message: 'app/.npmrc:2 holds a secret (npm-token) in layer 1; value masked', data: { path: 'app/.npmrc', layer: 1, kind: 'npm-token' }, severity: undefined, fix: secretFileFix('npm-token', 'app/.npmrc') },
    ]);
  });

  it('the fix names the file the secret was found in, not always .npmrc', () => {
    const kinds: [string, string][] = [
      ['root/.netrc', 'netrc'],
      ['root/.pypirc', 'pypi-password'],
      ['./home/u/.git-credentials', 'git-credentials'],
      ['root/.aws/credentials', 'aws-credentials'],
      ['root/.docker/config.json', 'registry-auth'],
      ['app/.npmrc', 'npm-token'],
      ['app/.env.production', 'env-file'],
      ['etc/ssl/private/site.key', 'private-key'],
      ['opt/x/.secretrc', 'other-kind'],
    ];
    const f = imageFacts([{ entries: kinds.map(([name]) => ({ name: name.replace(/^\.\//, ''), size: 10 })), secrets: kinds.map(([path, kind]) => ({ path, kind, line: 1 })) }]);
    expect(runCheck(check, f).map((d) => d.fix)).toEqual([
      '# use RUN --mount=type=secret,id=netrc,target=/root/.netrc … (the .netrc only during that step) and add the file to .dockerignore; revoke the leaked credential',
      '# use RUN --mount=type=secret,id=pypirc,target=/root/.pypirc … (the .pypirc only during that step) and add the file to .dockerignore; revoke the leaked credential',
      '# use RUN --mount=type=secret,id=git-credentials,target=/home/u/.git-credentials … (the .git-credentials only during that step) and add the file to .dockerignore; revoke the leaked credential',
      '# use RUN --mount=type=secret,id=aws,target=/root/.aws/credentials … (the AWS credentials file only during that step) and add the file to .dockerignore; revoke the leaked credential',
      '# use RUN --mount=type=secret,id=dockerconfig,target=/root/.docker/config.json … (the Docker registry auth file only during that step) and add the file to .dockerignore; revoke the leaked credential',
      '# use RUN --mount=type=secret,id=npmrc,target=/app/.npmrc … (the .npmrc only during that step) and add the file to .dockerignore; revoke the leaked credential',
      '# do not copy the .env file /app/.env.production into the image: give its values at run time (docker run --env-file, Compose env_file), or RUN --mount=type=secret,id=env,target=/app/.env.production … for a build step; add it to .dockerignore; revoke the leaked credential',
      '# do not copy the private key /etc/ssl/private/site.key into the image: RUN --mount=type=ssh … (docker build --ssh default) or RUN --mount=type=secret,id=key,target=/etc/ssl/private/site.key …; add it to .dockerignore; revoke the leaked key',
      '# use RUN --mount=type=secret,id=secretrc,target=/opt/x/.secretrc … (the .secretrc only during that step) and add the file to .dockerignore; revoke the leaked credential',
    ]);
  });
});
