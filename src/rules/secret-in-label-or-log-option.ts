/**
 * BW-0046 secret-in-label-or-log-option: a secret in a container's labels or logging driver options, which the
 * ingesters mask but no other rule reported (the environment is BW-0026's, the command line BW-0035's, a Dockerfile
 * `LABEL` BW-0103's, an image's labels BW-0402's):
 *  - labels: Compose `labels`, `docker run --label`, inspect `Config.Labels`; a value that looks like a secret
 *    whatever its key, or a literal value under a key that names one (`com.example.db_password`), judged by
 *    `labelSecret` (rules/util/secrets.ts); a basic-auth label's password hashes (Traefik's
 *    `traefik.http.middlewares.<name>.basicauth.users=admin:$$apr1$$…`, bcrypt `$2y$…`) are reported as a credential
 *    hash, at the hashes (Compose's `$$` counted), the message saying a hash is weaker than the password. Written in the file or set in the container's configuration: high; filled
 *    in from a variable (a `${VAR}` in Compose, an unset variable with a secret key): medium, as for the environment.
 *    Labels are metadata: `docker inspect`, `docker ps --format '{{.Labels}}'` and `docker events` (whose
 *    container events carry the labels as attributes) show them to every user of the Docker API;
 *  - logging options: Compose `logging.options`, `docker run --log-opt`, inspect `HostConfig.LogConfig.Config`
 *    (`splunk-token`, `logentries-token`, any `*token*` / `*password*` / `*secret*` / `*key*` option that is not a
 *    path or an endpoint, a URL's password: `loki-url: https://user:pw@host/…`), judged by `logOptionSecret`
 *    (ingest/daemon/secrets.ts, the daemon's `log-opts` classification; awslogs `awslogs-credentials-endpoint` is a
 *    URI path, syslog `syslog-tls-key: /etc/…` a file: no secret). Written in the file (also through a variable the
 *    script assigns): high. In inspect output: medium (the driver needs the value in the container's log
 *    configuration, where dockerd also merges the daemon's `log-opts`: moby `mergeAndVerifyLogConfig`; what leaks is
 *    the inspect output itself). A value from the environment is not reported: that is where it belongs.
 *  - Kubernetes `metadata.labels` / `metadata.annotations` (of an object and of its pod template), judged by
 *    `metadataSecrets` (rules/util/metadata-secrets.ts: a `kubectl.kubernetes.io/last-applied-configuration` that
 *    embeds a Secret's data or a literal env secret included; Helm `checksum/…` annotations, digests and Secret names
 *    are not secrets), recorded by the Kubernetes ingester with the manifest's objects and masked by it: high.
 * The finding points at the secret's characters (the value, or the password of a URL), which every report masks.
 * R-S (paper §IV.5). No CIS Docker Benchmark 1.6.0 recommendation covers labels or logging options (4.10 is about
 * Dockerfiles), so it maps to none, as BW-0035 does.
 */
import { pointedRange } from './util/pointer.js';
import type { ContainerSpec, Sourced } from '../model/types.js';
import type { SourceFile, SourceRange } from '../model/source.js';
import { logOptionSecret } from '../ingest/daemon/secrets.js';
import { writtenPartRange } from '../ingest/run/log-secrets.js';
import { recordedResources } from '../ingest/kubernetes/resources.js';
import type { Severity } from './types.js';
import { defineRule } from './types.js';
import { fromEngineConfig } from './util/container.js';
import { isPlaceholderValue, isSecretEnv, labelSecret } from './util/secrets.js';

/** How a label or option value reached the container. */
type Written = 'literal' | 'config' | 'variable' | 'unknown';

/**
 * How value `s` of container `c` is given: `config` (inspect output, a live engine), `unknown` (an unresolved
 * variable), `variable` (a Compose `${VAR}` filled in from the environment or `.env`), else `literal`: written in the
 * file, also through a variable the script assigns (`TOKEN=…` then `--log-opt splunk-token=$TOKEN`), as BW-0026 reads
 * `-e NAME` of a variable the script exports.
 */
function writtenHow(c: ContainerSpec, s: Sourced<string>): Written {
  if (fromEngineConfig(c)) return 'config';
  if (s.how === 'unresolved') return 'unknown';
  return s.raw?.includes('$') ? 'variable' : 'literal';
}

const HOW: Record<Written, string> = {
  literal: 'written in the file',
  config: "set in the container's configuration",
  variable: 'filled in from a variable',
  unknown: 'filled in from a variable',
};

/**
 * The range of the secret's characters `part` of `s` when the value is written literally inside its origin in `src`
 * (a Compose `$` written `$$` included: {@link writtenPartRange}), else `undefined`: the finding then points at the setting (a value written with escapes, or through a script
 * variable, whose assignment is where the secret's characters are).
 */
function secretAt(s: Sourced<string>, part: { start: number; end: number }, src: SourceFile | undefined): SourceRange | undefined {
  const o = s.origin;
  if (o.kind !== 'file' || !src || o.file !== src.path) return undefined;
  return writtenPartRange(src.text, o, s.value, part);
}

export default defineRule({
  meta: {
    id: 'BW-0046',
    slug: 'secret-in-label-or-log-option',
    title: 'Secret in container labels or logging options',
    severity: 'high',
    attackClasses: ['R-S'],
    requirements: ['R-S'],
    cis: {},
    paper: '§IV.5',
    inputs: ['compose', 'run', 'inspect', 'engine', 'kubernetes'],
    description:
      "Labels are metadata: docker inspect, docker ps --format '{{.Labels}}' and docker events show them to every user of the Docker API, and tools that list containers copy them around; they are never a place for a secret. A logging driver's token or password (splunk-token, a loki-url with user:password@) written in the Compose file or the script is in the repository and its history. Give label secrets to the container as files (Docker/Compose secrets under /run/secrets); take logging credentials from the environment or an untracked .env, or set them once in daemon.json log-opts (a root-only file). Kubernetes labels and annotations are metadata too: kubectl get and describe show them to everyone who may read the object (RBAC on Secrets does not protect them), and kubectl apply copies the whole applied object, a Secret's data included, into the last-applied-configuration annotation. A basic-auth label's password hash (Traefik basicauth.users) is weaker than a plain password (it allows an offline guessing attack, not a login) but is reported too.",
    remediation: {
      compose:
        'logging:\n  driver: splunk\n  options:\n    splunk-token: ${SPLUNK_TOKEN}   # from the environment or an untracked .env\n# labels: remove the secret; give it as a file (secrets: mounted under /run/secrets)',
      run: '--log-opt splunk-token="$SPLUNK_TOKEN"   # from the environment, not written in the script\n# --label: remove the secret; give it as a file (-v "$PWD/secret.txt":/run/secrets/secret:ro)',
      inspect: "# recreate the container without the secret label; rotate a token this output shows if it was shared; limit who can reach the Docker API",
      engine: "# recreate the container without the secret label; limit who can reach the Docker API (docker group, socket permissions)",
      kubernetes:
        '# remove the secret from metadata.labels / metadata.annotations; keep it in a Secret and give it to the pod as a file (secret volume) or env valueFrom.secretKeyRef; apply Secrets with kubectl apply --server-side (no last-applied-configuration copy)',
    },
    breaks: 'Software that reads its secret from a label (rare) must read it from a file instead; a logging driver given its token from a variable works the same.',
    fix: 'manual',
  },
  checkFile(f, ctx) {
    // Kubernetes labels and annotations, as the ingester recorded them with the manifest's objects (a manifest file,
    // or the manifests of a script's heredocs and a Markdown file's fences); other files have none.
    for (const r of recordedResources(f.source) ?? []) {
      for (const s of r.metadataSecrets ?? []) {
        const field = s.path.endsWith('.labels') ? 'label' : 'annotation';
        const what = `${r.kind || 'object'}${r.name ? ` ${r.name}` : ''}`;
        ctx.report({
          message: s.what
            ? `secret in annotation ${s.key} of ${what} (${s.what}, ${s.kind}, written in the file): kubectl apply keeps the applied object there, and get and describe show annotations to everyone who may read the object, unlike a Secret's data`
            : `secret in ${field} ${s.key} of ${what} (${s.kind}, written in the file): kubectl get and describe show ${field}s to everyone who may read the object, unlike a Secret's data`,
          at: s.range,
          severity: 'high',
          data: { in: field, name: s.key, kind: s.kind, path: s.path },
          secretRanges: [s.range],
          fix: s.what
            ? `# apply Secrets with kubectl apply --server-side (no ${s.key} annotation) or remove the annotation (kubectl annotate ${r.kind ? r.kind.toLowerCase() : '<kind>'}${r.name ? ` ${r.name}` : ''} ${s.key}-); keep secret values in a Secret and rotate this one`
            : `# remove the ${field} ${s.key} from ${s.path}; keep the value in a Secret and give it to the pod as a file (secret volume) or through env valueFrom.secretKeyRef`,
        });
      }
    }
  },
  checkContainer(c, ctx) {
    const src = ctx.source;
    for (const [key, v] of Object.entries(c.labels)) {
      const how = writtenHow(c, v);
      // A value not known: a key that names a secret says what it will hold.
      const byName = how === 'unknown' ? isSecretEnv(key) : undefined;
      const sec = how === 'unknown' ? (byName ? { kind: byName.kind, start: 0, end: v.value.length } : undefined) : labelSecret(key, v.value);
      if (!sec) continue;
      // A value from a variable is not in the file: the finding points at the label entry.
      const range = how === 'literal' || how === 'config' ? secretAt(v, sec, src) : undefined;
      const severity: Severity = how === 'literal' || how === 'config' ? 'high' : 'medium';
      const hash = sec.kind === 'password-hash';
      ctx.report({
        message: hash
          ? `credential hash in label ${key} (${sec.kind}, ${HOW[how]}): weaker than a plain password (it allows an offline guessing attack, not a login), but inspect, ps and events show labels to every user of the engine's API`
          : `secret in label ${key} (${sec.kind}, ${HOW[how]}): inspect, ps and events show labels to every user of the engine's API`,
        at: range ? pointedRange(range, v.origin, src?.text) : v,
        severity,
        data: { in: 'label', name: key, kind: sec.kind },
        ...(range ? { secretRanges: [range] } : {}),
        fix:
          hash && BASIC_AUTH_USERS.test(key)
            ? c.source === 'compose' || c.source === 'run'
              ? `# replace the label ${key} with ${key.replace(/users$/i, 'usersfile')}=/run/secrets/${htfile(key)} and give the ${htfile(key)} file as a secret (mounted at /run/secrets/${htfile(key)})`
              : `# recreate the container with ${key.replace(/users$/i, 'usersfile')} (an ${htfile(key)} file mounted from a secret) instead of ${key}; change the passwords if this output was shared`
            : c.source === 'compose'
            ? `# remove the label ${key}; give the secret as a file: secrets: [${secretId(key)}] (mounted at /run/secrets/${secretId(key)})`
            : c.source === 'run'
              ? `# remove --label ${key}=…; give the secret as a file: -v "$PWD/${secretId(key)}.txt":/run/secrets/${secretId(key)}:ro`
              : `# recreate the container without the label ${key}; rotate the secret if this output was shared`,
      });
    }
    for (const [key, v] of Object.entries(c.logging?.options ?? {})) {
      const how = writtenHow(c, v);
      if (how !== 'literal' && how !== 'config') continue;
      const sec = logOptionSecret(key, v.value);
      if (!sec || isPlaceholderValue(v.value.slice(sec.start, sec.end))) continue;
      const range = secretAt(v, sec, src);
      const variable = key.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
      ctx.report({
        message:
          how === 'literal'
            ? `secret in logging option ${key} (${sec.kind}, written in the file): it is in the repository and its history, and inspect shows it to every user of the engine's API`
            : `secret in logging option ${key} (${sec.kind}, set in the container's configuration): inspect shows the container's logging options to every user of the engine's API`,
        at: range ? pointedRange(range, v.origin, src?.text) : v,
        severity: how === 'literal' ? 'high' : 'medium',
        data: { in: 'log-opt', name: key, kind: sec.kind },
        ...(range ? { secretRanges: [range] } : {}),
        fix:
          c.source === 'compose'
            ? sec.kind === 'url-credentials'
              ? `${key}: https://\${LOG_USER}:\${LOG_PASSWORD}@…   # the credentials from the environment or an untracked .env`
              : `${key}: \${${variable}}   # from the environment or an untracked .env; or once in /etc/docker/daemon.json "log-opts"`
            : c.source === 'run'
              ? `--log-opt ${key}="$${variable}"   # from the environment, not written in the script; or once in /etc/docker/daemon.json "log-opts"`
              : `# rotate the ${key} value if this output was shared; limit who can reach the Docker API (docker group, socket permissions)`,
      });
    }
  },
});

/**
 * Traefik's basic- and digest-auth users labels (`traefik.http.middlewares.<name>.basicauth.users`,
 * `….digestauth.users`), each with a `usersfile` twin (Traefik docs "BasicAuth", "DigestAuth").
 */
const BASIC_AUTH_USERS = /(?:^|\.)(?:basic|digest)auth\.users$/i;

/** The users file a Traefik auth middleware reads: htdigest(1)'s for digest auth, htpasswd(1)'s for basic auth. */
const htfile = (key: string) => (/digestauth/i.test(key) ? 'htdigest' : 'htpasswd');

/** A secret name for the fix, from a label key (`com.example.db_password` → `db_password`). */
function secretId(key: string): string {
  const last = key.split(/[./]/).filter(Boolean).pop() ?? key;
  return last.toLowerCase().replace(/[^a-z0-9_.-]/g, '_') || 'secret';
}
