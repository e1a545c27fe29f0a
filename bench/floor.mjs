#!/usr/bin/env node
/**
 * The floor of the benchmark: the least work any auditor of these files must do. One process walks
 * a directory (recursively), reads every regular file as UTF-8 and parses it with the parser bulwark
 * itself uses, and does nothing else: `yaml`'s `parseDocument` (with a `LineCounter`, as an auditor
 * needs line/column positions) for Compose files, `dockerfile-ast`'s `DockerfileParser.parse` for
 * Dockerfiles.
 *
 * Usage: `node bench/floor.mjs compose|dockerfile <dir>`; prints one JSON line
 * `{kind, files, bytes, parseErrors}` to stdout. Exit code 0, or 2 on a usage error.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [kind, dir] = process.argv.slice(2);
if ((kind !== 'compose' && kind !== 'dockerfile') || !dir) {
  process.stderr.write('usage: node bench/floor.mjs compose|dockerfile <dir>\n');
  process.exit(2);
}

let parse;
if (kind === 'compose') {
  const { parseDocument, LineCounter } = await import('yaml');
  parse = (text) => parseDocument(text, { lineCounter: new LineCounter() }).errors.length;
} else {
  const { DockerfileParser } = await import('dockerfile-ast');
  parse = (text) => (DockerfileParser.parse(text).getInstructions().length >= 0 ? 0 : 1);
}

let files = 0;
let bytes = 0;
let parseErrors = 0;
function walk(d) {
  for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.isFile()) {
      const buf = readFileSync(p);
      files++;
      bytes += buf.length;
      if (parse(buf.toString('utf8'))) parseErrors++;
    }
  }
}
walk(dir);
process.stdout.write(JSON.stringify({ kind, files, bytes, parseErrors }) + '\n');
