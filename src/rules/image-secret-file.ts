/**
 * BW-0407 image-secret-file: a layer of the verified image holds a secret in a file: a private key, AWS
 * credentials, a `.env` secret, registry auth in `.docker/config.json`, an `.npmrc` token, `.netrc` /
 * `.git-credentials` / `.pypirc` passwords (src/verify/secret-files.ts). Path, layer and line named; the
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

/** Reports every secret hit of every layer; severity critical for private keys. */
export const check: ImageCheck = (f, report) => {
  for (const l of f.layers) {
    for (const s of l.scan.secrets) {
      const deleted = f.deleted.some((d) => d.layer === l.index && d.path === s.path.replace(/^\.?\/+/, ''));
      report({
        at: { layer: l.index, path: s.path, line: s.line },
        message: `${s.path}${s.line ? `:${s.line}` : ''} holds a secret (${s.kind}) in layer ${l.index + 1}${deleted ? ', deleted by a later layer but still in the archive' : ''}; value masked`,
        data: { path: s.path, layer: l.index + 1, kind: s.kind },
        severity: s.kind === 'private-key' ? 'critical' : undefined,
      });
    }
  }
};

export default rule;
