/**
 * QA (round C): a container of `docker inspect` output that joins another container's namespace
 * (`docker run --pid container:pidhost`, stored by dockerd as `"PidMode": "container:<full id>"`) has what that
 * container has: the host's PID or IPC namespace (BW-0016, BW-0017; CIS 5.16, 5.17) or no network (BW-0003's
 * network-none wording), as a run line's `--pid container:NAME` has (src/ingest/sharing.ts). The reference is
 * resolved as dockerd resolves it: full id, name with or without `/`, unique id prefix.
 * testdata/pj.json is QA's `docker inspect pidhost pidjoin` for
 * `docker run -d --name pidhost --network none --user 1000 --pid host busybox sleep 1d` and
 * `docker run -d --name pidjoin --network none --user 1000 --pid container:pidhost busybox sleep 1d`
 * (with `--ipc container:risky`, a container of another file). Requirements: R-M, R-B, R-A.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { allRules } from '../../rules/index.js';

const PJ = readFileSync(new URL('./testdata/pj.json', import.meta.url), 'utf8');
const RISKY_ID = 'b97e8a3859f40988d36cba870f2f825ac949928b9ed7e1e0d6e86314bc63e547';
const rules = allRules.filter((r) => ['host-pid', 'host-ipc', 'capabilities-not-dropped'].includes(r.meta.slug));

async function findings(text: string) {
  const res = await auditSources([{ path: 'inspect.json', text, kind: 'inspect' }], { env: {}, rules });
  expect(res.errors).toEqual([]);
  return res.findings.map((f) => [f.ruleId, f.target.name, `${f.location.startLine}:${f.location.startColumn}`, f.severity, f.pointer, f.message]);
}

/** A container as dockerd writes it (4-space JSON), trimmed to the fields that matter here. */
function container(id: string, name: string, hc: Record<string, unknown>) {
  return { Id: id, Name: name, AppArmorProfile: 'docker-default', HostConfig: { CapAdd: null, CapDrop: null, ...hc }, Config: { User: '1000', Image: 'busybox' } };
}

const PID = 'PID namespace shared with the host: the container sees every host process, their command lines and (with ptrace or as root) their environment and memory';
const IPC = "IPC namespace shared with the host: the container can read and write the host's System V and POSIX shared memory and semaphores";
const NONE = "capabilities not dropped: all 14 of Docker's default capabilities are held, including NET_RAW, SETUID, SETGID, DAC_OVERRIDE, MKNOD (no network, so NET_RAW reaches no neighbour)";
const ARP = "capabilities not dropped: all 14 of Docker's default capabilities are held, including NET_RAW, SETUID, SETGID, DAC_OVERRIDE, MKNOD; NET_RAW allows ARP spoofing of neighbouring containers";

describe('inspect: --pid / --ipc / --network container:X resolved among the containers of the file', () => {
  it('pj.json: pidjoin ("PidMode": "container:<pidhost full id>") shares the host PID namespace, reported at its PidMode', async () => {
    const out = (await findings(PJ)).filter((f) => f[0] === 'BW-0016' || f[0] === 'BW-0017');
    expect(out).toEqual([
      ['BW-0016', 'pidhost', '63:24', 'high', '/HostConfig/PidMode', PID],
      ['BW-0016', 'pidjoin', '260:24', 'high', '/HostConfig/PidMode', PID],
    ]);
  });

  it('pj.json with risky (IpcMode host) in the same file: pidjoin ("IpcMode": "container:<risky id>") shares the host IPC namespace', async () => {
    const objs = JSON.parse(PJ) as unknown[];
    objs.push(container(RISKY_ID, '/risky', { IpcMode: 'host', PidMode: '', NetworkMode: 'none' }));
    const text = JSON.stringify(objs, null, 4) + '\n';
    const out = (await findings(text)).filter((f) => f[0] === 'BW-0016' || f[0] === 'BW-0017');
    expect(out).toEqual([
      ['BW-0016', 'pidhost', '63:24', 'high', '/HostConfig/PidMode', PID],
      ['BW-0017', 'pidjoin', '256:24', 'high', '/HostConfig/IpcMode', IPC],
      ['BW-0016', 'pidjoin', '260:24', 'high', '/HostConfig/PidMode', PID],
      ['BW-0017', 'risky', '401:24', 'high', '/HostConfig/IpcMode', IPC],
    ]);
  });

  it('--network container:hard where hard has --network none: the network-none wording, by name (with and without /), full id and id prefix', async () => {
    const hard = 'ab934aa42ede8e5f57d4c7e5b8f0f47b9f6b7a4f4e2d1c0b9a8f7e6d5c4b3a29';
    const objs = [
      container(hard, '/hard', { NetworkMode: 'none' }),
      container('1111111111111111111111111111111111111111111111111111111111111111', '/by-name', { NetworkMode: 'container:hard' }),
      container('2222222222222222222222222222222222222222222222222222222222222222', '/by-slash-name', { NetworkMode: 'container:/hard' }),
      container('3333333333333333333333333333333333333333333333333333333333333333', '/by-id', { NetworkMode: `container:${hard}` }),
      container('4444444444444444444444444444444444444444444444444444444444444444', '/by-prefix', { NetworkMode: 'container:ab934aa42ede' }),
      // Not in the file: what its namespace is stays unknown, read as a network of its own.
      container('5555555555555555555555555555555555555555555555555555555555555555', '/elsewhere', { NetworkMode: 'container:feedface' }),
      // An id prefix two containers share names neither (dockerd: "multiple IDs found with provided prefix").
      container('ab9344444444444444444444444444444444444444444444444444444444444a', '/twin', { NetworkMode: 'bridge' }),
      container('6666666666666666666666666666666666666666666666666666666666666666', '/ambiguous', { NetworkMode: 'container:ab934' }),
    ];
    const out = (await findings(JSON.stringify(objs, null, 4) + '\n')).map((f) => [f[1], f[2], f[5]]);
    expect(out).toEqual([
      ['hard', '8:24', NONE],
      ['by-name', '22:24', NONE],
      ['by-slash-name', '36:24', NONE],
      ['by-id', '50:24', NONE],
      ['by-prefix', '64:24', NONE],
      ['elsewhere', '78:24', ARP],
      ['twin', '92:24', ARP],
      ['ambiguous', '106:24', ARP],
    ]);
  });
});
