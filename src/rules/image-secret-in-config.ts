/**
 * BW-0402 image-secret-in-config: a secret in the image's config (an archive's, or `docker image inspect`'s): an
 * `Env` variable that holds a secret by name or value, a label whose value looks like a secret (token formats,
 * private keys, URL credentials, high entropy) or whose key names one, a credential given on the command line of
 * `Entrypoint` / `Cmd` or of the health check (`Healthcheck.Test`) — a credential flag (`--password=…`) or any form
 * BW-0035 reads in a container's command (`mysql -p<pw>`, `redis-cli -a <pw>`, `curl -u` / `-H "Authorization: …"`,
 * inside `sh -c` too: src/rules/util/command-secrets.ts) — and a build argument the history records with a secret
 * value (`|1 NPM_TOKEN=npm_… /bin/sh -c …`, `ARG NPM_TOKEN=…`: src/rules/util/image-history.ts), judged as BW-0103
 * judges build arguments. Values are never printed. R-S, paper §IV.5, CIS Docker Benchmark 1.6.0 4.10. Uses the shared
 * classifier src/rules/util/secrets.ts.
 */
import { defineRule } from './types.js';
import { isSecretEnv, looksLikeSecretValue } from './util/secrets.js';
import { flagCredentials, secretFix } from './df-secret-in-env.js';
import { argumentsProgram, secretWords, type SecretTool } from './util/command-secrets.js';
import { historyBuildArgs } from './util/image-history.js';
import type { ImageCheck } from '../verify/facts.js';
import { escapePointer } from '../ingest/inspect/pointer.js';

export const rule = defineRule({
  meta: {
    id: 'BW-0402',
    slug: 'image-secret-in-config',
    title: 'Secret in the image config (Env, Labels, command, health check or history)',
    severity: 'high',
    attackClasses: ['R-S'],
    requirements: ['R-S', 'R-P'],
    cis: { '1.6.0': ['4.10'] },
    paper: '§IV.5',
    inputs: ['image', 'inspect'],
    description:
      'The image config carries a secret in an environment variable, a label, the command line or health check, or a build argument its history records. Anyone who can pull the image — and `docker inspect` of every container, or `docker history` — reads it.',
    remediation: { dockerfile: '# pass secrets at run time (docker secrets, --env-file from a vault) or at build time with RUN --mount=type=secret; never ENV/LABEL' },
    breaks: 'The application must read the secret from a file or from the run-time environment.',
    fix: 'manual',
  },
});

/** The kind a command-line secret is reported as, by how it is given ({@link SecretTool}). */
function toolKind(tool: SecretTool): string {
  if (tool === 'curl-header' || tool === 'wget-header') return 'http-header';
  return tool === 'token' || tool === 'option' ? 'token' : 'password';
}

/**
 * The credentials written in an exec-form command (`Cmd` / `Entrypoint`: `["app", "--token=…"]`, `["redis-server",
 * "--requirepass", "pw"]`; `Healthcheck.Test`: `["CMD", "redis-cli", "-a", "pw", "ping"]`), by {@link flagCredentials}
 * and by the classifier BW-0035 reads containers' commands with ({@link secretWords}: `mysql -p<pw>`, `redis-cli -a
 * <pw>`, a header, inside `sh -c` too): the index of each word that holds one, and its kind. `program`: the program the
 * words are arguments of when they do not name it (`Cmd` after an `Entrypoint` of `redis-cli`).
 */
function commandCredentials(words: readonly unknown[], program?: string): { index: number; kind: string }[] {
  let text = '[';
  const starts: number[] = [];
  words.forEach((w, i) => {
    if (i) text += ', ';
    starts.push(text.length);
    text += JSON.stringify(typeof w === 'string' ? w : '');
  });
  text += ']';
  const indexAt = (offset: number) => {
    let index = 0;
    while (index + 1 < starts.length && starts[index + 1] <= offset) index++;
    return index;
  };
  const out = flagCredentials(text).map((c) => ({ index: indexAt(c.start), kind: c.kind }));
  words.forEach((w, index) => {
    if (typeof w !== 'string' || out.some((o) => o.index === index)) return;
    // A shell script word (`sh -c "exec app --password pw"`): its own flags, read in shell form.
    const shell = /\s/.test(w.trim()) ? flagCredentials(w)[0] : undefined;
    // A URL with a password in a word or a flag's value (`--dsn=postgres://u:pw@db/app`).
    const url = shell ? undefined : w.split(/\s+/).map((x) => looksLikeSecretValue(x.replace(/^--?[A-Za-z][\w-]*=/, ''))).find((v) => v?.kind === 'url-credentials');
    const kind = shell?.kind ?? url?.kind;
    if (kind) out.push({ index, kind });
  });
  // Then every form BW-0035 reads (`mysql -p<pw>`, `redis-cli -a <pw>`, a header): the words as the program gets
  // them, one a line (each found where it is written, escapes or not).
  const strs = words.map((w) => (typeof w === 'string' ? w : ''));
  const plain = strs.join('\n');
  const plainStarts: number[] = [];
  strs.reduce((at, w) => (plainStarts.push(at), at + w.length + 1), 0);
  for (const sw of secretWords('', plain, 0, plain.length, strs, program)) {
    let index = 0;
    while (index + 1 < plainStarts.length && plainStarts[index + 1] <= sw.range.start) index++;
    if (!out.some((o) => o.index === index)) out.push({ index, kind: toolKind(sw.tool) });
  }
  return out.sort((a, b) => a.index - b.index);
}

/**
 * Reports secret `Env` variables (by name or value), labels that hold a secret (by value, or a literal value under
 * a key naming one: `db.password`), credentials given on the command line of `Entrypoint` / `Cmd` / `Healthcheck.Test`
 * ({@link commandCredentials}), and build arguments with a secret value recorded in the history (once per argument and
 * value, at the first entry that records it; a placeholder value is info, as BW-0103 grades one).
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
  const entrypoint = Array.isArray(c.Entrypoint) ? c.Entrypoint : undefined;
  const cmd = Array.isArray(c.Cmd) ? c.Cmd : undefined;
  const sourced = (value: string[] | undefined, pointer: string) => value && { value, origin: { kind: 'engine' as const, container: '', pointer }, how: 'explicit' as const };
  const program = argumentsProgram({ entrypoint: sourced(entrypoint, '/config/Entrypoint'), command: sourced(cmd, '/config/Cmd') });
  for (const key of ['Entrypoint', 'Cmd'] as const) {
    const words = c[key];
    if (!Array.isArray(words)) continue;
    for (const { index, kind } of commandCredentials(words, key === 'Cmd' ? program : undefined))
      report({ at: {}, pointer: `/config/${key}/${index}`, message: `${key} passes a credential on the command line (${kind}); value masked`, data: { field: key, index, kind } });
  }
  // `["CMD", prog, …]` runs prog with the words; `["CMD-SHELL", script]` runs the script with /bin/sh -c (Docker
  // reference, HEALTHCHECK): either way the words after the first are a command line, shown by docker inspect.
  const test = c.Healthcheck?.Test;
  if (Array.isArray(test) && (test[0] === 'CMD' || test[0] === 'CMD-SHELL')) {
    for (const { index, kind } of commandCredentials(test.slice(1)))
      report({ at: {}, pointer: `/config/Healthcheck/Test/${index + 1}`, message: `Healthcheck passes a credential on the command line (${kind}); value masked`, data: { field: 'Healthcheck', index: index + 1, kind } });
  }
  const seen = new Set<string>();
  (f.image.config.history ?? []).forEach((h, n) => {
    if (typeof h?.created_by !== 'string') return;
    for (const a of historyBuildArgs(h.created_by)) {
      if (a.value === '' || a.value.includes('$') || seen.has(`${a.name}=${a.value}`)) continue;
      const v = isSecretEnv(a.name, a.value);
      if (!v) continue;
      seen.add(`${a.name}=${a.value}`);
      report({
        at: {},
        pointer: `/history/${n}/created_by`,
        severity: v.placeholder ? 'info' : undefined,
        message: `history entry ${n} records build argument ${a.name} with ${v.placeholder ? 'a placeholder for a secret' : `a secret value (${v.kind}, by ${v.by})`}: docker history shows it; value masked`,
        data: { field: 'history', index: n, variable: a.name, kind: v.kind },
        fix: secretFix(a.name, 'arg'),
      });
    }
  });
};

export default rule;
