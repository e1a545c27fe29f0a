/**
 * BW-0026 secret-in-environment: a secret travels in an environment variable (`environment`, `-e`; also a Compose
 * lifecycle hook's `environment` and a `docker exec -e` line, the file's finding when the exec enters a container
 * the file does not start),
 * recognised by name or by value with the shared classifier (util/secrets.ts). Kinds: `literal`
 * (high), `interpolated` (medium), `passthrough` (low). Values are never printed; their ranges go to
 * `secretRanges` so reports mask them. CIS 4.10, R-S, paper §IV.5.
 */
import type { ContainerSpec, ExecSpec } from '../model/types.js';
import type { Severity } from './types.js';
import { defineRule, type RuleContext } from './types.js';
import { fromEngineConfig } from './util/container.js';
import { isSecretEnv, passwordRange, secretNameKind, writtenUrlPassword, type SecretVerdict } from './util/secrets.js';

const SEVERITY: Record<string, Severity> = { literal: 'high', interpolated: 'medium', passthrough: 'low' };

export default defineRule({
  meta: {
    id: 'BW-0026',
    slug: 'secret-in-environment',
    title: 'Secret in container environment',
    severity: 'high',
    attackClasses: ['R-S'],
    requirements: ['R-S'],
    cis: { '1.6.0': ['4.10'] },
    paper: '§IV.5',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      "Environment variables are visible to anyone who can run docker inspect, to every process of the container through /proc/1/environ, in crash dumps and often in logs; a literal one also sits in the file and its version history. Give secrets to the container as files: Docker/Compose secrets mounted at /run/secrets, with the application reading NAME_FILE.",
    remediation: {
      kubernetes: 'env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db\n        key: password',
      compose:
        'secrets:\n  db_password:\n    file: ./db_password.txt\nservices:\n  app:\n    secrets: [db_password]\n    environment:\n      DB_PASSWORD_FILE: /run/secrets/db_password',
      run: '-v "$PWD/db_password.txt":/run/secrets/db_password:ro -e DB_PASSWORD_FILE=/run/secrets/db_password   # or docker secret create + docker service create --secret',
      service: 'printf \'%s\' "$DB_PASSWORD" | docker secret create db_password -\ndocker service create --secret db_password --env DB_PASSWORD_FILE=/run/secrets/db_password …   # the application reads the file',
    },
    breaks: 'Applications that only read the secret from the environment need a *_FILE variant or a small entrypoint that reads the file.',
    fix: 'unsafe',
  },
  checkContainer(c, ctx) {
    // The container's environment, then each lifecycle hook's or `docker exec` line's own (compose-spec
    // post_start/pre_stop `environment`, `docker exec -e`).
    const execs = new Map<EnvEntry, ExecSpec>();
    for (const x of c.execs ?? []) for (const e of x.env ?? []) if (!execs.has(e)) execs.set(e, x);
    for (const e of [...c.env, ...execs.keys()]) reportEnv(e, ctx, c, execs.get(e));
    // An env file that could not be read (a `.env` kept out of the repository): what it sets is not known.
    for (const ef of c.envFilesUnread ?? []) {
      const why = ef.how === 'unresolved' ? 'its path depends on an unset variable' : 'not found or not readable here';
      ctx.report({
        message: `env file ${ef.value || '(empty)'} could not be read (${why}): the variables it sets, and any secret among them, are not known`,
        at: ef,
        severity: 'info',
        certainty: 'unknown',
        data: { envFile: ef.value },
      });
    }
  },
  // `docker exec -e PASSWORD=…` lines into containers the file does not start: reported as the file's, as a
  // `docker run -e` secret is (the literal is in the file whichever container the exec enters).
  checkFile(f, ctx) {
    for (const line of f.execs ?? []) for (const e of line.exec.env ?? []) reportEnv(e, ctx, undefined, line.exec, line.container);
  },
});

/** One environment entry of a container or of a process started in it. */
type EnvEntry = ContainerSpec['env'][number];

/**
 * Reports environment entry `e` when it holds a secret: an entry of container `c`, or, with `x`, of the process `x`
 * starts in it (a Compose lifecycle hook, a `docker exec -e` line); `c` is undefined for a `docker exec` line into a
 * container the file does not start, which `into` names (then the finding is the file's).
 */
function reportEnv(e: EnvEntry, ctx: RuleContext, c: ContainerSpec | undefined, x?: ExecSpec, into?: string): void {
  // A password written in a URL beside a variable (`postgres://admin:S3cret@${DB_HOST}/app`) is in the file,
  // whatever the variable holds: reported as written, even when the value as a whole is unknown.
  const pw = e.raw !== undefined && e.kind === 'interpolated' ? writtenUrlPassword(e.raw) : undefined;
  // Kubernetes' `$(OTHER)` names another variable of the same container, whose own entry says where its value
  // comes from: a `secretKeyRef` is the recommended way and is not reported, a literal is reported at its own
  // entry. A value made of such references adds no secret of its own (`PGPASSWORD: $(POSTGRES_PASSWORD)`),
  // unless a password is written beside them.
  // (A `${NAME}` placeholder is different: envsubst fills it in before kubectl apply, so the secret ends up in
  // the applied manifest; it stays reported as filled in from a variable.)
  if (c?.source === 'kubernetes' && e.kind === 'interpolated' && !pw && e.raw?.includes('$(') && !e.raw.includes('${')) return;
  // A literal value that is only a variable reference (Compose `$$API_KEY` is the text `$API_KEY`; `-e K='$TOKEN'`):
  // the program gets a name to look up, not a secret.
  if (e.kind === 'literal' && /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test((e.value ?? '').trim())) return;
  const verdict: SecretVerdict | undefined =
    isSecretEnv(e.name, e.value) ?? (e.sourceKey !== undefined ? isSecretEnv(e.sourceKey, e.value) : undefined) ?? (pw ? { by: 'value' as const, kind: 'url-credentials' as const } : undefined) ?? secretVariableIn(e);
  if (!verdict) return;
  const how =
    c && fromEngineConfig(c)
      ? "set in the container's configuration"
      : e.from !== undefined
      ? e.from
      : e.kind === 'literal' || pw
      ? 'written in the file'
      : e.kind === 'interpolated'
        ? 'filled in from a variable'
        : 'passed through from the caller\'s environment';
  const inspect = c?.source === 'kubernetes' ? 'kubectl get pod -o yaml' : c && isPodman(c) ? 'podman inspect' : 'docker inspect';
  // A `docker exec -e` value is on the exec's command line too, which every user of the host sees through ps.
  const docker = x?.kind === 'docker-exec' || x?.kind === 'compose-exec';
  const compose = x?.kind === 'compose-exec';
  const of = !x ? '' : docker ? ` of a ${compose ? 'docker compose exec' : 'docker exec'}${into === undefined ? '' : ` into ${compose ? 'service' : 'container'} ${into}`}` : ' of a lifecycle hook';
  const whereExec = docker ? `/proc of the exec's process and, while ${compose ? 'docker compose exec' : 'docker exec'} runs, its command line on the host (ps)` : "the exec's inspect output and /proc of the hook's process";
  const secretRanges = e.valueOrigin?.kind === 'file' ? [passwordRange(e.valueOrigin, e.raw, pw) ?? { file: e.valueOrigin.file, start: e.valueOrigin.start, end: e.valueOrigin.end }] : undefined;
  ctx.report({
    message: verdict.placeholder
      ? `placeholder for a secret in environment variable ${e.name}${of} (${verdict.kind}, ${how}): whoever fills it in puts the real secret where ${docker ? whereExec : `${inspect} and /proc/1/environ`} show it`
      : x
      ? `secret in environment variable ${e.name}${of} (${verdict.kind}, ${how}): readable through ${whereExec}`
      : `secret in environment variable ${e.name} (${verdict.kind}, ${how}): readable through ${inspect} and /proc/1/environ`,
    at: e.origin,
    // A salted password hash is not the password: leaking it allows offline guessing only.
    // `<your-password>`: documentation, not a credential; the pattern is still the one to change.
    severity: verdict.placeholder ? 'info' : verdict.kind === 'password-hash' ? 'low' : pw ? 'high' : (SEVERITY[e.kind] ?? 'high'),
    data: into === undefined ? { name: e.name, kind: e.kind } : compose ? { name: e.name, kind: e.kind, service: into } : { name: e.name, kind: e.kind, container: into },
    secretRanges,
  });
}

/**
 * A secret variable filled into a value whose own name says nothing (`MM_SQLSETTINGS_DATASOURCE:
 * postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@db/app`, Kubernetes `$(DB_PASSWORD)`): the value is unknown, but
 * the secret ends up in the container's environment all the same.
 */
function secretVariableIn(e: ContainerSpec['env'][number]): { by: 'name'; kind: string } | undefined {
  if (e.kind !== 'interpolated' || e.value !== undefined || !e.raw?.includes('$')) return undefined;
  for (const m of e.raw.matchAll(/\$(?:\{|\(?)([A-Za-z_][A-Za-z0-9_]*)/g)) {
    const kind = secretNameKind(m[1]);
    if (kind) return { by: 'name', kind };
  }
  return undefined;
}

/**
 * Whether a container was read from `podman inspect`: only podman's inspect output has `OCIRuntime`,
 * `EffectiveCaps` and `BoundingCaps`, which the inspect ingester keeps in `extra` (src/ingest/inspect/container.ts).
 */
function isPodman(c: ContainerSpec): boolean {
  return c.source === 'inspect' && ['ociRuntime', 'effectiveCaps', 'boundingCaps'].some((k) => k in c.extra);
}
