/**
 * dockerode's and docker-modem's deferred dependencies (./deferred.ts; issue 3 "Done when", speed of
 * `audit --live`): each stand-in loads nothing until used and then behaves as the real package; the built CLI
 * (dist/, made by `npm test`'s tsup step) replaces exactly these requires and loads none of them for a live audit.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { DEFERRED_FILTER } from '../../tsup.config.js';
import { DEFERRED_REQUIRES, deferredModule } from './deferred.js';

const req = createRequire(import.meta.url);
const loadedFrom = (pkg: string) => Object.keys(req.cache).filter((k) => k.includes(`/node_modules/${pkg}/`));

describe('deferredModule', () => {
  it('is used for exactly the requires the bundle replaces (tsup.config.ts DEFERRED_FILTER)', () => {
    for (const id of DEFERRED_REQUIRES) expect(DEFERRED_FILTER.test(id), id).toBe(true);
    for (const other of ['ssh2/lib/client', 'uuidv4', 'tar-fs2', './http', 'debug', 'split-ca', 'docker-modem']) expect(DEFERRED_FILTER.test(other), other).toBe(false);
    expect(DEFERRED_REQUIRES).toHaveLength(7);
  });

  it('builds stand-ins without loading anything, and each works as the real package when used', () => {
    const stands = Object.fromEntries(DEFERRED_REQUIRES.map((id) => [id, deferredModule(id)]));
    // Nothing loaded yet by building the stand-ins (vitest itself loads none of these packages).
    for (const pkg of ['tar-fs', 'ssh2', 'uuid', '@grpc/grpc-js', '@balena/dockerignore']) expect(loadedFrom(pkg), pkg).toEqual([]);
    // A call (dockerignore factory), properties (tar-fs), a value read at load and called later (uuid.v4), a constant.
    const ignoreFactory = stands['@balena/dockerignore'] as (o: object) => { add(p: string): { ignores(p: string): boolean } };
    expect(ignoreFactory({ ignorecase: false }).add('*.log').ignores('a.log')).toBe(true);
    const tar = stands['tar-fs'] as { pack: unknown; extract: unknown };
    expect([typeof tar.pack, typeof tar.extract]).toEqual(['function', 'function']);
    // Loaded from where dockerode's own require finds it.
    expect(loadedFrom('tar-fs')).toContain(req.resolve('tar-fs', { paths: [resolve('node_modules/dockerode')] }));
    const uuid = stands.uuid as { v4(): string; validate(s: string): boolean; NIL: string };
    const v4 = uuid.v4;
    expect(uuid.validate(v4())).toBe(true);
    expect(uuid.NIL).toBe('00000000-0000-0000-0000-000000000000');
    // `new` (docker-modem's HttpDuplex for attach/exec streams; ssh2's Client per ssh:// dial).
    const HttpDuplex = stands['./http_duplex'] as new (req: unknown, res: unknown) => { readable: boolean };
    const duplex = new HttpDuplex(new EventEmitter(), Object.assign(new EventEmitter(), { pause() {}, resume() {} }));
    expect([duplex.readable, duplex.constructor.name]).toEqual([true, 'HttpDuplex']);
    const { Client } = stands.ssh2 as { Client: new () => { connect: unknown; constructor: { name: string } } };
    const client = new Client();
    expect([typeof client.connect, client.constructor.name]).toEqual(['function', 'Client']);
    // Properties read through (BuildKit sessions).
    expect(typeof (stands['@grpc/grpc-js'] as { Server: unknown }).Server).toBe('function');
    expect(typeof (stands['@grpc/proto-loader'] as { loadSync: unknown }).loadSync).toBe('function');
  });
});

describe('the built CLI (dist/cli.js)', () => {
  it('loads none of the deferred packages, nor dockerode from node_modules, for a live audit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-deferred-'));
    const out = join(dir, 'cache.json');
    const preload = join(dir, 'preload.cjs');
    // At exit, the files in the CommonJS module cache (the bundle's createRequire shares it).
    writeFileSync(preload, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(Object.keys(require('module')._cache))));\n`);
    const r = spawnSync(process.execPath, ['-r', preload, resolve('dist/cli.js'), 'audit', '--live', '--host', `unix://${join(dir, 'missing.sock')}`], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`bulwark: cannot reach the Docker engine at unix://${join(dir, 'missing.sock')}: connect ENOENT ${join(dir, 'missing.sock')}\n`);
    const cached = (JSON.parse(readFileSync(out, 'utf8')) as string[]).filter((k) => k.includes('/node_modules/'));
    expect(cached).toEqual([]);
  });
});
