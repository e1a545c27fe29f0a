/**
 * BW-0407 image-secret-file: a layer of the verified image holds a secret in a file: a private key, AWS, Google or
 * Terraform Cloud credentials, a `.env` secret, registry auth in `.docker/config.json`, an `.npmrc` token, `.netrc` /
 * `.git-credentials` / `.pypirc` / `.pgpass` passwords, a kubeconfig, GitHub CLI or Vault token, a secret in a shell
 * history (src/verify/secret-files.ts). Path, layer and line named; the
 * value never. A secret in a file deleted by a later layer still ships in the archive and is reported
 * too. R-S, paper §IV.5, CIS Docker Benchmark 1.6.0 4.10.
 */
import { defineRule } from './types.js';
import type { ImageCheck } from '../verify/facts.js';

export const rule = defineRule({
  meta: {
    id: 'BW-0407',
    slug: 'image-secret-file',
    title: 'Secret in a file of an image layer',
    severity: 'high',
    attackClasses: ['R-S'],
    requirements: ['R-S', 'R-P'],
    cis: { '1.6.0': ['4.10'] },
    paper: '§IV.5',
    inputs: ['image'],
    description: 'A layer of the image contains a credential. Layers are content-addressed and shared: whoever can pull the image can extract it, even when a later layer deletes the file.',
    remediation: { dockerfile: '# use RUN --mount=type=secret,id=npmrc,target=/root/.npmrc … and add the file to .dockerignore; revoke the leaked credential' },
    breaks: 'Builds that need the credential must receive it as a build secret.',
    fix: 'manual',
  },
});

/**
 * What each kind of secret file is (src/verify/secret-files.ts kinds), for the fix: the file named as users know it
 * and the id of the build secret that replaces it.
 */
const FILE_KINDS: Record<string, { file: string; id: string }> = {
  'private-key': { file: 'private key', id: 'key' },
  'aws-credentials': { file: 'AWS credentials file', id: 'aws' },
  'npm-token': { file: '.npmrc', id: 'npmrc' },
  'pypi-password': { file: '.pypirc', id: 'pypirc' },
  netrc: { file: '.netrc', id: 'netrc' },
  'git-credentials': { file: '.git-credentials', id: 'git-credentials' },
  'env-file': { file: '.env file', id: 'env' },
  'registry-auth': { file: 'Docker registry auth file', id: 'dockerconfig' },
  pgpass: { file: '.pgpass', id: 'pgpass' },
  kubeconfig: { file: 'kubeconfig', id: 'kubeconfig' },
  'gh-token': { file: 'GitHub CLI hosts file', id: 'gh-hosts' },
  'vault-token': { file: 'Vault token file', id: 'vault-token' },
  'cloud-credentials': { file: 'cloud credentials file', id: 'cloud-credentials' },
  'shell-history': { file: 'shell history', id: 'history' },
};

/**
 * The fix for a secret of kind `kind` in the layer file `path` (relative to the layer root, as the tar names it):
 * a BuildKit secret mount of that file at the same path for the build step that needs it (Dockerfile reference
 * "RUN --mount=type=secret"; an SSH key through `--mount=type=ssh`, the agent's socket), the file kept out of the
 * build context (`.dockerignore`), and the leaked credential revoked; a `.env` file is given at run time instead.
 * An unknown kind is named by the file's name.
 */
export function secretFileFix(kind: string, path: string): string {
  const target = '/' + path.replace(/^\.?\/+/, '');
  const name = target.slice(target.lastIndexOf('/') + 1) || target;
  const k = FILE_KINDS[kind] ?? { file: name, id: name.replace(/^\.+/, '').replace(/[^A-Za-z0-9_.-]+/g, '_') || 'secret' };
  if (kind === 'private-key')
    return `# do not copy the private key ${target} into the image: RUN --mount=type=ssh … (docker build --ssh default) or RUN --mount=type=secret,id=${k.id},target=${target} …; add it to .dockerignore; revoke the leaked key`;
  if (kind === 'shell-history')
    return `# remove the history file ${target} in the step that writes it (or run the build's shell with HISTFILE=/dev/null); it holds what was typed, the secret included; revoke the leaked credential`;
  if (kind === 'env-file')
    return `# do not copy the .env file ${target} into the image: give its values at run time (docker run --env-file, Compose env_file), or RUN --mount=type=secret,id=${k.id},target=${target} … for a build step; add it to .dockerignore; revoke the leaked credential`;
  return `# use RUN --mount=type=secret,id=${k.id},target=${target} … (the ${k.file} only during that step) and add the file to .dockerignore; revoke the leaked credential`;
}

/** Reports every secret hit of every layer; severity critical for private keys; the fix names the file's kind ({@link secretFileFix}). */
export const check: ImageCheck = (f, report) => {
  for (const l of f.layers) {
    for (const s of l.scan.secrets) {
      const deleted = f.deleted.some((d) => d.layer === l.index && d.path === s.path.replace(/^\.?\/+/, ''));
      report({
        at: { layer: l.index, path: s.path, line: s.line },
        message: `${s.path}${s.line ? `:${s.line}` : ''} holds a secret (${s.kind}) in layer ${l.index + 1}${deleted ? ', deleted by a later layer but still in the archive' : ''}; value masked`,
        data: { path: s.path, layer: l.index + 1, kind: s.kind },
        severity: s.kind === 'private-key' ? 'critical' : undefined,
        fix: secretFileFix(s.kind, s.path),
      });
    }
  }
};

export default rule;
