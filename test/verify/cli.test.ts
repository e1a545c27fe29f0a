/**
 * `bulwark verify` as users run it (the built dist/cli.js): exit codes (0 verified, 1 verification /
 * signature / unpack failure, 2 unusable input or usage) with one-line errors, the text / json / sarif
 * reports, stdin, --unpack, --output, and cosign signatures made in the test with a fresh P-256 key pair
 * (issue 7; paper §IV.4; R-P, CIS 1.6.0 4.5).
 */
import { spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { craftImage, fileOf, hex, sha256, tarOf, type LayerSpec } from './craft.js';

const CLI = resolve('dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'bw-verify-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], input?: Buffer) {
  const r = spawnSync(process.execPath, [CLI, 'verify', ...args], { input: input ?? '', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' }, maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

const LAYERS: LayerSpec[] = [
  { entries: [{ name: 'bin/', type: 'directory' }, { name: 'bin/sh', content: '#!', mode: 0o755 }, { name: 'app/.env', content: 'DB_PASSWORD=hunter2hunter2\nPORT=8080\n' }] },
];

let n = 0;
async function archive(layers = LAYERS, format: 'oci' | 'docker' | 'both' = 'both') {
  const c = await craftImage({ layers, format, tag: 'bw/cli:1', config: { config: { User: '10001', Healthcheck: { Test: ['CMD', '/bin/true'] }, ExposedPorts: { '22/tcp': {} }, Env: ['API_TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ0123456789'] } } });
  const p = join(dir, `img${n++}.tar`);
  writeFileSync(p, await tarOf(c.files));
  return { path: p, crafted: c };
}

describe('bulwark verify', () => {
  it('a valid archive: exit 0, the verdict, then the findings; secrets masked', async () => {
    const { path, crafted } = await archive();
    const r = run([path]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      `verified ${path}: docker-save, 8 entries, ${crafted.files.reduce((sum, f) => sum + (f.type === 'directory' ? 0 : Buffer.from(f.content ?? '').length), 0)} bytes`,
      '  image bw/cli:1, docker.io/bw/cli:1  linux/amd64',
      `    manifest ${crafted.manifestDigest}`,
      `    config   ${crafted.configDigest}`,
      `    layer 1  ${crafted.layerDigests[0]}  gzip  ${(fileOf(crafted, `blobs/sha256/${hex(crafted.layerDigests[0])}`).content as Buffer).length} bytes  diff_id ${crafted.diffIds[0]}`,
    ]);
    expect(r.stdout).toContain('Env API_TOKEN holds a secret (token, by name); value masked  BW-0402 image-secret-in-config');
    expect(r.stdout).toContain('image exposes 22/tcp (SSH)  BW-0403 image-sshd-port');
    expect(r.stdout).toContain('app/.env:1 holds a secret (env-file) in layer 1; value masked  BW-0407 image-secret-file');
    // The fix names the file it was found in (an .env file), not the rule's .npmrc example.
    expect(r.stdout).toContain('      fix: # do not copy the .env file /app/.env into the image: give its values at run time');
    expect(r.stdout).not.toContain('ghp_0123');
    expect(r.stdout).not.toContain('hunter2');
    expect(lines.at(-2)).toBe('✖ 3 findings (2 high, 1 medium) in 1 file, 1 target');
  });

  it('--fail-on high makes findings fail', async () => {
    const { path } = await archive();
    expect(run([path, '--fail-on', 'high']).code).toBe(1);
    expect(run([path, '--fail-on', 'critical']).code).toBe(0);
  });

  it('a digest mismatch: exit 1 with the problem named', async () => {
    const { crafted } = await archive();
    const layer = fileOf(crafted, `blobs/sha256/${hex(crafted.layerDigests[0])}`);
    const b = Buffer.from(layer.content as Buffer);
    b[b.length - 9] ^= 0xff;
    layer.content = b;
    const p = join(dir, 'bad.tar');
    writeFileSync(p, await tarOf(crafted.files));
    const r = run([p]);
    expect(r.code).toBe(1);
    const name = `blobs/sha256/${hex(crafted.layerDigests[0])}`;
    expect(r.stdout.split('\n').slice(0, 4)).toEqual([
      `FAILED ${p}: 2 problems`,
      `  digest-mismatch: ${name}: layer 1 digest mismatch: descriptor in blobs/sha256/${hex(crafted.manifestDigest)} says ${crafted.layerDigests[0]}, content is ${sha256(b)}`,
      `  digest-mismatch: ${name}: layer digest mismatch: its name says ${crafted.layerDigests[0]}, content is ${sha256(b)}`,
      '',
    ]);
  });

  it('unusable input: exit 2 with one line, no stack', () => {
    const p = join(dir, 'text.txt');
    writeFileSync(p, 'not a tar\n'.repeat(100));
    expect(run([p])).toEqual({ code: 2, stdout: '', stderr: `bulwark: ${p}: not a tar archive (invalid tar header)\n` });
    const e = join(dir, 'empty.tar');
    writeFileSync(e, Buffer.alloc(1024));
    expect(run([e])).toEqual({ code: 2, stdout: '', stderr: `bulwark: ${e}: empty archive (no entries)\n` });
    expect(run([join(dir, 'none.tar')])).toEqual({ code: 2, stdout: '', stderr: `bulwark: ${join(dir, 'none.tar')}: cannot read: no such file or directory\n` });
    expect(run([e, '--max-size', 'lots'])).toEqual({ code: 2, stdout: '', stderr: 'bulwark: --max-size must be a number of bytes (suffixes K, M, G, T), got "lots"\n' });
  });

  it('a truncated archive on stdin: exit 2 naming stdin', async () => {
    const { path } = await archive();
    const r = run(['-'], readFileSync(path).subarray(0, 1500));
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'bulwark: -: truncated archive (unexpected end of data)\n' });
  });

  it('stdin with --unpack (spooled to a temporary file)', async () => {
    const { path } = await archive();
    const dest = join(dir, 'from-stdin');
    const r = run(['-', '--unpack', dest, '--format', 'json'], readFileSync(path));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.verified).toBe(true);
    expect(j.input).toBe('-');
    expect(j.unpack).toEqual({ dir: dest, files: 2, directories: 1, symlinks: 0, hardlinks: 0, bytes: 39, whiteouts: 0, strippedSetid: 0 });
    expect(readdirSync(dest).sort()).toEqual(['app', 'bin']);
  });

  it('--format json: verdict, images and the audit-shaped report; sarif renders', async () => {
    const { path, crafted } = await archive();
    const j = JSON.parse(run([path, '--format', 'json']).stdout);
    expect(j.verified).toBe(true);
    expect(j.problems).toEqual([]);
    expect(j.images[0].manifestDigest).toBe(crafted.manifestDigest);
    expect(j.report.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['BW-0402', 'BW-0403', 'BW-0407']);
    expect(j.report.findings[2].location).toEqual({ file: `${path}!layer ${crafted.layerDigests[0]}:app/.env`, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
    const s = JSON.parse(run([path, '--format', 'sarif']).stdout);
    expect(s.version).toBe('2.1.0');
    expect(s.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toEqual(['BW-0402', 'BW-0403', 'BW-0407']);
  });

  it('--unpack refuses a traversal entry: exit 1, nothing written', async () => {
    const { path } = await archive([{ entries: [{ name: '../x', content: 'x' }] }]);
    const dest = join(dir, 'refused');
    const before = readdirSync(dir).sort();
    const r = run([path, '--unpack', dest]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('not unpacked: not unpacking: 1 unsafe entry: layer 1: path traversal (..) in ../x\n');
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('-o writes the report atomically', async () => {
    const { path } = await archive();
    const out = join(dir, 'report.json');
    expect(run([path, '--format', 'json', '-o', out]).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).verified).toBe(true);
  });

  it('-o refuses the archive itself and a file of the layout being verified: exit 2, the input intact (qa-b 3)', async () => {
    const { path } = await archive();
    const before = readFileSync(path);
    const r = run([path, '-o', path]);
    expect([r.code, r.stderr.trim()]).toEqual([2, `bulwark: refusing to write the report over the archive being verified: ${path}`]);
    expect(readFileSync(path).equals(before)).toBe(true);
    const layout = join(dir, 'layout-o');
    mkdirSync(layout);
    writeFileSync(join(layout, 'index.json'), '{}');
    const l = run([layout, '-o', join(layout, 'index.json')]);
    expect([l.code, l.stderr.trim()]).toEqual([2, `bulwark: refusing to write the report into the image layout being verified: ${join(layout, 'index.json')}`]);
    expect(readFileSync(join(layout, 'index.json'), 'utf8')).toBe('{}');
    // Through symbolic links: to the layout, and a report path that is a link into it (qa-c 2).
    symlinkSync(layout, join(dir, 'layout-link'));
    expect(run([join(dir, 'layout-link'), '-o', join(layout, 'index.json')]).code).toBe(2);
    symlinkSync(join(layout, 'index.json'), join(dir, 'out-link.json'));
    expect(run([layout, '-o', join(dir, 'out-link.json')]).code).toBe(2);
    expect(readFileSync(join(layout, 'index.json'), 'utf8')).toBe('{}');
  });
});

describe('cosign signatures (offline, P-256 key pair made here)', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pub = join(dir, 'cosign.pub');
  writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
  const payloadFor = (digest: string) => Buffer.from(JSON.stringify({ critical: { identity: { 'docker-reference': 'docker.io/bw/cli' }, image: { 'docker-manifest-digest': digest }, type: 'cosign container image signature' }, optional: null }));
  const files = (payload: Buffer, sigOver = payload) => {
    const p = join(dir, `payload${n}.json`);
    const s = join(dir, `sig${n++}.b64`);
    writeFileSync(p, payload);
    writeFileSync(s, sign('sha256', sigOver, privateKey).toString('base64'));
    return ['--key', pub, '--payload', p, '--signature', s];
  };

  it('a good signature over the manifest digest: exit 0', async () => {
    const { path, crafted } = await archive();
    const r = run([path, ...files(payloadFor(crafted.manifestDigest)), '--require-signature']);
    expect(r.code).toBe(0);
    const fp = 'sha256:' + createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
    expect(r.stdout).toContain(`signature ok: cosign signature over ${crafted.manifestDigest} verified with the given key; signed with the key ${fp}\n`);
  });

  it('a tampered payload is rejected: exit 1', async () => {
    const { path, crafted } = await archive();
    const good = payloadFor(crafted.manifestDigest);
    const tampered = Buffer.from(good.toString().replace('docker.io/bw/cli', 'docker.io/bw/cl1'));
    const r = run([path, ...files(tampered, good)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('signature FAILED: cosign signature does not verify with the given key (payload or signature altered, or another key)\n');
  });

  it('a valid signature of another image is rejected: exit 1', async () => {
    const { path, crafted } = await archive();
    const other = `sha256:${'1'.repeat(64)}`;
    const r = run([path, ...files(payloadFor(other))]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`signature FAILED: cosign signature verifies but payload signs ${other}, the image's manifest is ${crafted.manifestDigest}\n`);
  });

  it('--require-signature without a signature fails closed; --unpack is then not done', async () => {
    const { path } = await archive();
    const dest = join(dir, 'unsigned');
    const r = run([path, '--require-signature', '--unpack', dest]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('signature FAILED: --require-signature: no signature given (--key with --signature/--payload, or --bundle)\n');
    expect(r.stdout).toContain('not unpacked: the signature check failed\n');
    expect(readdirSync(dir)).not.toContain('unsigned');
  });

  // QA: SARIF said executionSuccessful with no word of the signature, HTML nothing, JSON only verified: true.
  it('a failed signature check fails the run in SARIF, HTML and JSON too', async () => {
    const { path } = await archive();
    const MSG = 'signature FAILED (cosign): --require-signature: no signature given (--key with --signature/--payload, or --bundle)';
    const sarif = run([path, '--require-signature', '--format', 'sarif']);
    expect(sarif.code).toBe(1);
    const inv = JSON.parse(sarif.stdout).runs[0].invocations[0];
    expect([inv.executionSuccessful, inv.toolExecutionNotifications.map((x: { message: { text: string } }) => x.message.text)]).toEqual([false, [MSG]]);
    const html = run([path, '--require-signature', '--format', 'html']);
    expect([html.code, html.stdout.includes('signature FAILED (cosign): --require-signature: no signature given')]).toEqual([1, true]);
    const json = run([path, '--require-signature', '--format', 'json']);
    const doc = JSON.parse(json.stdout);
    expect([json.code, doc.passed, doc.verified, doc.signature.ok]).toEqual([1, false, true, false]);
    expect(JSON.parse(run([path, '--format', 'json']).stdout).passed).toBe(true);
  });

  it('a legacy docker save has no manifest digest to sign: exit 1 with the reason', async () => {
    const { path, crafted } = await archive(LAYERS, 'docker');
    const r = run([path, ...files(payloadFor(crafted.manifestDigest))]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('signature FAILED: the archive has no OCI manifest (legacy docker save): there is no manifest digest to check a signature against\n');
  });

  it('a cosign check missing --payload is a usage error', async () => {
    const { path } = await archive();
    expect(run([path, '--key', pub, '--signature', pub])).toEqual({ code: 2, stdout: '', stderr: 'bulwark: a cosign signature check needs --key, --signature and --payload\n' });
  });
});
