/**
 * `--volumes-from NAME[:ro]` copies every mount of the container the script starts as NAME, and
 * `--network container:NAME` / `--pid container:NAME` join its namespaces, the host's when NAME runs on them
 * (docker run reference; the same as Compose `volumes_from` / `service:NAME`, src/ingest/sharing.ts). QA: a
 * Jenkins-style `--volumes-from` or a netshoot sidecar got root-equivalent access with no finding.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { hardenText } from '../../harden/index.js';

const SCRIPT = [
  'docker run -d --name sockholder -v /var/run/docker.sock:/var/run/docker.sock alpine:3.20 sleep 1d',
  'docker run -d --name heir --volumes-from sockholder:ro alpine:3.20',
  'docker run -d --name app --network host --pid host alpine:3.20 sleep 1d',
  'docker run -d --name debug --network container:app --pid container:app nicolaka/netshoot:v0.13',
  'docker run -d --name lonely --volumes-from elsewhere --network container:nobody alpine:3.20',
  '',
].join('\n');

describe('containers of one script sharing mounts and namespaces', () => {
  it('are reported on the container that joins, at its own flag', async () => {
    const r = await auditSources([{ path: 'up.sh', text: SCRIPT }], { env: {} });
    expect(r.findings.filter((f) => ['BW-0013', 'BW-0015', 'BW-0016'].includes(f.ruleId)).map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.target.name}`)).toEqual([
      '1:33 BW-0013 sockholder',
      '2:27 BW-0013 heir',
      '3:26 BW-0015 app',
      '3:41 BW-0016 app',
      '4:28 BW-0015 debug',
      '4:52 BW-0016 debug',
    ]);
    expect(r.findings.find((f) => f.ruleId === 'BW-0013' && f.target.name === 'heir')!.message).toContain("(sockholder's mount, through --volumes-from)");
  });

  it('harden leaves --volumes-from in place (the mount is fixed where it is written)', async () => {
    const h = await hardenText({ path: 'up.sh', text: SCRIPT }, { only: ['BW-0013'], unsafe: true });
    expect(h.output.split('\n').slice(0, 2)).toEqual(['docker run -d --name sockholder alpine:3.20 sleep 1d', 'docker run -d --name heir --volumes-from sockholder:ro alpine:3.20']);
  });

  it('--network container:NAME where NAME has --network none: no network, as NAME (BW-0003 network-none wording; QA round C)', async () => {
    const text = ['docker run -d --name hard --network none --user 1000 busybox sleep 1d', 'docker run -d --name j --network container:hard --user 1000 busybox sleep 1d', ''].join('\n');
    const r = await auditSources([{ path: 'n.sh', text }], { env: {} });
    expect(r.findings.filter((f) => f.ruleId === 'BW-0003').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.target.name} ${f.message}`)).toEqual([
      "1:1 hard capabilities not dropped: all 14 of Docker's default capabilities are held, including NET_RAW, SETUID, SETGID, DAC_OVERRIDE, MKNOD (no network, so NET_RAW reaches no neighbour)",
      "2:1 j capabilities not dropped: all 14 of Docker's default capabilities are held, including NET_RAW, SETUID, SETGID, DAC_OVERRIDE, MKNOD (no network, so NET_RAW reaches no neighbour)",
    ]);
  });
});
