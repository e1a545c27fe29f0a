/**
 * BW-0013 for a rootless daemon's socket (QA d9-rootless.sh): `$XDG_RUNTIME_DIR/docker.sock` and
 * `/run/user/1000/docker.sock` are the API of a daemon that runs as that user (Docker docs "Rootless mode"): still
 * reported, as high with that wording, not as critical "root-equivalent on the host". `/run/user/0/` is root's.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';

const SCRIPT = [
  'docker run -d --name traefik --read-only -v $XDG_RUNTIME_DIR/docker.sock:/var/run/docker.sock:ro traefik:v3.0',
  'docker run -d --name agent --read-only -v /run/user/1000/docker.sock:/var/run/docker.sock portainer/agent:2.19.4',
  'docker run -d --name root --read-only -v /run/user/0/docker.sock:/var/run/docker.sock alpine:3.20',
  'docker run -d --name sys --read-only -v /var/run/docker.sock:/var/run/docker.sock alpine:3.20',
  '',
].join('\n');

const COMPOSE = [
  'services:',
  '  watch:',
  '    image: containrrr/watchtower:1.7.1',
  '    volumes:',
  '      - ${XDG_RUNTIME_DIR}/docker.sock:/var/run/docker.sock',
  '      - /run/user/1001/podman/podman.sock:/run/podman.sock',
  '',
].join('\n');

describe('BW-0013: a rootless daemon socket', () => {
  it('is high, the user\'s and not host root; root\'s and the system socket stay critical', async () => {
    const r = await auditSources(
      [
        { path: 'd9-rootless.sh', text: SCRIPT },
        { path: 'compose.yml', text: COMPOSE },
      ],
      { env: {} },
    );
    const got = r.findings.filter((f) => f.ruleId === 'BW-0013');
    expect(got.map((f) => `${f.location.file} ${f.location.startLine}:${f.location.startColumn} ${f.severity} ${f.certainty} ${f.target.name} ${String(f.data?.uid ?? '-')}`)).toEqual([
      'd9-rootless.sh 1:42 high definite traefik -',
      'd9-rootless.sh 2:40 high definite agent 1000',
      'd9-rootless.sh 3:39 critical definite root -',
      'd9-rootless.sh 4:38 critical definite sys -',
      'compose.yml 5:9 high definite watch -',
      'compose.yml 6:9 high definite watch 1001',
    ]);
    expect(got[1].message).toBe("container runtime API socket reachable through /run/user/1000/docker.sock: a rootless daemon's socket (under /run/user/1000): control of every container of user 1000 and of that user's files, not host root");
    expect(got[0].message).toBe(
      "container runtime API socket reachable through $XDG_RUNTIME_DIR/docker.sock: a rootless daemon's socket (under $XDG_RUNTIME_DIR): control of every container of the user whose $XDG_RUNTIME_DIR it is and of that user's files, not host root (read-only does not help: connect() works on a read-only bind)",
    );
  });
});
