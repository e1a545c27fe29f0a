import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsup';

/** The requires of dockerode and docker-modem that get stand-ins (src/live/deferred.ts `DEFERRED_REQUIRES`; a test keeps the two equal). */
export const DEFERRED_FILTER = /^(ssh2|@grpc\/grpc-js|@grpc\/proto-loader|tar-fs|@balena\/dockerignore|uuid|\.\/http_duplex)$/;
const DEFERRED_MODULE = fileURLToPath(new URL('./src/live/deferred.ts', import.meta.url));

/** yaml's ES-module build (its `exports` "default" condition), bundled in place of the CommonJS "node" one. */
const YAML_ESM = fileURLToPath(new URL('./node_modules/yaml/browser/index.js', import.meta.url));

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  entry: { cli: 'src/cli/main.ts', index: 'src/index.ts', 'audit-worker': 'src/engine/audit-worker.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  splitting: true,
  sourcemap: false,
  // Heavy parsers stay external and are loaded lazily only for the file kinds that need them. (dockerode's
  // dependencies that a GET-only client never uses must not be listed here: esbuild would mark them external
  // before the plugin below could replace them with stand-ins.)
  external: ['mvdan-sh'],
  // Bundled (issue 3, speed of start-up): every run loads yaml (engine/config.ts, the inspect and daemon.json
  // ingesters) and commander, as CommonJS packages of 72 and 7 files; Node 20 has no compile cache, and
  // resolving, reading and wrapping each file cost more than the code itself (`require('yaml')` ~60 ms of CPU
  // against ~25 ms for the same code as one bundled chunk, measured on the bench machine). esbuild wraps their
  // CommonJS code in the chunks, and their own `require('process')`/`require('events')` calls go through the
  // `require` that the banner below defines in every chunk (ESM has none). Consequence: no source file may
  // declare a top-level `require` of its own (`const require = createRequire(…)`): name it differently.
  // dockerode and docker-modem (with debug, ms, supports-color, has-flag and split-ca) likewise (issue 3, start-up
  // of a live audit: ~20 ms less than resolving and wrapping their ~25 files). Their dependencies that a GET-only
  // client never uses (ssh2, @grpc/*, tar-fs, @balena/dockerignore, uuid, docker-modem's own lib/http_duplex.js)
  // are stand-ins that load the installed package on first use (src/live/deferred.ts and the plugin below).
  // dockerfile-ast (with its two vscode-languageserver packages, ~40 CommonJS files), ignore and picocolors
  // likewise: bundling them took a one-file audit from ~350 to ~285 ms (node -e 0: ~120 ms).
  noExternal: ['yaml', 'commander', 'dockerfile-ast', 'vscode-languageserver-types', 'vscode-languageserver-textdocument', 'ignore', 'picocolors',
    'dockerode', 'docker-modem', 'debug', 'ms', 'supports-color', 'has-flag', 'split-ca'],
  esbuildPlugins: [
    {
      // dockerode's and docker-modem's dependencies that a GET-only client never uses are stand-ins that load the
      // real package on first use (src/live/deferred.ts): nothing of them is resolved or loaded at start-up.
      name: 'dockerode-deferred-requires',
      setup(build) {
        build.onResolve({ filter: DEFERRED_FILTER }, (args) =>
          /\/node_modules\/(dockerode|docker-modem)\//.test(args.importer) ? { path: args.path, namespace: 'bulwark-deferred' } : undefined,
        );
        build.onLoad({ filter: /.*/, namespace: 'bulwark-deferred' }, (args) => ({
          contents: `module.exports = require(${JSON.stringify(DEFERRED_MODULE)}).deferredModule(${JSON.stringify(args.path)});`,
          loader: 'js',
          resolveDir: dirname(DEFERRED_MODULE),
        }));
      },
    },
    {
      // docker-modem 5 formats every request's options for its debug log (`debug('Sending: %s', util.inspect(options,
      // {showHidden: true, depth: null}))`) even when that log is off: ~0.15 ms of CPU per request, 8 ms for a live
      // audit of 50 containers. The bundled copy formats them only when the log is on (DEBUG=modem).
      name: 'docker-modem-lazy-debug',
      setup(build) {
        build.onLoad({ filter: /\/node_modules\/docker-modem\/lib\/modem\.js$/ }, async (args) => {
          const text = await readFile(args.path, 'utf8');
          const needle = "debug('Sending: %s', util.inspect(";
          if (text.split(needle).length !== 2) throw new Error(`${args.path}: expected one "${needle}" (docker-modem changed: review the docker-modem-lazy-debug plugin in tsup.config.ts)`);
          return { contents: text.replace(needle, `debug.enabled && ${needle}`), loader: 'js' };
        });
      },
    },
  ],
  esbuildOptions(options) {
    // yaml as its ES-module build (issue 2, speed): the same code as its CommonJS build (yaml 2.9.1: the two
    // differ only in module syntax, in warnings going to console.warn instead of process.emitWarning, and in the
    // CommonJS build's debug logs, which read process.env.LOG_TOKENS for every token and LOG_STREAM for every
    // top-level token: ~3 million calls into Node's environment, ~0.5 s of the Compose corpus's audit). esbuild
    // also binds the ES module's functions directly, where the CommonJS build is reached through one getter per
    // imported name on every call ((0, import_yaml.isScalar)(n): ~60 ms more). test/bundle.test.ts checks that the
    // two builds parse the test fixtures alike.
    options.alias = { ...options.alias, yaml: YAML_ESM };
  },
  banner: { js: "import { createRequire as __bulwarkCreateRequire } from 'node:module';\nconst require = __bulwarkCreateRequire(import.meta.url);" },
  define: { __BULWARK_VERSION__: JSON.stringify(pkg.version) },
});
