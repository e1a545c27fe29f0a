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
  define: { __BULWARK_VERSION__: JSON.stringify(pkg.version) },
});
