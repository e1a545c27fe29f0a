/**
 * `bulwark pin` (R-G1, issue 7): references in Compose files, Dockerfiles and run lines pinned to the
 * manifest digests of a verified archive; comments and layout kept; diff by default, --write atomically;
 * unknown images reported with exit 1. (Digests from an engine: test/verify/engine.test.ts.)
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { archiveResolver, normalizeRef, pinFile } from '../../src/verify/pin.js';
import { craftImage, tarOf } from './craft.js';

describe('normalizeRef', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx', 'latest'],
    ['nginx:1.27', 'docker.io/library/nginx', '1.27'],
    ['bw/app:1', 'docker.io/bw/app', '1'],
    ['docker.io/bw/app:1', 'docker.io/bw/app', '1'],
    ['index.docker.io/library/redis:7', 'docker.io/library/redis', '7'],
    ['localhost:5000/team/app', 'localhost:5000/team/app', 'latest'],
    ['ghcr.io/o/r:v2', 'ghcr.io/o/r', 'v2'],
  ])('%s', (ref, repo, tag) => {
    expect(normalizeRef(ref)).toEqual({ repo, tag, digest: undefined });
  });
});

const dir = mkdtempSync(join(tmpdir(), 'bw-pin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COMPOSE = [
  '# the app',
  'services:',
  '  web:',
  '    image: "bw/app:1"   # keep this comment',
  '    user: "10001"',
  '  db:',
  '    image: postgres:16',
  '  cache:',
  '    image: ${CACHE_IMAGE:-redis:7}',
  '',
].join('\n');
const DOCKERFILE = 'FROM bw/app:1 AS build\nRUN make\nFROM build\nFROM scratch\nCOPY --from=build /out /\n';
const SCRIPT = '#!/bin/sh\nset -e\ndocker run --rm --network none bw/app:1 true\n';

async function fixture() {
  const c = await craftImage({ layers: [{ entries: [{ name: 'a', content: 'a' }] }], format: 'both', tag: 'bw/app:1' });
  const archive = join(dir, 'app.tar');
  writeFileSync(archive, await tarOf(c.files));
  writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
  writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
  writeFileSync(join(dir, 'run.sh'), SCRIPT);
  chmodSync(join(dir, 'run.sh'), 0o755);
  return { archive, digest: c.manifestDigest };
}

describe('pinFile with an archive resolver', () => {
  it('pins the Compose reference in place, keeps comments and quotes, skips variables, reports unknown images', async () => {
    const { archive, digest } = await fixture();
    const r = await pinFile(join(dir, 'compose.yaml'), await archiveResolver([archive]));
    expect(r.after).toBe(COMPOSE.replace('"bw/app:1"', `"bw/app:1@${digest}"`));
    expect(r.edits.map((e) => [e.line, e.column, e.ref, e.pinned ?? null, e.skipped ?? null])).toEqual([
      [4, 12, 'bw/app:1', `bw/app:1@${digest}`, null],
      [7, 12, 'postgres:16', null, 'image not found'],
      [9, 12, 'redis:7', null, 'depends on a variable'],
    ]);
  });

  it('pins FROM of a Dockerfile but not a stage or scratch', async () => {
    const { archive, digest } = await fixture();
    const r = await pinFile(join(dir, 'Dockerfile'), await archiveResolver([archive]));
    expect(r.after).toBe(DOCKERFILE.replace('FROM bw/app:1 AS', `FROM bw/app:1@${digest} AS`));
    expect(r.edits.map((e) => [e.line, e.ref, e.skipped ?? 'pinned'])).toEqual([[1, 'bw/app:1', 'pinned'], [3, 'build', 'an earlier build stage'], [4, 'scratch', 'scratch']]);
  });

  it('a legacy docker save archive has no digest to pin to', async () => {
    const c = await craftImage({ layers: [{ entries: [{ name: 'a', content: 'a' }] }], format: 'docker', tag: 'bw/app:1' });
    const legacy = join(dir, 'legacy.tar');
    writeFileSync(legacy, await tarOf(c.files));
    writeFileSync(join(dir, 'Dockerfile.legacy'), 'FROM bw/app:1\n');
    const r = await pinFile(join(dir, 'Dockerfile.legacy'), await archiveResolver([legacy]), 'dockerfile');
    expect(r.after).toBe('FROM bw/app:1\n');
    expect(r.edits[0].skipped).toBe(`${legacy} is a legacy docker save archive: it has no manifest digest to pin to (image ID ${c.configDigest})`);
  });
});

describe('bulwark pin (built CLI)', () => {
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [resolve('dist/cli.js'), 'pin', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('prints a diff and changes nothing by default; exit 1 for an unknown image', async () => {
    const { archive, digest } = await fixture();
    const compose = join(dir, 'compose.yaml');
    const r = run([compose, join(dir, 'run.sh'), '--archive', archive]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        // The same unified diff as harden prints (3 lines of context; absolute paths without a/ b/).
        `--- ${compose}`,
        `+++ ${compose}`,
        '@@ -1,7 +1,7 @@',
        ' # the app',
        ' services:',
        '   web:',
        '-    image: "bw/app:1"   # keep this comment',
        `+    image: "bw/app:1@${digest}"   # keep this comment`,
        '     user: "10001"',
        '   db:',
        '     image: postgres:16',
        `--- ${join(dir, 'run.sh')}`,
        `+++ ${join(dir, 'run.sh')}`,
        '@@ -1,3 +1,3 @@',
        ' #!/bin/sh',
        ' set -e',
        '-docker run --rm --network none bw/app:1 true',
        `+docker run --rm --network none bw/app:1@${digest} true`,
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe(`bulwark: ${compose}:7:12: postgres:16: not pinned: image not found\n`);
    expect(readFileSync(compose, 'utf8')).toBe(COMPOSE);
  });

  it('--write rewrites atomically and keeps the file mode', async () => {
    const { archive, digest } = await fixture();
    const script = join(dir, 'run.sh');
    const r = run([script, join(dir, 'Dockerfile'), '--archive', archive, '--write']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('bulwark: pinned 2 references in 2 file(s)\n');
    expect(readFileSync(script, 'utf8')).toBe(SCRIPT.replace('bw/app:1', `bw/app:1@${digest}`));
    expect(statSync(script).mode & 0o777).toBe(0o755);
    expect(run([script, '--archive', archive])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('an archive that does not verify is an input error', async () => {
    const p = join(dir, 'junk.tar');
    writeFileSync(p, Buffer.alloc(1024));
    expect(run([join(dir, 'Dockerfile'), '--archive', p])).toEqual({ code: 2, stdout: '', stderr: `bulwark: ${p}: empty archive (no entries)\n` });
  });
});

describe('an already-pinned reference (adversarial review)', () => {
  it('is left alone when its digest is the archive\'s, and noted when the archive has another digest for the name', async () => {
    const { archive, digest } = await fixture();
    const stale = `sha256:${'0'.repeat(64)}`;
    const f = join(dir, 'pinned.Dockerfile');
    writeFileSync(f, `FROM bw/app:1@${digest}\nFROM bw/app:1@${stale}\n`);
    const r = await pinFile(f, await archiveResolver([archive]), 'dockerfile');
    expect(r.edits.map((e) => [e.line, e.skipped])).toEqual([
      [1, 'already pinned'],
      [2, `already pinned to ${stale}, but ${archive} has ${digest}`],
    ]);
    expect(r.after).toBe(r.before);
  });
});

describe('a file that starts with a byte order mark (adversarial review)', () => {
  it('is pinned in place with its BOM and CRLF line ends kept (Dockerfile offsets were one off, Compose was not recognised)', async () => {
    const { archive, digest } = await fixture();
    const resolve = await archiveResolver([archive]);
    const df = join(dir, 'bom.Dockerfile');
    writeFileSync(df, '\uFEFFFROM bw/app:1\r\nRUN true\r\n');
    const d = await pinFile(df, resolve);
    expect(d.edits.map((e) => [e.line, e.column, e.pinned, e.skipped])).toEqual([[1, 6, `bw/app:1@${digest}`, undefined]]);
    expect(d.after).toBe(`\uFEFFFROM bw/app:1@${digest}\r\nRUN true\r\n`);
    const cy = join(dir, 'bom-compose.yaml');
    writeFileSync(cy, '\uFEFFservices:\r\n  web:\r\n    image: bw/app:1 # c\r\n');
    const c = await pinFile(cy, resolve);
    expect(c.kind).toBe('compose');
    expect(c.after).toBe(`\uFEFFservices:\r\n  web:\r\n    image: bw/app:1@${digest} # c\r\n`);
  });
});
