/**
 * The deferred dependencies of dockerode (./dockerode.ts; issue 3 "Done when", speed of `audit --live`): a
 * GET-only client loads none of them, and each still works, through its stand-in, when it is used.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledRequiresMatch, loadDockerode } from './dockerode.js';

const req = createRequire(import.meta.url);

describe('loadDockerode', () => {
  it('loads dockerode without ssh2, gRPC, tar-fs, dockerignore, uuid and readable-stream, which still work when used', async () => {
    const Docker = await loadDockerode();
    expect(typeof Docker).toBe('function');
    const dockerodeDir = dirname(req.resolve('dockerode/package.json'));
    const modemDir = dirname(req.resolve('docker-modem/package.json', { paths: [dockerodeDir] }));
    const at = (id: string, from: string) => req.resolve(id, { paths: [from] });
    const deferred = [
      at('ssh2', modemDir),
      at('@grpc/grpc-js', dockerodeDir),
      at('@grpc/proto-loader', dockerodeDir),
      at('tar-fs', dockerodeDir),
      at('@balena/dockerignore', dockerodeDir),
      at('uuid', dockerodeDir),
      join(modemDir, 'lib', 'http_duplex.js'),
    ];
    // Each is in the module cache as a stand-in: its own file only, none of the files it would require …
    const cached = Object.keys(req.cache);
    for (const path of deferred) {
      expect(req.cache[path]?.loaded, path).toBe(true);
      const pkgDir = path.endsWith('http_duplex.js') ? path : path.slice(0, path.lastIndexOf('/node_modules/') + '/node_modules/'.length) + path.slice(path.lastIndexOf('/node_modules/') + '/node_modules/'.length).split('/').slice(0, path.includes('/node_modules/@') ? 2 : 1).join('/') + '/';
      expect(cached.filter((k) => k === path || k.startsWith(pkgDir)), path).toEqual([path]);
    }
    // … and readable-stream (http_duplex.js), tar-stream (tar-fs) and protobufjs (gRPC) were not loaded at all.
    expect(cached.filter((k) => /\/node_modules\/(readable-stream|tar-stream|protobufjs)\//.test(k))).toEqual([]);

    // Used through the stand-ins: a call, a property, a constructor, a value read at load (uuid.v4).
    const ignoreFactory = req(at('@balena/dockerignore', dockerodeDir)) as (o: object) => { add(p: string): { ignores(p: string): boolean } };
    expect(ignoreFactory({ ignorecase: false }).add('*.log').ignores('a.log')).toBe(true);
    const tar = req(at('tar-fs', dockerodeDir)) as { pack: unknown; extract: unknown };
    expect([typeof tar.pack, typeof tar.extract]).toEqual(['function', 'function']);
    const uuid = req(at('uuid', dockerodeDir)) as { v4(): string; validate(s: string): boolean; NIL: string };
    expect(uuid.validate(uuid.v4())).toBe(true);
    expect(uuid.NIL).toBe('00000000-0000-0000-0000-000000000000');
    const HttpDuplex = req(join(modemDir, 'lib', 'http_duplex.js')) as new (req: unknown, res: unknown) => { readable: boolean };
    const { EventEmitter } = await import('node:events');
    const res = Object.assign(new EventEmitter(), { pause() {}, resume() {} });
    const duplex = new HttpDuplex(new EventEmitter(), res);
    expect(duplex.readable).toBe(true);
    expect(duplex.constructor.name).toBe('HttpDuplex');
  });

  it('resolves each deferred package from its own directory to the file its dependent resolves (so the bundle may carry dockerode)', () => {
    expect(bundledRequiresMatch()).toBe(true);
  });
});
