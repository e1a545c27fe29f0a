/**
 * `docker run --mount type=volume,src=dsock,dst=/var/run/docker.sock,volume-opt=type=none,volume-opt=o=bind,
 * volume-opt=device=/var/run/docker.sock`: `docker inspect` keeps the options in
 * `HostConfig.Mounts[].VolumeOptions.DriverConfig.Options`; the local driver hands them to mount(8), so the volume
 * is the host's socket, a bind mount in disguise (R-B; CIS 1.6.0 5.31 docker socket, 5.5 sensitive host paths).
 * The finding points at the mount; the bind's source at the `device` option. (`docker volume create --opt …`
 * volumes are resolved by the live audit, which reads `GET /volumes/{name}`: test/live/audit.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

const inspect = (driver: string, o: string) => `[
  {
    "Id": "4f1c2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8",
    "Name": "/agent",
    "Config": { "User": "1000", "Image": "example/agent:1.0" },
    "HostConfig": {
      "Mounts": [
        {
          "Type": "volume",
          "Source": "dsock",
          "Target": "/var/run/docker.sock",
          "VolumeOptions": {
            "DriverConfig": {
              "Name": "${driver}",
              "Options": { "device": "/var/run/docker.sock", "o": "${o}", "type": "none" }
            }
          }
        }
      ]
    }
  }
]
`;

const found = async (text: string) =>
  (await auditSources([{ path: 'agent.json', text }])).findings
    .filter((f) => f.ruleId === 'BW-0013')
    .map((f) => [f.severity, f.pointer, f.location.startLine, (f.data as { path?: string }).path]);

describe('inspect: a --mount volume the local driver binds from the host', () => {
  it('o=bind with a device is a bind of that path: the engine socket (BW-0013)', async () => {
    expect(await found(inspect('local', 'bind'))).toEqual([['critical', '/HostConfig/Mounts/0', 8, '/var/run/docker.sock']]);
    expect(await found(inspect('', 'rbind,ro'))).toEqual([['critical', '/HostConfig/Mounts/0', 8, '/var/run/docker.sock']]);
  });

  it('another driver, or options without bind, stay a volume', async () => {
    expect(await found(inspect('rexray/ebs', 'bind'))).toEqual([]);
    expect(await found(inspect('local', 'addr=10.0.0.1,nfsvers=4'))).toEqual([]);
  });
});
