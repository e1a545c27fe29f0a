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
  external: ['mvdan-sh'],
  // Bundled (issue 3, speed of start-up): every run loads yaml (engine/config.ts, the inspect and daemon.json
  // ingesters) and commander, as CommonJS packages of 72 and 7 files; Node 20 has no compile cache, and
  // resolving, reading and wrapping each file cost more than the code itself (`require('yaml')` ~60 ms of CPU
  // against ~25 ms for the same code as one bundled chunk, measured on the bench machine). esbuild wraps their
  // CommonJS code in the chunks, and their own `require('process')`/`require('events')` calls go through the
  // `require` that the banner below defines in every chunk (ESM has none). Consequence: no source file may
  // declare a top-level `require` of its own (`const require = createRequire(…)`): name it differently.
  // dockerode stays external: src/live/dockerode.ts defers its unused dependencies through the CommonJS cache.
  // dockerfile-ast (with its two vscode-languageserver packages, ~40 CommonJS files), ignore and picocolors
  // likewise: bundling them took a one-file audit from ~350 to ~285 ms (node -e 0: ~120 ms).
  noExternal: ['yaml', 'commander', 'dockerfile-ast', 'vscode-languageserver-types', 'vscode-languageserver-textdocument', 'ignore', 'picocolors'],
  banner: { js: "import { createRequire as __bulwarkCreateRequire } from 'node:module';\nconst require = __bulwarkCreateRequire(import.meta.url);" },
  define: { __BULWARK_VERSION__: JSON.stringify(pkg.version) },
});
