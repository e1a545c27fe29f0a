/**
 * QA round 11 (`docker run` lines of self-hosted apps' READMEs and deploy scripts). Exact rule ids, targets,
 * lines and columns through `auditSources` (R-B, R-S, R-G14: nothing a script or README starts may be lost to
 * how it writes the command line).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { SourceFile } from '../../model/source.js';
import { ingestShell } from './index.js';

async function run(path: string, text: string, ids: string[]) {
  const res = await auditSources([{ path, text }], { env: {} });
  return {
    errors: res.errors.map((e) => `${e.line}:${e.column} ${e.message}`),
    findings: res.findings.filter((f) => ids.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.target?.name} ${f.location.startLine}:${f.location.startColumn} ${f.certainty}`),
  };
}

describe("linuxserver.io's `` `#optional` `` markers", () => {
  it('an empty backtick substitution gives no word: the flags after it and the image are still read', async () => {
    const text = [
      '```bash',
      'docker run -d \\',
      '  --name=wireguard \\',
      '  --cap-add=NET_ADMIN \\',
      '  --cap-add=SYS_MODULE `#optional` \\',
      '  -e PEERS=1 `#optional` \\',
      '  -v /lib/modules:/lib/modules `#optional` \\',
      '  --device=/dev/dri:/dev/dri `#optional` \\',
      '  --restart unless-stopped \\',
      '  lscr.io/linuxserver/wireguard:1.0.20210914',
      '```',
      '',
    ].join('\n');
    expect(await run('README.md', text, ['BW-0002', 'BW-0011', 'BW-0025', 'BW-0027', 'BW-0030'])).toEqual({
      errors: [],
      findings: [
        'BW-0002 wireguard 4:3 definite',
        'BW-0002 wireguard 5:3 definite',
        'BW-0011 wireguard 7:3 definite',
        'BW-0025 wireguard 8:3 definite',
        'BW-0030 wireguard 9:3 definite',
        'BW-0027 wireguard 10:3 definite',
      ],
    });
  });
});

describe('`xargs docker run`', () => {
  it('xargs appends the image from its input: no usage error, and the flags written are still audited', async () => {
    const text = ['#!/bin/sh', 'echo nginx:1.25 | xargs docker run -d --name from-xargs --privileged', 'docker run -d', ''].join('\n');
    expect(await run('start.sh', text, ['BW-0001', 'BW-0027'])).toEqual({
      errors: ['3:1 "docker run" requires at least 1 argument: the image'],
      findings: ['BW-0001 from-xargs 2:57 definite'],
    });
  });
});

describe('arrays of `docker run` options with variables in them', () => {
  it('an element with an expansion is kept unresolved: the other elements still count, and `+=(…)` appends', async () => {
    const text = [
      '#!/usr/bin/env bash',
      'NAME=app',
      'args=(',
      '  --name "$NAME"',
      '  -d --read-only --cap-drop ALL',
      '  -e DATABASE_PASSWORD="$DB_PASS"',
      ')',
      'args+=(--security-opt no-new-privileges --user "$APP_UID")',
      'docker run "${args[@]}" myorg/app:1.4.2',
      '',
    ].join('\n');
    expect(await run('run.sh', text, ['BW-0003', 'BW-0004', 'BW-0006', 'BW-0007', 'BW-0026', 'BW-0027'])).toEqual({
      errors: [],
      findings: ['BW-0004 app 9:12 unknown', 'BW-0026 app 9:12 definite', 'BW-0027 app 9:25 definite'],
    });
  });
});

describe('`ssh host docker run …` without quotes', () => {
  it('the remote command is the words as written: its container is audited', async () => {
    const text = ['#!/bin/sh', 'ssh -p 2222 deploy@example.com docker run -d --name remote \\', '  -v /:/host alpine:3.19', ''].join('\n');
    expect(await run('deploy.sh', text, ['BW-0011', 'BW-0027'])).toEqual({
      errors: [],
      findings: ['BW-0011 remote 3:3 definite', 'BW-0027 remote 3:14 definite'],
    });
  });
});

describe('a secret passed through a variable whose name says nothing', () => {
  it("`local pw=\"…\"` then `-e POSTGRES_PASSWORD=\"$pw\"`: the assignment's value is masked, other values are not", async () => {
    const text = ['run_db() {', '  local pw="S3cure!pass" dir=/srv/db', '  docker run -d --name db -e POSTGRES_PASSWORD="$pw" -v "$dir":/data postgres:16', '}', 'run_db', ''].join('\n');
    const r = await ingestShell(new SourceFile('start.sh', text), { env: {}, readFile: async () => undefined });
    const masked = (r.secretRanges ?? []).map((x) => text.slice(x.start, x.end));
    expect(masked).toEqual(['S3cure!pass']);
    expect(await run('start.sh', text, ['BW-0026'])).toEqual({ errors: [], findings: ['BW-0026 db 3:27 definite'] });
  });
});

describe('`podman run --pod NAME`', () => {
  it("joins the pod's network namespace: no default-bridge finding; `--pod new:x` and no --pod still get one", async () => {
    const text = [
      'podman pod create --name mypod -p 8080:80',
      'podman run -d --name web --pod mypod docker.io/library/nginx:1.25',
      'podman run -d --name fresh --pod new:other docker.io/library/nginx:1.25',
      'podman run -d --name alone docker.io/library/nginx:1.25',
      '',
    ].join('\n');
    expect(await run('pod.sh', text, ['BW-0038'])).toEqual({ errors: [], findings: ['BW-0038 fresh 3:1 definite', 'BW-0038 alone 4:1 definite'] });
  });
});
