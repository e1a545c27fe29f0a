/**
 * BW-0045 on a published Docker socket proxy (QA r07): the finding stays for a published port, worded and graded by
 * what the proxy's configuration lets through (util/socket-proxy.ts): tecnativa/docker-socket-proxy's defaults are
 * read-only and answer only /events, /_ping and /version (Tecnativa README, haproxy.cfg), so "anyone can run
 * privileged containers" is reserved for a proxy that can create containers.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';

async function bw0045(text: string, path = 'compose.yaml', env: Record<string, string> = {}) {
  const r = await auditSources([{ path, text }], { env });
  return r.findings
    .filter((f) => f.ruleId === 'BW-0045')
    .map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.severity} ${f.certainty} ${JSON.stringify(f.data)} ${f.message}`);
}

const proxy = (image: string, env: string[], ports = ['"2375:2375"'], extra: string[] = []) =>
  [
    'services:',
    '  socket-proxy:',
    `    image: ${image}`,
    ...(env.length ? ['    environment:', ...env.map((e) => `      ${e}`)] : []),
    ...extra,
    '    volumes:',
    '      - /var/run/docker.sock:/var/run/docker.sock:ro',
    '    ports:',
    ...ports.map((p) => `      - ${p}`),
    '',
  ].join('\n');

const SOCK = 'proxy of the mounted Docker socket';

describe('BW-0045: a published socket proxy is judged by what it lets through (QA r07)', () => {
  it("tecnativa's defaults (QA r07): low, read-only, /events, /_ping and /version only", async () => {
    expect(await bw0045(proxy('tecnativa/docker-socket-proxy:0.3.0', []))).toEqual([
      `7:9 low definite {"exposure":"all-interfaces","port":"2375","proxy":"tecnativa/docker-socket-proxy","access":"minimal"} ${SOCK} (tecnativa/docker-socket-proxy, plain HTTP) published on all host interfaces (port 2375->2375/tcp): read-only (POST=0), answering only /events, /_ping and /version (the engine's version and its event stream: container and image names, labels); anyone who reaches the host can read them, not run containers`,
    ]);
  });

  it('POST=1 with CONTAINERS=1: critical, it can create and start containers', async () => {
    expect(await bw0045(proxy('tecnativa/docker-socket-proxy:0.3.0', ['POST: 1', 'CONTAINERS: 1']))).toEqual([
      `10:9 critical definite {"exposure":"all-interfaces","port":"2375","proxy":"tecnativa/docker-socket-proxy","access":"root"} ${SOCK} (tecnativa/docker-socket-proxy, plain HTTP) published on all host interfaces (port 2375->2375/tcp): POST=1 with CONTAINERS=1: it can create and start containers; anyone who reaches the host can run privileged containers on it`,
    ]);
  });

  it('CONTAINERS=1 read-only: medium, it shows every container environment', async () => {
    expect(await bw0045(proxy('tecnativa/docker-socket-proxy:0.3.0', ['CONTAINERS: 1', 'POST: 0']))).toEqual([
      `10:9 medium definite {"exposure":"all-interfaces","port":"2375","proxy":"tecnativa/docker-socket-proxy","access":"read"} ${SOCK} (tecnativa/docker-socket-proxy, plain HTTP) published on all host interfaces (port 2375->2375/tcp): read-only (POST=0), answering CONTAINERS=1: it shows every container's configuration, environment variables (and the secrets in them) included; anyone who reaches the host can read them, not run containers`,
    ]);
  });

  it('linuxserver ALLOW_RESTARTS=1 with POST=0 (its haproxy.cfg allows the actions first), on loopback: medium', async () => {
    expect(await bw0045(proxy('lscr.io/linuxserver/socket-proxy:latest', ['- ALLOW_RESTARTS=1', '- POST=0'], ['"127.0.0.1:2375:2375"']))).toEqual([
      `10:9 medium definite {"exposure":"loopback","port":"2375","proxy":"linuxserver/socket-proxy","access":"write"} ${SOCK} (linuxserver/socket-proxy, plain HTTP) published on loopback (port 2375->2375/tcp): ALLOW_RESTARTS=1: it can stop, restart and kill any container, not create one; every local user and process can do so, not run containers`,
    ]);
    // Tecnativa checks the method first: without POST the actions are refused.
    expect((await bw0045(proxy('tecnativa/docker-socket-proxy:0.3.0', ['ALLOW_RESTARTS: 1'])))[0]).toMatch(/^9:9 low definite .*"access":"minimal"/);
  });

  it('SWARM=1 even read-only: critical (GET /swarm answers with the join tokens)', async () => {
    expect((await bw0045(proxy('tecnativa/docker-socket-proxy', ['SWARM: 1'])))[0]).toMatch(/^9:9 critical definite .*"access":"root".*SWARM=1: on a swarm manager it answers with the join tokens/);
  });

  it('a value from an unset variable counts as granted, unknown', async () => {
    expect((await bw0045(proxy('tecnativa/docker-socket-proxy:0.3.0', ['POST: ${PROXY_POST}', 'CONTAINERS: 1'])))[0]).toMatch(/^10:9 critical unknown .*POST=1 with CONTAINERS=1/);
  });

  it('wollomatic: listening on its loopback (the default) or accepting only named containers is info; -allowPOST for /containers/create is critical', async () => {
    const w = (cmd: string[]) => proxy('wollomatic/socket-proxy:1.12.2', [], ['"2375:2375"'], ['    command:', ...cmd.map((x) => `      - '${x}'`)]);
    expect(await bw0045(w(['-allowGET=/v1\\..{1,2}/(version|containers/.*|events.*)']))).toEqual([
      `9:9 info definite {"exposure":"all-interfaces","port":"2375","proxy":"wollomatic/socket-proxy","access":"closed"} ${SOCK} (wollomatic/socket-proxy, plain HTTP) published on all host interfaces (port 2375->2375/tcp): it listens on 127.0.0.1 inside its container (-listenip), so the published port reaches no API`,
    ]);
    expect((await bw0045(w(['-listenip=0.0.0.0', '-allowfrom=traefik', '-allowGET=.*'])))[0]).toMatch(/^11:9 info definite .*it accepts clients only from traefik \(-allowfrom\), not through the published port$/);
    expect((await bw0045(w(['-listenip=0.0.0.0', '-allowfrom=0.0.0.0/0', '-allowGET=/v1\\..{1,2}/(version|containers/.*|events.*)'])))[0]).toMatch(/^11:9 medium definite .*"access":"read"/);
    expect((await bw0045(w(['-listenip=0.0.0.0', '-allowfrom=0.0.0.0/0', '-allowGET=.*', '-allowPOST=.*'])))[0]).toMatch(/^12:9 critical definite .*-allowPOST=\.\* matches \/containers\/create: it can create and start containers; anyone who reaches the host can run privileged containers on it$/);
  });

  it('a proxy bulwark does not know (socat) is still the whole API', async () => {
    const text = 'docker run -d -v /var/run/docker.sock:/var/run/docker.sock -p 2375:2375 alpine/socat tcp-listen:2375,fork,reuseaddr unix-connect:/var/run/docker.sock\n';
    expect(await bw0045(text, 'run.sh')).toEqual([
      `1:60 critical definite {"exposure":"all-interfaces","port":"2375"} ${SOCK} (plain HTTP) published on all host interfaces (port 2375->2375/tcp): anyone who reaches the host can run privileged containers on it`,
    ]);
  });
});
