/**
 * BW-0035 secret-in-command: a secret written in the container's command line — its `command` / `entrypoint`
 * (Compose), the words after the image (`docker run`), `args` / `command` (Kubernetes), `Config.Cmd` /
 * `Entrypoint` (inspect), the health check's command (`--health-cmd`, `healthcheck.test`) or a lifecycle hook /
 * `docker exec` line: Redis `--requirepass pw`, `--password=pw`, `-Dspring.datasource.password=pw`, `mysql -ppw`,
 * `htpasswd -Bbn user pw`, `curl -u user:pw`, `curl -H "PRIVATE-TOKEN: …"`, provider tokens; the command of a single-tool
 * image (`curlimages/curl -u user:pw …`) or of `--entrypoint curl` is read as that program's arguments. The words are found by the classifier the ingesters use to mask them
 * (util/command-secrets.ts). R-S (paper §IV.5); no CIS Docker Benchmark 1.6.0 recommendation covers command
 * lines (4.10 is about Dockerfiles, 5.x about runtime settings), so it maps to none. Each finding's fix names the
 * program the secret is given to and the way that program reads it from a file (util/command-secrets.ts `secretFix`);
 * the rule's remediation is the Redis example.
 *
 * A program's arguments are less private than its environment: every process of the host that can list
 * processes (`ps`, `/proc/<pid>/cmdline`, world-readable by default) sees them, as does `docker inspect` (`Args`,
 * `Config.Cmd`) and `kubectl get pod -o yaml`; the value is also in the file and its history. Values are never
 * printed: the finding's range is the secret's characters, which every report masks.
 *
 * A secret filled in from a variable before the program starts is reported too, at the reference, as medium (as
 * BW-0026 grades an environment value filled in from a variable): Compose interpolates `command: redis-server
 * --requirepass ${REDIS_PASSWORD}` when it reads the file, the host shell expands `"$REDIS_PASSWORD"` on a run line,
 * and the kubelet expands `args: [--requirepass, $(REDIS_PASSWORD)]` with the container's variable (from a Secret:
 * the Secret's value), so the program's arguments hold the secret (util/command-secrets.ts `referencedSecrets`).
 */
import { pointedRange } from './util/pointer.js';
import type { Sourced } from '../model/types.js';
import { defineRule } from './types.js';
import { argumentsProgram, healthcheckWords, referencedSecrets, secretFix, secretWords, type ReferenceStyle } from './util/command-secrets.js';
import { ENV_FROM_SOURCES, SECRET_ENV, type EnvFromSource } from '../ingest/kubernetes/pod.js';
import { fromEngineConfig } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0035',
    slug: 'secret-in-command',
    title: 'Secret in the container command line',
    severity: 'high',
    attackClasses: ['R-S'],
    requirements: ['R-S'],
    cis: {},
    paper: '§IV.5',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      "A password or token given as a program argument (redis-server --requirepass, --password=…, -Dspring.datasource.password=…, mysql -p…) is visible to every user of the host through ps and /proc/<pid>/cmdline, to anyone who can run docker inspect or kubectl get pod, in health-check and exec records, and in the file and its version history. A value filled in before the program starts (Compose ${VAR} interpolation, the shell of a docker run line, Kubernetes $(VAR) in args) is in the arguments all the same (medium: not written in the file), and a script's docker login -p <password> shows the registry password the same way (use --password-stdin). Give it to the program as a file instead (Docker/Compose secrets under /run/secrets, a Kubernetes Secret volume) and point the program at the file (redis.conf `requirepass` read from an included file, --password-file, *_FILE variables).",
    remediation: {
      compose:
        'secrets:\n  redis_password:\n    file: ./redis_password.txt\nservices:\n  redis:\n    secrets: [redis_password]\n    command: ["sh", "-c", "exec redis-server --requirepass \\"$$(cat /run/secrets/redis_password)\\""]',
      run: '-v "$PWD/redis_password.txt":/run/secrets/redis_password:ro   # and read it in the container: --requirepass "$(cat /run/secrets/redis_password)" inside sh -c, or a --password-file option',
      kubernetes: 'volumes:\n  - name: redis-password\n    secret:\n      secretName: redis\ncontainers:\n  - volumeMounts:\n      - { name: redis-password, mountPath: /run/secrets/redis, readOnly: true }',
    },
    breaks: 'Programs that only take the secret as an argument need a small wrapper that reads it from the file (sh -c with $(cat …)); the value is then still in the process arguments of that program, but no longer in the file, inspect output or the pod spec.',
    fix: 'manual',
  },
  // A script's `docker login -p <literal>` (docker CLI reference "docker login": `--password`; it recommends
  // `--password-stdin`): the registry password is in the file and in the process list while docker login runs.
  checkFile(f, ctx) {
    for (const h of f.hostSecrets ?? []) {
      if (h.kind !== 'registry-login' || h.valueOrigin.kind !== 'file' || h.valueOrigin.file !== f.source.path) continue;
      const r = { file: h.valueOrigin.file, start: h.valueOrigin.start, end: h.valueOrigin.end };
      ctx.report({
        message: `registry password on a docker login command line (${h.name}, written in the file): every user of the host sees it through ps and /proc/<pid>/cmdline while docker login runs`,
        at: h.valueOrigin,
        data: { in: 'docker login command', tool: 'docker-login' },
        fix: `printf '%s' "$REGISTRY_PASSWORD" | docker login -u <user> --password-stdin <registry>   # the password from the CI's secret store or a file, not written in the script`,
        secretRanges: [r],
      });
    }
  },
  checkContainer(c, ctx) {
    const src = ctx.source;
    if (!src) return;
    const where = fromEngineConfig(c) ? "set in the container's configuration" : 'written in the file';
    const seen = new Set<string>();
    const check = (s: Sourced<string[]> | undefined, what: string, program?: string) => {
      if (!s || s.origin.kind !== 'file' || s.origin.file !== src.path || s.how === 'default') return;
      for (const sw of secretWords(src.path, src.text, s.origin.start, s.origin.end, s.value, program)) {
        const r = sw.range;
        const key = `${r.start}:${r.end}`;
        if (seen.has(key)) continue;
        seen.add(key);
        ctx.report({
          message: `secret in the ${what} (${where}): every user of the host sees it through ps and /proc/<pid>/cmdline, as does ${c.source === 'kubernetes' ? 'kubectl get pod -o yaml' : 'docker inspect'}`,
          at: pointedRange(r, s.origin, src.text),
          // How the secret is given (`curl-user`, `mysql`, `redis-cli`, `htpasswd`, `docker-login`, `mc` …), and the fix for that program.
          data: { in: what, tool: sw.tool },
          fix: secretFix(sw),
          secretRanges: [r],
        });
      }
    };
    // A secret filled in from a variable before the program starts (Compose interpolation, the host shell of a run
    // line, the kubelet's `$(NAME)`): not in the file, but in the program's arguments all the same. Graded as BW-0026
    // grades an environment value filled in from a variable: medium.
    const style: ReferenceStyle | undefined = c.source === 'compose' ? 'compose' : c.source === 'run' ? 'shell' : c.source === 'kubernetes' ? 'kubernetes' : undefined;
    const secretEnv = new Set((c.extra[SECRET_ENV]?.value as string[] | undefined) ?? []);
    const envNames = new Set(c.env.map((e) => e.name));
    // A name no `env` entry defines comes from an `envFrom` source whose keys the file does not show, if from any:
    // a Secret may also hold keys that are no secret (`PORT`), so its option or name decides, as for other variables;
    // when a ConfigMap the file does not hold could give it too, which one does is not known.
    const envFrom = (c.extra[ENV_FROM_SOURCES]?.value as EnvFromSource[] | undefined) ?? [];
    const fromSecret = (name: string) => envFrom.find((x) => x.kind === 'secret' && name.startsWith(x.prefix) && name.length > x.prefix.length);
    const maybeConfigMap = (name: string) => envFrom.some((x) => x.kind === 'configMap' && name.startsWith(x.prefix));
    const defined = (name: string) => (secretEnv.has(name) ? 'secret' : envNames.has(name) || fromSecret(name) ? 'other' : undefined);
    // The words as written (`CommandWords.written`): a reference Compose filled in from `.env` or the environment is
    // the same secret in the arguments as one it could not fill in, reported the same, at the reference.
    const referenced = (s: (Sourced<string[]> & { written?: string[] }) | undefined, what: string) => {
      if (!style || !s || s.origin.kind !== 'file' || s.origin.file !== src.path || s.how === 'default') return;
      // A run line's words are expanded only when some of them is (a single-quoted `'$PW'` is the text `$PW`).
      if (style === 'shell' && s.how !== 'unresolved') return;
      for (const sw of referencedSecrets(src.path, src.text, s.origin.start, s.origin.end, s.written ?? s.value, style, defined)) {
        const r = sw.range;
        const key = `${r.start}:${r.end}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const whole = style === 'kubernetes' && !secretEnv.has(sw.variable) && !envNames.has(sw.variable) ? fromSecret(sw.variable) : undefined;
        const by =
          style === 'compose'
            ? 'by Compose'
            : style === 'shell'
              ? 'by the shell that runs docker'
              : secretEnv.has(sw.variable)
                ? 'from a Secret, by the kubelet'
                : whole
                  ? `from Secret ${whole.name}, which envFrom gives the container whole, by the kubelet`
                  : 'by the kubelet';
        const shown = style === 'kubernetes' ? 'ps and /proc/<pid>/cmdline (kubectl get pod shows only the reference)' : 'ps and /proc/<pid>/cmdline, as does docker inspect';
        ctx.report({
          message: `secret in the ${what}, filled in from variable ${sw.variable} (${by}): every user of the ${style === 'kubernetes' ? 'node' : 'host'} sees it through ${shown}`,
          at: pointedRange(r, s.origin, src.text),
          severity: 'medium',
          // Which envFrom source holds the key is not known when a ConfigMap the file does not hold could too.
          ...(whole && maybeConfigMap(sw.variable) ? { certainty: 'unknown' as const } : {}),
          data: { in: what, tool: sw.tool, variable: sw.variable, kind: 'interpolated' },
          fix: secretFix(sw),
          secretRanges: [r],
        });
      }
    };
    check(c.entrypoint, 'entrypoint');
    // The command's words are the arguments of the entrypoint's program, or of a single-tool image's (`curlimages/curl -u …`).
    check(c.command, 'command', argumentsProgram(c));
    referenced(c.entrypoint, 'entrypoint');
    referenced(c.command, 'command');
    const hc = c.healthcheck;
    if (hc?.value.test) check({ value: healthcheckWords(hc.value), origin: hc.origin, how: hc.how }, 'health check command');
    for (const x of c.execs ?? []) check(x.command, x.kind === 'exec' || x.kind === 'docker-exec' ? 'docker exec command' : x.kind === 'compose-exec' ? 'docker compose exec command' : x.kind === 'probe' ? 'probe command' : 'lifecycle hook command');
    // Compose interpolates the health check's test too; the kubelet expands `$(NAME)` only in `command` and `args`.
    if (style !== 'kubernetes' && hc?.value.test) referenced({ value: hc.value.testWritten !== undefined ? hc.value.testWritten.split(/\s+/).filter((w) => w !== '') : healthcheckWords(hc.value), origin: hc.origin, how: hc.how }, 'health check command');
  },
});
