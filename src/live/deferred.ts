/**
 * Stand-ins for the dependencies of dockerode (github.com/apocas/dockerode) and docker-modem that a GET-only
 * Engine API client never uses, put in their place when the CLI is bundled (tsup.config.ts, plugin
 * `dockerode-deferred-requires`).
 *
 * dockerode requires, when it loads, `ssh2` (through docker-modem, for `ssh://` engines), `@grpc/grpc-js` with
 * `@grpc/proto-loader` (BuildKit sessions), `tar-fs` and `@balena/dockerignore` (build contexts), `uuid`
 * (session ids) and docker-modem's `lib/http_duplex.js` with `readable-stream` (attach/exec streams): about
 * 50 CommonJS files, all used only inside functions bulwark calls for an `ssh://` host (ssh2) or never. Loading
 * them was most of a live audit's start-up (issue 3, bench/live.mjs). In the bundle each of those `require`
 * calls returns {@link deferredModule}: a stand-in that loads the real package on first use (a call, a property
 * read, `new`) and passes everything through, so behaviour is unchanged: an `ssh://` host still gets the real
 * ssh2 client, `docker.buildImage` the real tar-fs.
 *
 * The real package is resolved from the directory of the installed package that requires it (dockerode, or
 * docker-modem for ssh2 and http_duplex), as its own `require` would, so a package manager that nests one under
 * dockerode or docker-modem still serves the right copy. Nothing is resolved until first use: resolving these
 * seven at start-up cost 12-17 ms of CPU on the bench machine.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The dependencies deferred, as dockerode and docker-modem write them in `require(…)`. */
export const DEFERRED_REQUIRES = ['ssh2', '@grpc/grpc-js', '@grpc/proto-loader', 'tar-fs', '@balena/dockerignore', 'uuid', './http_duplex'] as const;

/** One of {@link DEFERRED_REQUIRES}. */
export type DeferredRequire = (typeof DEFERRED_REQUIRES)[number];

type Exports = Record<string | symbol, unknown>;

/**
 * Loads the real package of `id` as the installed package that requires it would.
 * @throws Error (on first use) when the package is not installed: the same error dockerode would have thrown
 *   when it loaded
 */
function loader(id: DeferredRequire): () => Exports {
  let real: Exports | undefined;
  return () => {
    if (!real) {
      const here = createRequire(import.meta.url);
      const dockerodeDir = dirname(here.resolve('dockerode/package.json'));
      const fromModem = id === 'ssh2' || id === './http_duplex';
      const dir = fromModem ? dirname(here.resolve('docker-modem/package.json', { paths: [dockerodeDir] })) : dockerodeDir;
      real = createRequire(join(dir, fromModem && id === './http_duplex' ? 'lib' : '', 'package.json'))(id) as Exports;
    }
    return real;
  };
}

/** Exports whose properties are read from the real package when first used. */
function passThrough(load: () => Exports): object {
  return new Proxy({}, { get: (_t, key) => load()[key], has: (_t, key) => key in load() });
}

/**
 * Exports that may be a function (called or constructed, `DockerIgnore({…})`, `new HttpDuplex(req, res)`) or an
 * object (`tar.pack(…)`): every operation loads the real module and is applied to its exports.
 */
function callablePassThrough(load: () => Exports): object {
  const real = () => load() as unknown as (...a: unknown[]) => unknown;
  return new Proxy(function stand() {}, {
    get: (_t, key) => Reflect.get(real(), key),
    has: (_t, key) => key in real(),
    apply: (_t, self, args) => Reflect.apply(real(), self, args),
    construct: (_t, args) => Reflect.construct(real(), args) as object,
  });
}

/**
 * The stand-in for `require(id)` in dockerode or docker-modem (see the module comment), shaped as each reads it
 * when it loads:
 * - `ssh2`: docker-modem/lib/ssh.js reads `require('ssh2').Client` at load and calls `new Client()` per
 *   `ssh://` dial: a constructor that builds the real client;
 * - `uuid`: dockerode/lib/session.js reads `require('uuid').v4` at load and calls it inside `withSession`: its
 *   functions are wrappers, other exports (`NIL`, `MAX`) are read from the real package;
 * - `tar-fs`, `@balena/dockerignore`, `./http_duplex` (`tar.pack(…)`, `DockerIgnore({…})`, `new HttpDuplex(…)`):
 *   callable and constructible pass-throughs;
 * - `@grpc/grpc-js`, `@grpc/proto-loader` (`grpc.Server`, `protoLoader.loadSync` inside `withSession`):
 *   property pass-throughs.
 */
export function deferredModule(id: DeferredRequire): unknown {
  const load = loader(id);
  switch (id) {
    case 'ssh2':
      return {
        Client: function Client(...args: unknown[]) {
          const C = load().Client as new (...a: unknown[]) => object;
          return new C(...args);
        },
      };
    case 'uuid': {
      const fns = new Set(['v1', 'v1ToV6', 'v3', 'v4', 'v5', 'v6', 'v6ToV1', 'v7', 'parse', 'stringify', 'validate', 'version']);
      return new Proxy(
        {},
        {
          get: (_t, key) => (typeof key === 'string' && fns.has(key) ? (...a: unknown[]) => (load()[key] as (...x: unknown[]) => unknown)(...a) : load()[key]),
          has: (_t, key) => key in load(),
        },
      );
    }
    case '@grpc/grpc-js':
    case '@grpc/proto-loader':
      return passThrough(load);
    default:
      return callablePassThrough(load);
  }
}
