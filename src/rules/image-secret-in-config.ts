/**
 * BW-0402 image-secret-in-config: a secret in the image's config (an archive's, or `docker image inspect`'s): an
 * `Env` variable that holds a secret by name or value, a label whose value looks like a secret (token formats,
 * private keys, URL credentials, high entropy) or whose key names one, a credential flag in `Cmd` / `Entrypoint`. Values are never printed. R-S, paper §IV.5, CIS Docker Benchmark
 * 1.6.0 4.10. Uses the shared classifier src/rules/util/secrets.ts.
 */
import { defineRule } from './types.js';
import { isSecretEnv, looksLikeSecretValue } from './util/secrets.js';
import { flagCredentials } from './df-secret-in-env.js';
import type { ImageCheck } from '../verify/facts.js';
import { escapePointer } from '../ingest/inspect/pointer.js';

export const rule = defineRule({
  meta: {
    id: 'BW-0402',
    slug: 'image-secret-in-config',
    title: 'Secret in the image config (Env, Labels or command)',
    severity: 'high',
    attackClasses: ['R-S'],
    requirements: ['R-S', 'R-P'],
    cis: { '1.6.0': ['4.10'] },
    paper: '§IV.5',
    inputs: ['image', 'inspect'],
    description:
      'The image config carries a secret in an environment variable, a label or the command line. Anyone who can pull the image — and `docker inspect` of every container — reads it.',
    remediation: { dockerfile: '# pass secrets at run time (docker secrets, --env-file from a vault) or at build time with RUN --mount=type=secret; never ENV/LABEL' },
    breaks: 'The application must read the secret from a file or from the run-time environment.',
    fix: 'manual',
  },
});

/**
 * The credentials written in an exec-form command (`Cmd` / `Entrypoint`: `["app", "--token=…"]`, `["redis-server",
 * "--requirepass", "pw"]`), by {@link flagCredentials}: the index of each word that holds one, and its kind.
 */
function commandCredentials(words: readonly unknown[]): { index: number; kind: string }[] {
  let text = '[';
  const starts: number[] = [];
  words.forEach((w, i) => {
    if (i) text += ', ';
    starts.push(text.length);
    text += JSON.stringify(typeof w === 'string' ? w : '');
  });
  text += ']';
  const out = flagCredentials(text).map((c) => {
    let index = 0;
    while (index + 1 < starts.length && starts[index + 1] <= c.start) index++;
    return { index, kind: c.kind };
  });
  words.forEach((w, index) => {
    if (typeof w !== 'string' || out.some((o) => o.index === index)) return;
    // A shell script word (`sh -c "exec app --password pw"`): its own flags, read in shell form.
    const shell = /\s/.test(w.trim()) ? flagCredentials(w)[0] : undefined;
    // A URL with a password in a word or a flag's value (`--dsn=postgres://u:pw@db/app`).
    const url = shell ? undefined : w.split(/\s+/).map((x) => looksLikeSecretValue(x.replace(/^--?[A-Za-z][\w-]*=/, ''))).find((v) => v?.kind === 'url-credentials');
    const kind = shell?.kind ?? url?.kind;
    if (kind) out.push({ index, kind });
  });
  return out.sort((a, b) => a.index - b.index);
}

/**
 * Reports secret `Env` variables (by name or value), labels that hold a secret (by value, or a literal value under
 * a key naming one: `db.password`), and credentials given by flag in `Cmd` / `Entrypoint` (`--token=…`).
 */
export const check: ImageCheck = (f, report) => {
  const c = f.image.config.config ?? {};
  (c.Env ?? []).forEach((e, n) => {
    const i = e.indexOf('=');
    const name = i < 0 ? e : e.slice(0, i);
    const v = isSecretEnv(name, i < 0 ? undefined : e.slice(i + 1));
    if (v) report({ at: {}, pointer: `/config/Env/${n}`, message: `Env ${name} holds a secret (${v.kind}, by ${v.by}); value masked`, data: { variable: name, kind: v.kind } });
  });
  for (const [k, val] of Object.entries(c.Labels ?? {})) {
    if (typeof val !== 'string') continue;
    const byName = val !== '' && !val.includes('$') ? isSecretEnv(k, val) : undefined;
    const v = looksLikeSecretValue(val) ?? (byName && !byName.placeholder ? byName : undefined);
    if (v) report({ at: {}, pointer: `/config/Labels/${escapePointer(k)}`, secret: true, message: `label ${k} holds a secret (${v.kind}); value masked`, data: { label: k, kind: v.kind } });
  }
  for (const key of ['Entrypoint', 'Cmd'] as const) {
    const words = c[key];
    if (!Array.isArray(words)) continue;
    for (const { index, kind } of commandCredentials(words))
      report({ at: {}, pointer: `/config/${key}/${index}`, message: `${key} passes a credential on the command line (${kind}); value masked`, data: { field: key, index, kind } });
  }
};

export default rule;
