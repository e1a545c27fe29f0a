#!/usr/bin/env node
// Benchmark of `bulwark verify` (issue 7): throughput against `openssl dgst -sha256` of the same archive in
// one run, and bulwark's peak RSS, on an image archive of about 1 GB (default; `--size-mb N`).
//
// The archive is an OCI image layout tar (index.json, oci-layout, blobs/sha256/…) with several uncompressed
// layers (`--gzip` for gzip level 1 layers instead) holding random-ish data: a 16 MiB block of
// crypto.randomBytes reused with a per-file salt, so nothing compresses and sha256 works on every byte.
// It is written to bench/out/verify/ (reused when present with the same size and mode; `--fresh` rebuilds).
//
// Method: the archive is read once first (page cache warm for both tools), then each tool runs `--runs`
// times (default 3) round-robin; the median wall time of each gives MB/s (10^6 bytes of archive / s).
// Peak RSS of bulwark is GNU time's %M (KiB) of `node dist/cli.js verify <archive> --format json`; CPU time is
// %U + %S, reported too because wall time on a shared machine depends on the load (printed with the results).
// Needs: dist/cli.js built (`npx tsup`; `--cli PATH` runs another build of the CLI), openssl, /usr/bin/time.
//
// Prints a table and writes bench/out/verify/results.json.
//
// Measured 2026-11-30 (node 20.20.2, 2 CPUs shared with other jobs, load average 15-50; 1 GB archives):
//   uncompressed layers, 5 runs: bulwark 242.9 MB/s wall, 1.28 CPU s, peak RSS 61.4 MiB; openssl 291.3 MB/s,
//     1.04 CPU s: ratio 0.834 by wall time, 0.812 by CPU time (before the reused-buffer reader: 0.435 / 0.413,
//     3.00 CPU s, 97.7 MiB).
//   gzip level 1 layers, 3 runs: bulwark 182.9 MB/s, 2.92 CPU s (it also inflates and hashes the 1 GB of
//     uncompressed tar for the diff_ids), 100.4 MiB; ratio 0.419 / 0.339 (before: 0.277 / 0.215, 4.97 CPU s).
//   About 0.3 CPU s of bulwark's time is node's and the CLI's start-up (`bulwark --version`).
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import * as tar from 'tar-stream';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const sizeMb = Number(opt('--size-mb', '1000'));
const runs = Number(opt('--runs', '3'));
const gzip = args.includes('--gzip');
const fresh = args.includes('--fresh');
const outDir = join(root, 'bench', 'out', 'verify');
mkdirSync(outDir, { recursive: true });
const archive = join(outDir, `image-${sizeMb}mb${gzip ? '-gzip' : ''}.tar`);
const cli = opt('--cli', join(root, 'dist', 'cli.js'));
if (!existsSync(cli)) {
  console.error(`bench/verify.mjs: ${cli} is missing; run npx tsup first`);
  process.exit(2);
}

const LAYERS = 8;
const FILE = 64 * 1024 * 1024;
const BLOCK = randomBytes(16 * 1024 * 1024);

/** Writes one layer tar (files of random-ish data) to `path`; returns its digest, size and diff_id. */
async function writeLayer(path, bytes, salt) {
  const pack = tar.pack();
  const diff = createHash('sha256');
  const blob = createHash('sha256');
  let blobSize = 0;
  const out = createWriteStream(path);
  const tap = async function* (src) {
    for await (const c of src) {
      diff.update(c);
      yield c;
    }
  };
  const count = async function* (src) {
    for await (const c of src) {
      blob.update(c);
      blobSize += c.length;
      yield c;
    }
  };
  const stages = gzip ? [pack, tap, createGzip({ level: 1 }), count, out] : [pack, tap, count, out];
  const done = pipeline(...stages);
  let left = bytes;
  for (let i = 0; left > 0; i++) {
    const size = Math.min(FILE, left);
    left -= size;
    const entry = pack.entry({ name: `data/f${salt}-${i}.bin`, size, mode: 0o644, mtime: new Date(0) });
    for (let off = 0; off < size; off += BLOCK.length) {
      const piece = Buffer.from(BLOCK.subarray(0, Math.min(BLOCK.length, size - off)));
      piece.writeUInt32LE(salt * 1e6 + i * 1000 + off / BLOCK.length, 0);
      if (!entry.write(piece)) await new Promise((ok) => entry.once('drain', ok));
    }
    await new Promise((ok, fail) => entry.end((e) => (e ? fail(e) : ok())));
  }
  pack.finalize();
  await done;
  return { digest: `sha256:${blob.digest('hex')}`, size: blobSize, diffId: `sha256:${diff.digest('hex')}` };
}

async function build() {
  const total = sizeMb * 1e6;
  const per = Math.floor(total / LAYERS);
  const layers = [];
  for (let i = 0; i < LAYERS; i++) {
    const p = join(outDir, `layer${i}.tmp`);
    layers.push({ path: p, ...(await writeLayer(p, per, i)) });
  }
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { User: '10001' }, rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) } }));
  const sha = (b) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length },
      layers: layers.map((l) => ({ mediaType: `application/vnd.oci.image.layer.v1.tar${gzip ? '+gzip' : ''}`, digest: l.digest, size: l.size })),
    }),
  );
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha(manifest), size: manifest.length, annotations: { 'io.containerd.image.name': 'bench/verify:1' } }] }));
  const pack = tar.pack();
  const done = pipeline(pack, createWriteStream(archive));
  const small = (name, buf) => new Promise((ok, fail) => pack.entry({ name, mtime: new Date(0) }, buf, (e) => (e ? fail(e) : ok())));
  await small('oci-layout', Buffer.from('{"imageLayoutVersion":"1.0.0"}'));
  await small('index.json', index);
  for (const l of layers) {
    const entry = pack.entry({ name: `blobs/sha256/${l.digest.slice(7)}`, size: l.size, mtime: new Date(0) });
    for await (const c of createReadStream(l.path, { highWaterMark: 1 << 20 })) if (!entry.write(c)) await new Promise((ok) => entry.once('drain', ok));
    await new Promise((ok, fail) => entry.end((e) => (e ? fail(e) : ok())));
    unlinkSync(l.path);
  }
  await small(`blobs/sha256/${sha(config).slice(7)}`, config);
  await small(`blobs/sha256/${sha(manifest).slice(7)}`, manifest);
  pack.finalize();
  await done;
}

if (fresh || !existsSync(archive)) {
  process.stderr.write(`building ${archive} …\n`);
  await build();
}
const bytes = statSync(archive).size;

// Warm the page cache once so neither tool pays for the first read from disk.
for await (const _ of createReadStream(archive, { highWaterMark: 1 << 20 }));

const timed = (cmd, argv) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', cmd, ...argv], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const [rssKiB, user, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { s, rssKiB, cpu: user + sys, code: r.status, out: r.stdout, err: r.stderr };
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rows = { openssl: [], bulwark: [] };
let verified;
for (let i = 0; i < runs; i++) {
  const o = timed('openssl', ['dgst', '-sha256', archive]);
  if (o.code !== 0) throw new Error(`openssl failed: ${o.err}`);
  rows.openssl.push(o);
  const b = timed(process.execPath, [cli, 'verify', archive, '--format', 'json']);
  if (b.code !== 0) throw new Error(`bulwark verify exited ${b.code}: ${b.err.split('\n')[0]}`);
  verified = JSON.parse(b.out).verified;
  rows.bulwark.push(b);
}
const res = {};
for (const [k, rs] of Object.entries(rows)) {
  const s = median(rs.map((r) => r.s));
  const cpu = median(rs.map((r) => r.cpu));
  res[k] = { seconds: Number(s.toFixed(3)), mbPerS: Number((bytes / 1e6 / s).toFixed(1)), cpuSeconds: Number(cpu.toFixed(2)), mbPerCpuS: Number((bytes / 1e6 / cpu).toFixed(1)), peakRssMiB: Number((median(rs.map((r) => r.rssKiB)) / 1024).toFixed(1)) };
}
const ratio = Number((res.bulwark.mbPerS / res.openssl.mbPerS).toFixed(3));
const cpuRatio = Number((res.bulwark.mbPerCpuS / res.openssl.mbPerCpuS).toFixed(3));
const load = (await import('node:os')).loadavg()[0];
const result = { archive: archive.replace(root + '/', ''), bytes, layers: LAYERS, compression: gzip ? 'gzip level 1' : 'none', runs, node: process.version, verified, loadAverage1m: Number(load.toFixed(2)), openssl: res.openssl, bulwark: res.bulwark, ratio, cpuRatio, targets: { ratio: 0.8, peakRssMiB: 150 } };
writeFileSync(join(outDir, `results${gzip ? '-gzip' : ''}.json`), JSON.stringify(result, null, 2) + '\n');
console.log(`archive ${result.archive}: ${(bytes / 1e6).toFixed(0)} MB, ${LAYERS} layers, ${result.compression}; median of ${runs} runs`);
console.log('| tool | seconds | MB/s | CPU s (user+sys) | MB per CPU s | peak RSS MiB |');
console.log('|---|---|---|---|---|---|');
for (const [k, name] of [['openssl', 'openssl dgst -sha256'], ['bulwark', 'bulwark verify']]) console.log(`| ${name} | ${res[k].seconds} | ${res[k].mbPerS} | ${res[k].cpuSeconds} | ${res[k].mbPerCpuS} | ${res[k].peakRssMiB} |`);
console.log(`ratio bulwark/openssl: ${ratio} by wall time, ${cpuRatio} by CPU time (target ≥ 0.8); bulwark peak RSS ${res.bulwark.peakRssMiB} MiB (target < 150); verified: ${verified}; load average ${load.toFixed(2)} on ${(await import('node:os')).cpus().length} CPUs`);
