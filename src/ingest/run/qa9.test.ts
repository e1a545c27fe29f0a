/**
 * QA round 9 (install and wrapper scripts): empty and conditionally assigned variables in a `docker run`
 * line, and get.docker.com's `$sh_c "…"` helper. Exact rule ids, targets, lines and columns through
 * `auditSources` (R-B, R-G14: nothing a script starts may be lost to how it builds the command line).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

async function run(text: string, ids: string[]) {
  const res = await auditSources([{ path: 'install.sh', text }], { env: {} });
  return {
    errors: res.errors.map((e) => `${e.line}:${e.column} ${e.message}`),
    findings: res.findings.filter((f) => ids.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.target?.name} ${f.location.startLine}:${f.location.startColumn} ${f.certainty}`),
  };
}

describe('variables that expand to nothing or depend on a condition', () => {
  it('`$TTY_FLAG` set to "" gives no word: the image is still read and the socket mount after it is reported', async () => {
    const text = ['#!/bin/sh', 'TTY_FLAG=""', 'docker run --rm -i $TTY_FLAG \\', '  -v /var/run/docker.sock:/var/run/docker.sock \\', '  example/cli:2.3.1 "$@"', ''].join('\n');
    expect(await run(text, ['BW-0013', 'BW-0027'])).toEqual({
      errors: [],
      findings: ['BW-0013 example/cli:2.3.1 4:3 definite', 'BW-0027 example/cli:2.3.1 5:3 definite'],
    });
  });

  it('a variable assigned again under `if`/`case` is unknown after it: `$EXTRA_ARGS` holds options, not the image', async () => {
    const text = [
      '#!/bin/sh',
      'EXTRA_ARGS=""',
      'case "$1" in',
      '  --privileged) EXTRA_ARGS="--privileged" ;;',
      'esac',
      'docker run -d --name agent $EXTRA_ARGS \\',
      '  -v /var/run/docker.sock:/var/run/docker.sock \\',
      '  example/agent:1.0',
      '',
    ].join('\n');
    expect(await run(text, ['BW-0013', 'BW-0027'])).toEqual({
      errors: [],
      findings: ['BW-0013 agent 7:3 definite', 'BW-0027 agent 8:3 definite'],
    });
  });

  it('a top-level literal used before the conditional assignment keeps its value; after it the value is unknown', async () => {
    const text = ['NET=host', 'docker run -d --name a --network $NET nginx:1.27', 'if [ -n "$ISOLATE" ]; then NET=none; fi', 'docker run -d --name b --network $NET nginx:1.27', ''].join('\n');
    expect(await run(text, ['BW-0015'])).toEqual({ errors: [], findings: ['BW-0015 a 2:24 definite', 'BW-0015 b 4:24 unknown'] });
  });
});

describe("get.docker.com's `$sh_c` helper", () => {
  it('`sh_c=\'sh -c\'` (then sudo or echo under conditions) and `$sh_c "docker run …"` starts the container in the string', async () => {
    const text = [
      '#!/bin/sh',
      "sh_c='sh -c'",
      'if [ "$(id -un)" != root ]; then',
      "\tsh_c='sudo -E sh -c'",
      'fi',
      'if [ -n "$DRY_RUN" ]; then sh_c="echo"; fi',
      'VERSION=v1.8.2',
      '$sh_c "docker run -d --name node-exporter --net=host --pid=host -v /:/host:ro,rslave quay.io/prometheus/node-exporter:$VERSION"',
      '$sh_c \'apt-get update -qq >/dev/null\'',
      '',
    ].join('\n');
    expect(await run(text, ['BW-0015', 'BW-0016', 'BW-0011'])).toEqual({
      errors: [],
      findings: ['BW-0015 node-exporter 8:43 definite', 'BW-0016 node-exporter 8:54 definite', 'BW-0011 node-exporter 8:65 definite'],
    });
  });

  it('a variable that never holds a shell does not make its argument a script', async () => {
    const text = ['#!/bin/sh', 'say="echo"', '$say "docker run -d --name printed --privileged example/thing"', ''].join('\n');
    expect(await run(text, ['BW-0001'])).toEqual({ errors: [], findings: [] });
  });
});

describe('htpasswd in batch mode: the password on the command line is masked', () => {
  it('`--entrypoint htpasswd httpd:2 -Bbn testuser testpassword` and `htpasswd -b file user pw` never show the password', async () => {
    const text = [
      '#!/bin/sh',
      'docker run --rm --entrypoint htpasswd httpd:2 -Bbn testuser testpassword > auth/htpasswd',
      'docker run --rm -v "$PWD/auth:/auth" httpd:2.4-alpine htpasswd -cbB /auth/htpasswd admin "S3cretAdm1n" && echo ok',
      '',
    ].join('\n');
    const res = await auditSources([{ path: 'registry.sh', text }], { env: {} });
    const { renderText } = await import('../../report/text.js');
    const out = String(renderText(res, { color: false }));
    expect(res.findings.filter((f) => f.location.startLine === 2).length).toBeGreaterThan(3);
    expect(out).toContain('-Bbn testuser ************');
    expect(out).toContain('htpasswd -cbB /auth/htpasswd admin "***********"');
    expect(out).not.toContain('testpassword');
    expect(out).not.toContain('S3cretAdm1n');
  });
});

describe('a stack started through a helper function', () => {
  it('`run_service worker --cap-add SYS_ADMIN -v …sock… img` into `local svc=$1; shift; docker run … "$@"`: findings at the call', async () => {
    const text = [
      '#!/usr/bin/env bash',
      'readonly APP_NAME=shop',
      'declare -a COMMON=(--restart unless-stopped --network shop-net)',
      'DOCKER=${DOCKER:-docker}',
      'run_service() {',
      '\tlocal svc="$1"; shift',
      '\t$DOCKER run -d --name "${APP_NAME}-${svc}" "${COMMON[@]}" "$@"',
      '}',
      'run_service redis redis:7.4-alpine',
      'run_service worker --cap-add SYS_ADMIN -v /var/run/docker.sock:/var/run/docker.sock shop/worker:2.0',
      'run_service api -e JWT_SECRET="dev-jwt-secret-123456" -p 8080:8080 shop/api:2.0',
      '',
    ].join('\n');
    const res = await auditSources([{ path: 'stack.sh', text }], { env: {} });
    expect(res.errors).toEqual([]);
    const got = res.findings
      .filter((f) => ['BW-0002', 'BW-0013', 'BW-0026', 'BW-0027', 'BW-0030', 'BW-0038', 'BW-0004'].includes(f.ruleId))
      .map((f) => `${f.ruleId} ${f.target?.name} ${f.location.startLine}:${f.location.startColumn} ${f.certainty}`);
    expect(got).toEqual([
      'BW-0004 shop-redis 7:2 unknown',
      'BW-0004 shop-worker 7:2 unknown',
      'BW-0004 shop-api 7:2 unknown',
      'BW-0030 shop-redis 7:45 definite',
      'BW-0030 shop-worker 7:45 definite',
      'BW-0030 shop-api 7:45 definite',
      'BW-0027 shop-redis 9:19 definite',
      'BW-0002 shop-worker 10:20 definite',
      'BW-0013 shop-worker 10:40 definite',
      'BW-0027 shop-worker 10:85 definite',
      'BW-0026 shop-api 11:17 definite',
      'BW-0027 shop-api 11:68 definite',
    ]);
    const { renderText } = await import('../../report/text.js');
    expect(String(renderText(res, { color: false }))).not.toContain('dev-jwt-secret-123456');
  });
});

describe('a line continuation followed by blanks', () => {
  it('`\\ ` + blanks at a line end continues the command (README slip): the image is not a lone space', async () => {
    const text = ['#!/bin/sh', 'docker run -d \\ ', '  --name trailing \\  ', '  --privileged \\', '  -v /var/run/docker.sock:/var/run/docker.sock \\\t', '  nginx:1.27', 'echo a\\ ', ''].join('\n');
    expect(await run(text, ['BW-0001', 'BW-0013', 'BW-0027'])).toEqual({
      errors: [],
      findings: ['BW-0001 trailing 4:3 definite', 'BW-0013 trailing 5:3 definite', 'BW-0027 trailing 6:3 definite'],
    });
  });

  it('the same in a Markdown fence with CRLF line ends', async () => {
    const text = ['# x', '```bash', 'docker run -d \\ ', '  --name crlf \\  ', '  --pid=host \\', '  nginx:1.27', '```', ''].join('\r\n');
    const res = await auditSources([{ path: 'README.md', text }], { env: {} });
    expect(res.errors).toEqual([]);
    expect(res.findings.filter((f) => ['BW-0016', 'BW-0027'].includes(f.ruleId)).map((f) => `${f.ruleId} ${f.target?.name} ${f.location.startLine}:${f.location.startColumn}`)).toEqual([
      'BW-0016 crlf 5:3',
      'BW-0027 crlf 6:3',
    ]);
  });
});

describe('NAME=${NAME:-default}', () => {
  it('is the default when nothing else sets NAME, and stays unknown after `read NAME`', async () => {
    const text = [
      '#!/bin/sh',
      'IMAGE="${IMAGE:-ghcr.io/example/cli:2.3.1}"',
      'read -r -p "Data directory [/srv/app]: " DATA_DIR',
      'DATA_DIR=${DATA_DIR:-/srv/app}',
      'docker run -d --name app --mount type=bind,source="$DATA_DIR",target=/data -v /etc:/host-etc:ro "$IMAGE"',
      '',
    ].join('\n');
    const res = await auditSources([{ path: 'install.sh', text }], { env: {} });
    expect(res.errors).toEqual([]);
    const got = res.findings.filter((f) => ['BW-0011', 'BW-0012', 'BW-0027'].includes(f.ruleId)).map((f) => [f.ruleId, f.data?.path ?? f.data?.image, f.certainty, f.location.startColumn]);
    expect(got).toEqual([
      ['BW-0011', '$DATA_DIR', 'unknown', 26],
      ['BW-0011', '/etc', 'definite', 76],
      ['BW-0027', 'ghcr.io/example/cli:2.3.1', 'definite', 97],
    ]);
  });
});
