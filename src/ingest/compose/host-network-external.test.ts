/**
 * A service on the external network named `host` shares the host's network stack, as `network_mode: host`
 * does (Compose file v3 reference, "host or none": `networks: {hostnet: {external: true, name: host}}`;
 * compose-spec 06-networks.md `name`, `external`). bulwark used to report nothing (R-M, CIS 5.10).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

const pick = async (text: string) => {
  const r = await auditSources([{ path: 'compose.yml', text }]);
  expect(r.errors).toEqual([]);
  return r.findings.filter((f) => f.ruleId === 'BW-0015').map((f) => [f.target.name, f.location.startLine, f.location.startColumn]);
};

describe('the external network named host', () => {
  it('a service that joins it: host network at its networks entry; other services not', async () => {
    const y = `services:
  a:
    image: alpine:3.20
    networks:
      - hostnet
  b:
    image: alpine:3.20
  c:
    image: alpine:3.20
    networks:
      hostnet: {}
  d:
    image: alpine:3.20
    network_mode: none
    networks: [hostnet]
networks:
  hostnet:
    external: true
    name: host
`;
    expect(await pick(y)).toEqual([['a', 5, 9], ['c', 11, 7]]);
  });

  it('the default network named host: every service without networks, at name: host; version 3 external.name and a key host', async () => {
    const y = `services:
  a:
    image: alpine:3.20
  b:
    image: alpine:3.20
    networks: [own]
  c:
    image: alpine:3.20
    networks: [legacy, host]
networks:
  default:
    name: host
    external: true
  own: {}
  legacy:
    external:
      name: host
  host:
    external: true
`;
    expect(await pick(y)).toEqual([['c', 9, 16], ['a', 12, 11]]);
  });

  it('a network merely named like a host is not the host network', async () => {
    expect(await pick('services:\n  a:\n    image: alpine:3.20\n    networks: [hostnet]\nnetworks:\n  hostnet:\n    name: hosting\n')).toEqual([]);
  });
});
