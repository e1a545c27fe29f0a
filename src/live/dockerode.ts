/**
 * Loads dockerode (github.com/apocas/dockerode) with its two heaviest dependencies deferred.
 *
 * dockerode requires, when it loads, `ssh2` (through docker-modem, for `ssh://` engines) and `@grpc/grpc-js`
 * with `@grpc/proto-loader` (for BuildKit sessions). Both are only used inside functions that bulwark calls
 * for an `ssh://` host (ssh2) or never (sessions), yet loading them is about two thirds of dockerode's
 * load time, which is most of a live audit's start-up. Before dockerode loads, this module puts stand-ins
 * for those packages in the CommonJS module cache: the stand-in loads the real package on first use and
 * passes everything through, so behaviour is unchanged (an `ssh://` host still gets the real ssh2 client).
 */
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import type Dockerode from 'dockerode';

type Loader = () => Record<string, unknown>;

const req = createRequire(import.meta.url);
let loaded: Promise<typeof Dockerode> | undefined;

/** Puts a stand-in for package `id` (as `from` resolves it) in the module cache; `make` builds its exports. */
function defer(id: string, from: string, make: (load: Loader) => unknown): void {
  let path: string;
  try {
    path = req.resolve(id, { paths: [from] });
  } catch {
    return; // not installed where expected: dockerode loads it (or fails) as usual
  }
  if (req.cache[path]) return;
  let real: Record<string, unknown> | undefined;
  const load: Loader = () => {
    if (!real) {
      delete req.cache[path];
      real = req(path) as Record<string, unknown>;
    }
    return real;
  };
  const stand = new Module(path);
  stand.filename = path;
  stand.loaded = true;
  stand.exports = make(load);
  req.cache[path] = stand;
}

/** Exports whose properties are read from the real package when first used. */
function passThrough(load: Loader): object {
  return new Proxy({}, { get: (_t, key) => load()[key as string], has: (_t, key) => key in load() });
}

/**
 * dockerode's constructor, loaded once.
 * @throws Error (a rejection) when dockerode is not installed.
 */
export function loadDockerode(): Promise<typeof Dockerode> {
  loaded ??= (async () => {
    try {
      const dockerodeDir = dirname(req.resolve('dockerode/package.json'));
      const modemDir = dirname(req.resolve('docker-modem/package.json', { paths: [dockerodeDir] }));
      // docker-modem/lib/ssh.js: `var Client = require('ssh2').Client` at load, `new Client()` per ssh:// dial.
      defer('ssh2', modemDir, (load) => ({
        Client: function Client(this: unknown, ...args: unknown[]) {
          const C = load().Client as new (...a: unknown[]) => object;
          return new C(...args);
        },
      }));
      // dockerode/lib/session.js: `grpc.Server`, `protoLoader.loadSync` inside `withSession` only.
      defer('@grpc/grpc-js', dockerodeDir, passThrough);
      defer('@grpc/proto-loader', dockerodeDir, passThrough);
    } catch {
      // Layout not as expected: load dockerode as it is.
    }
    return (await import('dockerode')).default;
  })();
  return loaded;
}
