/**
 * BW-0026 secret-in-environment, the rule's own remediation (unsafe): a secret leaves the container's
 * environment and is given to it as a file (requirements.md R-S "move to Docker secrets / mounted files";
 * CIS Docker Benchmark 1.6.0 4.10; paper §IV.5). An environment variable is readable through
 * `docker inspect`, `/proc/1/environ`, crash dumps and logs; a file under `/run/secrets` is readable only
 * inside the container, by the users its mode allows.
 *
 * - Compose (compose-spec 09-secrets.md, 05-services.md `secrets`): the entry `NAME: value` / `- NAME=value`
 *   / `- NAME` becomes `NAME_FILE: /run/secrets/<secret>`, the service is granted `<secret>`, and the
 *   top-level `secrets` defines `<secret>: {environment: <VAR>}`, so Compose takes the value from the
 *   variable `<VAR>` where `docker compose up` runs. `<VAR>` is the variable an entry `${VAR}` refers to;
 *   for a literal or a composite value (`postgres://shop:${DB_PASSWORD}@db/shop`) it is the entry's own
 *   name. A literal value is written nowhere (not into `.env`, not into the output).
 * - `docker run` lines (Docker CLI reference, `--mount`, `--env`): `-e NAME=value`, `-e NAME`, `--env NAME`
 *   become `--mount type=bind,source="${NAME_FILE:?…}",target=/run/secrets/<secret>,readonly -e
 *   NAME_FILE=/run/secrets/<secret>`. `--env-file` is out of scope: its variables are in another file.
 *   In a systemd unit's command line (systemd.service(5) "Command lines": only `${NAME}` expands) the source is
 *   `${NAME_FILE}`, set with the unit's Environment= or EnvironmentFile=; inside its `/bin/sh -c "…"` it is not
 *   made (src/harden/run.ts `envToSecretFile`).
 *
 * `<secret>` is the variable's name in lower-case snake case (`POSTGRES_PASSWORD` → `postgres_password`).
 * The `_FILE` convention is the official postgres, mysql and mariadb images' (their entrypoints read
 * `POSTGRES_PASSWORD_FILE` etc.); other applications must be taught to read it, hence unsafe.
 */
import type { EnvVar } from '../../model/types.js';
import type { ComposeEditor } from '../compose.js';
import type { RunEditor } from '../run.js';
import type { Fix } from '../types.js';
import { writtenAt } from './util.js';
import { fileVariable } from '../edits.js';

/** A shell / Compose variable name, as `${NAME_FILE:?…}` and the `environment:` secret source need. */
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The secret's name for a variable: lower-case snake case (`POSTGRES_PASSWORD` → `postgres_password`, `dbPassword` → `db_password`). */
export function secretName(variable: string): string {
  return (
    variable
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'secret'
  );
}

/**
 * The host variable a Compose entry's secret comes from: `VAR` when the value is exactly one reference
 * `${VAR}` / `$VAR` (with or without a `:-`/`-`/`:?`/`?` modifier), else the entry's own name (literal
 * values, passthrough, composite values).
 */
export function sourceVariable(e: EnvVar): string {
  const raw = (e.raw ?? '').trim();
  const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-?+][^}]*)?\}$/.exec(raw) ?? /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(raw);
  return m ? m[1] : e.name;
}

/** The fix: the secret moves to a Compose secret or a read-only bind-mounted file read through `NAME_FILE`. */
export const secretToFile: Fix = {
  ruleId: 'BW-0026',
  slug: 'secret-in-environment',
  applicability: 'unsafe',
  title: 'move the secret out of the environment into a file under /run/secrets, named by NAME_FILE',
  attack:
    "the secret read by anyone who can run docker inspect, by every process of the container through /proc/1/environ, from crash dumps and logs, and from the file and its version history when it was written there — R-S",
  breaks:
    'the application must read NAME_FILE (the file under /run/secrets) instead of NAME: the official postgres, mysql and mariadb images do, others need a *_FILE variant or a small entrypoint that reads the file. ' +
    'Compose: the value now comes from the variable named in the top-level secrets (environment: VAR) where docker compose up runs, so export it there; for a composite value (postgres://shop:${DB_PASSWORD}@db/shop) export the whole value as the entry\'s own name; a ${VAR:-default} default no longer applies; environment secrets need Docker Compose (docker stack deploy does not support them); the file is readable by the container user only if its mode allows (long syntax uid/gid/mode). ' +
    'Run lines: set NAME_FILE to a file holding the value (the script stops with a message when it is unset; in a systemd unit set it with Environment= or EnvironmentFile=, and docker refuses to start the container while it is empty) and make it readable by the container user. --env-file variables are not moved.',
  applies: (f, c) => {
    if (f.certainty !== 'definite' || !c || (c.source !== 'compose' && c.source !== 'run')) return false;
    const e = writtenAt(c.env, f);
    if (!e || !VARIABLE.test(e.name) || c.env.some((x) => x.name === fileVariable(e.name))) return false;
    return c.source === 'run' || VARIABLE.test(sourceVariable(e));
  },
  container(c, f, ed) {
    const e = writtenAt(c.env, f)!;
    const shadowed = c.extra[`envFileShadowed:${e.name}`]?.value as string | undefined;
    if (shadowed !== undefined) {
      // Removing the entry would hand the container the env file's value instead (compose-spec: environment
      // overrides env_file), so the secret would still be in the environment.
      (ed.problems as string[]).push(`${e.name} is also set in the env_file ${shadowed}, whose value would take its place; move both to a secret by hand`);
      return false;
    }
    if (ed.kind === 'compose') {
      const ced = ed as unknown as ComposeEditor;
      let variable = sourceVariable(e);
      // A literal another service gives another value (two databases' DB_PASSWORD): one host variable and one
      // secret for both would make them one password. Each takes the service's name (`BILLING_DB_PASSWORD`; qa-b 5).
      if (variable === e.name && e.value !== undefined && ced.cd.servicesWithOtherValue(e.name, e.value).length) {
        const base = `${c.target.name.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '')}_${e.name}`;
        // Not a name some service already uses for a value of its own (`APP_DB_PASSWORD` beside app's DB_PASSWORD).
        variable = base;
        for (let i = 2; ced.cd.setsVariable(variable); i++) variable = `${base}_${i}`;
      }
      return ced.envToSecret(e, secretName(variable), variable);
    }
    return (ed as unknown as RunEditor).envToSecretFile(e, secretName(e.name));
  },
};
