/**
 * Compose file format v1 (docker-compose 1.x: services at the top level, no `version`, `net:` for the
 * network mode). Such files must not come out clean: their services are modelled like any other
 * (requirements.md "Inputs every rule must see": Compose files; R-B for the privileged / socket findings).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { at, ingestText } from './test-helpers.js';

const V1 = `web:
  image: "nginx:1.25"
  net: "host"
  privileged: true
  volumes:
    - /var/run/docker.sock:/var/run/docker.sock
db:
  image: mysql:5.7
x-note:
  image: not-a-service
volumes:
  image: not-a-service-either
`;

describe('Compose file format v1', () => {
  it('top-level mappings with image/build are services; net: is the network mode', async () => {
    const { r, sf } = await ingestText(V1, undefined, 'docker-compose.yml');
    expect(r.errors).toEqual([]);
    expect(r.containers.map((c) => [c.target.name, at(sf, c.target.range), c.image?.value])).toEqual([
      ['web', '1:1-1:4', 'nginx:1.25'],
      ['db', '7:1-7:3', 'mysql:5.7'],
    ]);
    const web = r.containers[0];
    expect([web.namespaces.network?.value.mode, at(sf, web.namespaces.network?.origin)]).toEqual(['host', '3:8-3:14']);
    expect(web.privileged?.value).toBe(true);
  });

  it('a file with services: or version: is not read as v1', async () => {
    const { r } = await ingestText('version: "2"\nweb:\n  image: nginx\n', undefined, 'docker-compose.yml');
    expect(r.containers).toEqual([]);
  });

  it('audit: the v1 file gets its findings at their lines', async () => {
    const r = await auditSources([{ path: 'docker-compose.yml', text: V1 }]);
    const pick = (id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => [f.target.name, f.location.startLine, f.location.startColumn]);
    expect(pick('BW-0001')).toEqual([['web', 4, 15]]);
    expect(pick('BW-0013')).toEqual([['web', 6, 7]]);
    expect(pick('BW-0015')).toEqual([['web', 3, 8]]);
    expect(pick('BW-0004')).toEqual([['web', 1, 1], ['db', 7, 1]]);
  });
});
