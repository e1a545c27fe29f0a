#!/usr/bin/env node
/**
 * A reference point for bench/live.mjs: the least a Node.js program using dockerode (the Engine API client
 * bulwark uses) must do to read what `bulwark audit --live` reads of the containers: start Node, load
 * dockerode, list all containers (`GET /containers/json?all=1`) and inspect each (`GET /containers/{id}/json`,
 * all at once). It checks nothing and prints only the number of bytes inspected. The gap between this and
 * `docker inspect $(docker ps -aq)` is the cost of Node and dockerode alone.
 *
 * Usage: node bench/live-min.mjs unix:///path/to/docker.sock
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Docker = require('dockerode');
const host = process.argv[2] ?? '';
if (!host.startsWith('unix://')) {
  process.stderr.write('usage: node bench/live-min.mjs unix:///path/to/docker.sock\n');
  process.exit(2);
}
const docker = new Docker({ socketPath: host.slice('unix://'.length) });
const list = await docker.listContainers({ all: true });
const inspected = await Promise.all(list.map((c) => docker.getContainer(c.Id).inspect()));
process.stdout.write(`${JSON.stringify(inspected).length}\n`);
