/**
 * A service that joins another service's namespace (`network_mode: service:agent`, `pid: service:agent`,
 * `ipc: service:agent`, or `container:NAME` for a service's `container_name`) shares the host's when that
 * service runs with `network_mode: host`, `pid: host`, `ipc: host` (compose-spec "network_mode", "pid", "ipc").
 * host-network / host-pid / host-ipc (BW-0015/0016/0017; R-M, R-B; CIS 5.10, 5.16, 5.17) report it at the
 * sidecar's own `service:` value; a sidecar of a service on its own namespaces gets nothing, and a cycle
 * changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { ingestText } from './test-helpers.js';

const Y = `services:
  agent:
    image: example/agent:2.0
    container_name: dd-agent
    network_mode: host
    pid: host
  sidecar:
    image: example/sidecar:1.0
    network_mode: "service:agent"
    pid: service:agent
    ipc: service:agent
  chained:
    image: example/chained:1.0
    network_mode: container:dd-agent
    pid: service:sidecar
  vpn:
    image: tailscale/tailscale:v1.76.6
  web:
    image: nginx:1.27
    network_mode: service:vpn
  a:
    image: example/a:1
    network_mode: service:b
  b:
    image: example/b:1
    network_mode: service:a
`;

const HOST_NS = new Set(['BW-0015', 'BW-0016', 'BW-0017']);

describe('a namespace joined from another service', () => {
  it('model: the host namespace, at the service: value', async () => {
    const { r } = await ingestText(Y);
    const modes = r.containers.map((c) => [c.target.name, c.namespaces.network?.value.mode, c.namespaces.pid?.value.mode, c.namespaces.ipc?.value.mode]);
    expect(modes).toEqual([
      ['agent', 'host', 'host', undefined],
      ['sidecar', 'host', 'host', 'service'],
      ['chained', 'host', 'host', undefined],
      ['vpn', undefined, undefined, undefined],
      ['web', 'service', undefined, undefined],
      ['a', 'service', undefined, undefined],
      ['b', 'service', undefined, undefined],
    ]);
  });

  it('audit: host-network and host-pid for the sidecars of a host service, nothing else', async () => {
    const r = await auditSources([{ path: 'compose.yml', text: Y }]);
    const got = r.findings.filter((f) => HOST_NS.has(f.ruleId)).map((f) => [f.ruleId, f.target.name, f.location.startLine, f.location.startColumn]);
    expect(got).toEqual([
      ['BW-0015', 'agent', 5, 19],
      ['BW-0016', 'agent', 6, 10],
      ['BW-0015', 'sidecar', 9, 19],
      ['BW-0016', 'sidecar', 10, 10],
      ['BW-0015', 'chained', 14, 19],
      ['BW-0016', 'chained', 15, 10],
    ]);
  });
});
