/**
 * BW-0402 image-secret-in-config: a secret in the verified image's config: an `Env` variable that holds a
 * secret by name or value, or a label whose value looks like a secret (token formats, private keys,
 * URL credentials, high entropy). Values are never printed. R-S, paper §IV.5, CIS Docker Benchmark
 * 1.6.0 4.10. Uses the shared classifier src/rules/util/secrets.ts.
 */
import { defineRule } from './types.js';
import { isSecretEnv, looksLikeSecretValue } from './util/secrets.js';
import type { ImageCheck } from '../verify/facts.js';

export const rule = defineRule({
  meta: {
    id: 'BW-0402',
    slug: 'image-secret-in-config',
    title: 'Secret in the image config (Env or Labels)',
    severity: 'high',
    attackClasses: ['R-S'],
    requirements: ['R-S', 'R-P'],
    cis: { '1.6.0': ['4.10'] },
    paper: '§IV.5',
    inputs: ['image'],
    description:
      'The image config carries a secret in an environment variable or a label. Anyone who can pull the image — and `docker inspect` of every container — reads it.',
    remediation: { dockerfile: '# pass secrets at run time (docker secrets, --env-file from a vault) or at build time with RUN --mount=type=secret; never ENV/LABEL' },
    breaks: 'The application must read the secret from a file or from the run-time environment.',
    fix: 'manual',
  },
});

/** Reports secret `Env` variables (by name or value) and secret-looking label values. */
export const check: ImageCheck = (f, report) => {
  const c = f.image.config.config ?? {};
  for (const e of c.Env ?? []) {
    const i = e.indexOf('=');
    const name = i < 0 ? e : e.slice(0, i);
    const v = isSecretEnv(name, i < 0 ? undefined : e.slice(i + 1));
    if (v) report({ at: {}, message: `Env ${name} holds a secret (${v.kind}, by ${v.by}); value masked`, data: { variable: name, kind: v.kind } });
  }
  for (const [k, val] of Object.entries(c.Labels ?? {})) {
    const v = typeof val === 'string' ? looksLikeSecretValue(val) : undefined;
    if (v) report({ at: {}, message: `label ${k} holds a secret (${v.kind}); value masked`, data: { label: k, kind: v.kind } });
  }
};

export default rule;
