/**
 * Test support for rules that read what only a live engine shows (`/networks`, `/info` `Swarm`): builds the
 * engine's daemon item the way `auditLive` does (src/live/audit.ts: `/networks` and `/info` pretty-printed as
 * in-memory sources `docker://localhost/networks` and `docker://localhost/info`, `daemonFromInfo` +
 * `daemonNetworks`) from RECORDED answers, and audits it with `auditIngested`, so findings have real lines,
 * columns and JSON pointers. Used by src/rules/swarm-*.test.ts and network-*.test.ts only.
 *
 * Recorded answers (src/live/testdata/, docker.io 20.10.24 on a private engine after
 * `docker swarm init --advertise-addr 127.0.0.1` and `docker network create` of `enc1` (overlay,
 * `--opt encrypted`), `plain1` (overlay), `noicc` (bridge, `enable_icc=false`), `yesicc` (bridge)):
 * `swarm-info.json` (`GET /info`), `swarm-networks.json` (`GET /networks`, sorted by name).
 */
import { readFileSync } from 'node:fs';
import { auditIngested, type IngestedInput } from '../engine/audit.js';
import type { AuditResult } from '../engine/types.js';
import { daemonFromInfo, daemonNetworks } from '../ingest/daemon/info.js';
import type { Rule } from '../rules/types.js';
import { locator, stringifyPositioned } from './json.js';

/** A recorded answer of src/live/testdata/ (`swarm-info.json`, `swarm-networks.json`), parsed afresh. */
export function recorded<T = Record<string, unknown>>(name: 'swarm-info' | 'swarm-networks'): T {
  return JSON.parse(readFileSync(new URL(`./testdata/${name}.json`, import.meta.url), 'utf8')) as T;
}

/**
 * Audits an engine described by its `/info` and `/networks` answers with the given rules.
 * @param info `GET /info` (an object); `networks` `GET /networks` (an array; default none)
 */
export async function auditRecordedEngine(rules: Rule[], info: unknown, networks: unknown[] = []): Promise<AuditResult> {
  const netPath = 'docker://localhost/networks';
  const netDoc = stringifyPositioned(networks);
  const infoPath = 'docker://localhost/info';
  const infoDoc = stringifyPositioned(info);
  const daemon = daemonFromInfo(info, {}, locator(infoPath, infoDoc), 'unix:///var/run/docker.sock');
  daemon.networks = daemonNetworks(networks, locator(netPath, netDoc));
  const empty = { containers: [], images: [], errors: [] };
  const items: IngestedInput[] = [
    { path: netPath, kind: 'inspect', text: netDoc.text, result: empty },
    { path: infoPath, kind: 'daemon', text: infoDoc.text, result: { ...empty, daemons: [daemon] } },
  ];
  return auditIngested(items, { rules });
}

/**
 * Audits one container of a live engine as `auditLive` builds it (src/live/audit.ts): its `GET /containers/{id}/json`
 * answer pretty-printed as the source `docker://localhost/containers/<name>`, read by `containerFromInspect` with
 * source `engine`, and given the engine's facts (`ContainerSpec.engine`). Used by rule tests of what only a live
 * audit knows (the engine's socket, data root, host LSMs, default bridge).
 */
export async function auditEngineContainer(rules: Rule[], inspect: Record<string, unknown>, engine: import('../model/types.js').EngineFacts): Promise<AuditResult> {
  const { containerFromInspect } = await import('../ingest/inspect/container.js');
  const name = String(inspect.Name ?? 'c').replace(/^\//, '');
  const path = `docker://localhost/containers/${name}`;
  const doc = stringifyPositioned(inspect);
  const spec = containerFromInspect(inspect, locator(path, doc), 'engine', path, undefined);
  spec.engine = engine;
  return auditIngested([{ path, kind: 'inspect', text: doc.text, result: { containers: [spec], images: [], errors: [] } }], { rules });
}
