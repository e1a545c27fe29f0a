/**
 * A named volume that the `local` driver binds from the host (`driver_opts: {type: none, o: bind, device: …}`,
 * compose-spec 07-volumes.md "driver_opts") is a host bind mount: bulwark used to model it as a named volume
 * and missed the Docker socket behind `device: /var/run` (R-B, CIS 5.32) and sensitive host paths (CIS 5.6).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { ingestText } from './test-helpers.js';

const Y = `services:
  agent:
    image: alpine:3.20
    volumes:
      - hostrun:/hostrun
      - etc:/host-etc
      - data:/data
      - plain:/plain
volumes:
  hostrun:
    driver: local
    driver_opts:
      type: none
      o: bind
      device: /var/run
  etc:
    driver_opts: {type: none, o: "rbind,ro", device: /etc}
  data:
    driver: local
    driver_opts:
      type: none
      o: bind
      device: ./data
  plain:
    driver: local
    driver_opts:
      type: nfs
      o: addr=127.0.0.1,rw
      device: ":/exports"
`;

describe('named volumes bound from the host with driver_opts', () => {
  it('model: bind mounts with the device as source; an nfs volume stays a volume', async () => {
    const { r } = await ingestText(Y, undefined, '/p/compose.yml');
    expect(r.errors).toEqual([]);
    expect(r.containers[0].mounts.map((m) => [m.type, m.source, m.readOnly])).toEqual([
      ['bind', '/var/run', false],
      ['bind', '/etc', true],
      ['bind', '/p/data', false],
      ['volume', 'plain', false],
    ]);
  });

  it('audit: the Docker socket behind /var/run and the host /etc are found, at the service volume entry', async () => {
    const r = await auditSources([{ path: 'compose.yml', text: Y }]);
    const pick = (id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => [f.target.name, f.location.startLine, f.location.startColumn]);
    expect(pick('BW-0013')).toEqual([['agent', 5, 9]]);
    expect(pick('BW-0011').map((x) => x[1])).toEqual([6]);
  });
});
