#!/usr/bin/env node
/**
 * A reference point for bench/live.mjs: the least a Node.js program using dockerode (the Engine API client
 * bulwark uses) must do to read what `bulwark audit --live` reads of the containers: start Node, load
 * dockerode, list all containers (`GET /containers/json?all=1`) and inspect each (`GET /containers/{id}/json`,
 * all at once). It checks nothing and prints only the number of bytes inspected.
 *
 * Two ways to load dockerode:
 *  - default: the installed package (`require('dockerode')`), as any Node program would: it loads ssh2, gRPC,
 *    tar-fs and the rest of dockerode's dependencies;
 *  - `--bundled <dist>`: dockerode as bulwark ships it (the `loadDockerode` of the build in `<dist>`: bundled,
 *    with the dependencies a GET-only client never uses deferred; src/live/deferred.ts).
 * The gap between the second and `docker inspect $(docker ps -aq)` is the cost of Node and dockerode alone; the
 * gap between the second and `bulwark audit --live` is bulwark's own work (the daemon, images and host, the
 * rules, the report, and loading their code).
 *
 * Usage: node bench/live-min.mjs unix:///path/to/docker.sock [--bundled dist]
 */
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const host = process.argv[2] ?? '';
if (!host.startsWith('unix://')) {
  process.stderr.write('usage: node bench/live-min.mjs unix:///path/to/docker.sock [--bundled dist]\n');
  process.exit(2);
}
const b = process.argv.indexOf('--bundled');
let Docker;
if (b > 0) {
  const dist = resolve(process.argv[b + 1]);
  const chunk = readdirSync(dist).find((f) => /^dockerode-[A-Z0-9]+\.js$/.test(f));
  if (!chunk) {
    process.stderr.write(`bench/live-min.mjs: no dockerode-*.js chunk in ${dist}\n`);
    process.exit(2);
  }
  Docker = await (await import(pathToFileURL(join(dist, chunk)).href)).loadDockerode();
} else {
  Docker = createRequire(import.meta.url)('dockerode');
}
const docker = new Docker({ socketPath: host.slice('unix://'.length) });
const list = await docker.listContainers({ all: true });
const inspected = await Promise.all(list.map((c) => docker.getContainer(c.Id).inspect()));
process.stdout.write(`${JSON.stringify(inspected).length}\n`);
