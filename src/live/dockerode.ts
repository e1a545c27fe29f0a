/**
 * Loads dockerode (github.com/apocas/dockerode) with the dependencies a GET-only client never uses deferred.
 *
 * dockerode requires, when it loads, `ssh2` (through docker-modem, for `ssh://` engines) and `@grpc/grpc-js`
 * with `@grpc/proto-loader` (for BuildKit sessions). Both are only used inside functions that bulwark calls
 * for an `ssh://` host (ssh2) or never (sessions), yet loading them is about two thirds of dockerode's
 * load time, which is most of a live audit's start-up. The same holds, on a smaller scale, for `tar-fs`
 * (with tar-stream, bl, pump, chownr, mkdirp-classic) and `@balena/dockerignore` (build contexts,
 * dockerode/lib/util.js), `uuid` (session ids, dockerode/lib/session.js) and docker-modem's
 * `lib/http_duplex.js` with `readable-stream` (attach/exec streams: `hijack` requests only): together about
 * 50 CommonJS files, measured at 25-30 ms of CPU per live audit on the bench machine (issue 3, bench/live.mjs).
 * Before dockerode loads, this module puts stand-ins for those modules in the CommonJS module cache: the
 * stand-in loads the real module on first use and passes everything through (property reads, calls, `new`),
 * so behaviour is unchanged (an `ssh://` host still gets the real ssh2 client, `docker.buildImage` the real
 * tar-fs). In the bundle dockerode and docker-modem are bundled code (see {@link loadDockerode}); otherwise
 * dockerode is loaded with `require`, not `import()`: an ESM import of a CommonJS module
 * first scans its source for export names (cjs-module-lexer), which bulwark does not need.
 */
import { createRequire, Module } from 'node:module';
import { dirname, join } from 'node:path';
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
 * Exports that may be a function (called or constructed, `DockerIgnore({…})`, `new HttpDuplex(req, res)`) or an
 * object (`tar.pack(…)`): every operation loads the real module and is applied to its exports.
 */
function callablePassThrough(load: Loader): object {
  const real = () => load() as unknown as (...a: unknown[]) => unknown;
  return new Proxy(function stand() {}, {
    get: (_t, key) => Reflect.get(real(), key),
    has: (_t, key) => key in real(),
    apply: (_t, self, args) => Reflect.apply(real(), self, args),
    construct: (_t, args) => Reflect.construct(real(), args) as object,
  });
}

/**
 * uuid's exports: dockerode/lib/session.js reads `require('uuid').v4` when it loads, so the functions are
 * wrappers that load uuid when called; other exports (`NIL`, `MAX`) are read from the real package.
 */
function uuidStandIn(load: Loader): object {
  const fns = new Set(['v1', 'v1ToV6', 'v3', 'v4', 'v5', 'v6', 'v6ToV1', 'v7', 'parse', 'stringify', 'validate', 'version']);
  return new Proxy(
    {},
    {
      get: (_t, key) => (typeof key === 'string' && fns.has(key) ? (...a: unknown[]) => (load()[key] as (...x: unknown[]) => unknown)(...a) : load()[key as string]),
      has: (_t, key) => key in load(),
    },
  );
}

/** The deferred packages, and the package whose directory they are resolved from. */
const DEFERRED: [id: string, from: 'dockerode' | 'docker-modem'][] = [
  ['ssh2', 'docker-modem'],
  ['@grpc/grpc-js', 'dockerode'],
  ['@grpc/proto-loader', 'dockerode'],
  ['tar-fs', 'dockerode'],
  ['@balena/dockerignore', 'dockerode'],
  ['uuid', 'dockerode'],
  ['docker-modem/lib/http_duplex.js', 'dockerode'],
];

/** True if every deferred package resolves from this module's directory to the file it resolves to from its dependent. */
export function bundledRequiresMatch(): boolean {
  try {
    const dockerodeDir = dirname(req.resolve('dockerode/package.json'));
    const modemDir = dirname(req.resolve('docker-modem/package.json', { paths: [dockerodeDir] }));
    return DEFERRED.every(([id, from]) => req.resolve(id) === req.resolve(id, { paths: [from === 'dockerode' ? dockerodeDir : modemDir] }));
  } catch {
    return false;
  }
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
      // dockerode/lib/util.js: `tar.pack`, `DockerIgnore(…)` inside `prepareBuildContext` only.
      defer('tar-fs', dockerodeDir, callablePassThrough);
      defer('@balena/dockerignore', dockerodeDir, callablePassThrough);
      // dockerode/lib/session.js: `require('uuid').v4` at load, called inside `withSession` only.
      defer('uuid', dockerodeDir, uuidStandIn);
      // docker-modem/lib/modem.js: `new HttpDuplex(req, res)` for hijacked (attach/exec) requests only.
      defer(join(modemDir, 'lib', 'http_duplex.js'), modemDir, callablePassThrough);
    } catch {
      // Layout not as expected: load dockerode as it is.
    }
    // The bundle (tsup.config.ts) carries dockerode and docker-modem, and requires their deferred dependencies
    // from its own directory: only when each resolves there to the file its stand-in was put in for is the
    // bundled copy used; otherwise (a package manager nested one under dockerode or docker-modem) the installed
    // dockerode is loaded. Under the TypeScript sources (tests) both are the installed package.
    if (bundledRequiresMatch()) {
      const m = (await import('dockerode')) as unknown as { default: typeof Dockerode };
      return m.default;
    }
    return req('dockerode') as typeof Dockerode;
  })();
  return loaded;
}
