/**
 * Issue 4 "Idempotent" and "a new audit of the output shows no finding that a fix exists for": over every
 * Compose file, run-line script / Markdown and Dockerfile of the shared corpus and examples/, with the safe
 * fixes and with --unsafe-fixes; then the same over generated Compose files (fast-check).
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixableFindings, hardenText } from '../../src/harden/index.js';
import { HARDEN_INPUTS } from './inputs.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe.each([false, true])('harden over the corpus and examples (unsafe fixes: %s)', (unsafe) => {
  it.each(HARDEN_INPUTS.map((f) => [relative(ROOT, f), f]))('%s: idempotent, and no fixable finding left', async (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const r = await hardenText({ path: file, text }, { unsafe });
    expect(r.errors.filter((e) => e.code === 'parse')).toEqual([]);
    const again = await hardenText({ path: file, text: r.output }, { unsafe });
    expect(again.changes).toEqual([]);
    expect(again.output).toBe(r.output);
    const left = await fixableFindings({ path: file, text: r.output }, { unsafe });
    expect(left.map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.target.name} ${f.ruleId} ${f.message}`)).toEqual([]);
    expect(r.notes).toEqual([]);
  });

  it('changes every input except those with no fix at this level', async () => {
    const unchanged = [];
    for (const file of HARDEN_INPUTS) {
      const text = readFileSync(file, 'utf8');
      const r = await hardenText({ path: file, text }, { unsafe });
      if (r.output === text) unchanged.push(relative(ROOT, file).replace(/^.*shared\/corpus\//, 'corpus/'));
    }
    // Dockerfile fixes are all unsafe; the distroless :nonroot image needs none.
    expect(unchanged.sort()).toEqual(unsafe ? UNCHANGED_UNSAFE : UNCHANGED_SAFE);
  });
});

const UNCHANGED_UNSAFE = ['corpus/dockerfile/kubebuilder-distroless-nonroot-multistage.Dockerfile'];
const UNCHANGED_SAFE = [
  // Hardened by its authors: only the (unsafe) user fix is left.
  'corpus/compose/fieldguide-traefik-dockersock-ro.yml',
  'corpus/dockerfile/heredoc-copy-script-no-user.Dockerfile',
  'corpus/dockerfile/jenkins-agent-chrome-sandbox-suid-4755.Dockerfile',
  'corpus/dockerfile/kubebuilder-distroless-nonroot-multistage.Dockerfile',
  'corpus/dockerfile/s3-namegrabber-arg-to-env-aws-keys.Dockerfile',
  'examples/shop/app/Dockerfile',
];

/** A generated Compose service: for each key at most one spelling (block or flow, with comments), or none. */
const choice = (...xs: string[]) => fc.option(fc.constantFrom(...xs), { nil: '' });
const settings = fc.tuple(
  choice('    privileged: true\n'),
  choice('    cap_add: [SYS_ADMIN]\n', '    cap_add:\n      - NET_ADMIN   # vpn\n'),
  choice('    cap_drop: [MKNOD]\n', '    cap_drop:\n    - SETUID\n'),
  choice('    security_opt:\n      - seccomp:unconfined\n', '    security_opt: ["apparmor=unconfined", "no-new-privileges:false"]\n', '    security_opt:\n      - label:disable\n      - systempaths=unconfined\n'),
  choice(
    '    volumes:\n      - /etc:/host/etc\n      - /var/run/docker.sock:/var/run/docker.sock\n',
    '    volumes:\n      - type: bind\n        source: /proc\n        target: /p\n',
    "    volumes: ['/root:/r', './data:/data']\n",
  ),
  choice('    user: root\n', '    user: "1000"\n'),
  choice('    read_only: false\n'),
  choice('    tmpfs: /run\n', '    tmpfs:\n      - /tmp\n'),
  choice('    pids_limit: 0\n', '    pids_limit: 50\n'),
  choice('    mem_limit: 1g\n'),
  choice('    # a comment line\n', '\n'),
);
const service = fc.tuple(fc.constantFrom('web', 'db', 'cache', 'job'), settings, fc.boolean());
const composeFile = fc.uniqueArray(service, { minLength: 1, maxLength: 3, selector: (s) => s[0] }).map(
  (services) => `# generated\nservices:\n${services.map(([name, set, imageLast]) => `  ${name}:\n${imageLast ? '' : '    image: busybox:1.36\n'}${set.join('')}${imageLast ? '    image: busybox:1.36\n' : ''}`).join('\n')}`,
);

describe('harden over generated Compose files (property)', () => {
  it.each([false, true])('idempotent and leaves no fixable finding (unsafe fixes: %s)', async (unsafe) => {
    await fc.assert(
      fc.asyncProperty(composeFile, async (text) => {
        const r = await hardenText({ path: 'compose.yaml', text }, { unsafe });
        expect(r.errors).toEqual([]);
        const again = await hardenText({ path: 'compose.yaml', text: r.output }, { unsafe });
        expect(again.output).toBe(r.output);
        expect((await fixableFindings({ path: 'compose.yaml', text: r.output }, { unsafe })).map((f) => `${f.ruleId} ${f.message}`)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});

/** A generated `docker run` line: flags from a pool, one per line with `\` continuations or all on one line. */
const runFlag = fc.constantFrom(
  '--privileged',
  '--cap-add SYS_ADMIN',
  '--cap-add=NET_ADMIN',
  '--cap-drop MKNOD',
  '--security-opt seccomp=unconfined',
  '--security-opt apparmor:unconfined',
  '--security-opt label=disable',
  '--security-opt no-new-privileges=false',
  '-v /etc:/host/etc',
  '-v /var/run/docker.sock:/var/run/docker.sock:ro',
  '--volume=/proc:/p:rw',
  '--mount type=bind,src=/root,dst=/r',
  '-u 0',
  '--user=root',
  '--read-only=false',
  '--pids-limit -1',
  '-m 1g',
  '--name job',
  '-e MODE=fast',
  '-p 8080:80',
  '--rm',
  '-d',
);
const runScript = fc
  .tuple(fc.uniqueArray(runFlag, { maxLength: 7 }), fc.boolean(), fc.constantFrom('', 'sudo ', 'exec '))
  .filter(([flags]) => flags.filter((f) => /^(-u |--user=)/.test(f)).length <= 1)
  .map(([flags, continued, prefix]) => {
    const sep = continued ? ' \\\n    ' : ' ';
    return `#!/bin/sh\nset -e\n${prefix}docker run${flags.length ? sep + flags.join(sep) : ''}${sep}busybox:1.36 sh -c 'echo ok'\n`;
  });

describe('harden over generated run lines (property)', () => {
  it.each([false, true])('idempotent and leaves no fixable finding (unsafe fixes: %s)', async (unsafe) => {
    await fc.assert(
      fc.asyncProperty(runScript, async (text) => {
        const r = await hardenText({ path: 'run.sh', text }, { unsafe });
        const again = await hardenText({ path: 'run.sh', text: r.output }, { unsafe });
        expect(again.output).toBe(r.output);
        expect(r.notes).toEqual([]);
        expect((await fixableFindings({ path: 'run.sh', text: r.output }, { unsafe })).map((f) => `${f.ruleId} ${f.message}`)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
