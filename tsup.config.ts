import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

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
  // Heavy parsers stay external and are loaded lazily only for the file kinds that need them.
  // dockerode's dependencies that src/live/dockerode.ts defers stay external (see noExternal below).
  external: ['mvdan-sh', 'ssh2', '@grpc/grpc-js', '@grpc/proto-loader', 'tar-fs', '@balena/dockerignore', 'uuid'],
  // Bundled (issue 3, speed of start-up): every run loads yaml (engine/config.ts, the inspect and daemon.json
  // ingesters) and commander, as CommonJS packages of 72 and 7 files; Node 20 has no compile cache, and
  // resolving, reading and wrapping each file cost more than the code itself (`require('yaml')` ~60 ms of CPU
  // against ~25 ms for the same code as one bundled chunk, measured on the bench machine). esbuild wraps their
  // CommonJS code in the chunks, and their own `require('process')`/`require('events')` calls go through the
  // `require` that the banner below defines in every chunk (ESM has none). Consequence: no source file may
  // declare a top-level `require` of its own (`const require = createRequire(…)`): name it differently.
  // dockerode and docker-modem (with debug, ms, supports-color, has-flag and split-ca) likewise (issue 3, start-up
  // of a live audit: ~20 ms less than resolving and wrapping their ~25 files). Their dependencies that a GET-only
  // client never uses stay external, so that src/live/dockerode.ts can defer them through the CommonJS cache:
  // ssh2, @grpc/*, tar-fs, @balena/dockerignore, uuid, and docker-modem's own lib/http_duplex.js (see the plugin).
  // dockerfile-ast (with its two vscode-languageserver packages, ~40 CommonJS files), ignore and picocolors
  // likewise: bundling them took a one-file audit from ~350 to ~285 ms (node -e 0: ~120 ms).
  noExternal: ['yaml', 'commander', 'dockerfile-ast', 'vscode-languageserver-types', 'vscode-languageserver-textdocument', 'ignore', 'picocolors',
    'dockerode', 'docker-modem', 'debug', 'ms', 'supports-color', 'has-flag', 'split-ca'],
  esbuildPlugins: [
    {
      // docker-modem's `require('./http_duplex')` (attach/exec streams only, pulls in readable-stream) stays a
      // require of the installed file, so that its deferred stand-in in the CommonJS cache answers it.
      name: 'docker-modem-http-duplex-external',
      setup(build) {
        build.onResolve({ filter: /^\.\/http_duplex$/ }, (args) =>
          args.importer.includes('/docker-modem/') ? { path: 'docker-modem/lib/http_duplex.js', external: true } : undefined,
        );
      },
    },
  ],
  banner: { js: "import { createRequire as __bulwarkCreateRequire } from 'node:module';\nconst require = __bulwarkCreateRequire(import.meta.url);" },
  define: { __BULWARK_VERSION__: JSON.stringify(pkg.version) },
});
