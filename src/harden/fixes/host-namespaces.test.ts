import { describe, expect, it } from 'vitest';
import { hardenText } from '../index.js';

const only = ['BW-0015', 'BW-0016', 'BW-0017', 'BW-0018', 'BW-0019', 'BW-0020'];

describe('host namespace fixes (unsafe, R-M, R-A, R-B, R-S)', () => {
  it('removes network_mode, pid, ipc, uts and userns_mode: host from a service', async () => {
    const text = 'services:\n  a:\n    image: x\n    network_mode: host\n    pid: "host"\n    ipc: host\n    uts: host\n    userns_mode: host\n';
    expect((await hardenText({ path: 'compose.yaml', text }, { only })).output).toBe(text);
    const r = await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true });
    expect(r.output).toBe('services:\n  a:\n    image: x\n');
    expect(r.changes.map((c) => [c.ruleId, c.line, c.column])).toEqual([
      ['BW-0015', 4, 19],
      ['BW-0016', 5, 10],
      ['BW-0017', 6, 10],
      ['BW-0018', 7, 10],
      ['BW-0019', 8, 18],
    ]);
  });

  it('leaves a namespace set to another container alone', async () => {
    const text = 'services:\n  a:\n    image: x\n    network_mode: "service:b"\n  b:\n    image: y\n';
    expect((await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true })).changes).toEqual([]);
  });

  it('run line: removes --net=host, --pid host, --ipc=host, --uts host, --userns=host', async () => {
    const r = await hardenText({ path: 'x.sh', text: 'docker run --net=host --pid host --ipc=host --uts host --userns=host busybox\n' }, { only, unsafe: true });
    expect(r.output).toBe('docker run busybox\n');
    expect(r.changes.map((c) => c.ruleId)).toEqual(['BW-0015', 'BW-0016', 'BW-0017', 'BW-0018', 'BW-0019']);
  });

  // qa9 (netdata's documented run line): the flags went and a line holding only ` \` stayed.
  it('run line: a continued line whose every flag is removed goes with them (no line left holding only a backslash)', async () => {
    const text = 'docker run -d --name=netdata \\\n  --pid=host --network=host --ipc=host --uts=host --userns=host \\\n  -v netdataconfig:/etc/netdata \\\n  netdata/netdata:stable\n';
    const r = await hardenText({ path: 'x.sh', text }, { only, unsafe: true });
    expect(r.output.split('\n')).toEqual(['docker run -d --name=netdata \\', '  -v netdataconfig:/etc/netdata \\', '  netdata/netdata:stable', '']);
    expect(r.changes.map((c) => `${c.line}:${c.column} ${c.ruleId}`)).toEqual(['2:3 BW-0016', '2:14 BW-0015', '2:29 BW-0017', '2:40 BW-0018', '2:51 BW-0019']);
  });

  it('run line: a continued line keeps a flag that is not removed', async () => {
    const text = 'docker run \\\n  --pid=host -e A=1 \\\n  busybox\n';
    const r = await hardenText({ path: 'x.sh', text }, { only, unsafe: true });
    // The first word takes the indentation before it (one blank is left): the line and its continuation stay.
    expect(r.output).toBe('docker run \\\n -e A=1 \\\n  busybox\n');
  });
});

/** A Pod manifest with container `app` (extra container lines after its image) and extra pod spec lines before `containers`. */
const k8sPod = (container = '', pod = '') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${pod}  containers:\n  - name: app\n    image: busybox:1.36\n${container}`;

describe('host namespace fixes on Kubernetes: pod-level keys', () => {
  it('removes hostIPC from the pod spec once for both containers, saying it is pod-level; hostUsers: true becomes false', async () => {
    const text = k8sPod('  - name: side\n    image: busybox:1.36\n', '  hostIPC: true\n  hostUsers: true\n');
    const r = await hardenText({ path: 'pod.yaml', text }, { only, unsafe: true });
    expect(r.output).toBe(k8sPod('  - name: side\n    image: busybox:1.36\n', '  hostUsers: false\n'));
    expect(r.changes.map((c) => `${c.ruleId} ${c.target} ${c.line}:${c.column} ${c.detail}`)).toEqual([
      'BW-0017 app 6:3 pod-level hostIPC: applies to every container of the pod (app, side)',
      'BW-0019 app 7:3 pod-level hostUsers: false (the pod gets its own user namespace; needs Kubernetes 1.30+ with user namespace support on the nodes): applies to every container of the pod (app, side)',
    ]);
  });
});

describe('host namespace fixes on a Kubernetes pod: Kubernetes words (QA round 12)', () => {
  it('hostNetwork / hostPID / hostIPC: the title names the pod key; hostNetwork breaks in Kubernetes terms (Service, cluster DNS), not Compose ports', async () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: agent\nspec:\n  hostNetwork: true\n  hostPID: true\n  hostIPC: true\n  containers:\n  - name: agent\n    image: agent:1\n';
    const r = await hardenText({ path: 'agent.yaml', text }, { only, unsafe: true });
    expect(r.output).toBe('apiVersion: v1\nkind: Pod\nmetadata:\n  name: agent\nspec:\n  containers:\n  - name: agent\n    image: agent:1\n');
    expect(r.changes.map((c) => `${c.ruleId} ${c.title}`)).toEqual([
      'BW-0015 remove hostNetwork: true (the pod gets its own network namespace)',
      'BW-0016 remove hostPID: true (the pod gets its own PID namespace)',
      'BW-0017 remove hostIPC: true (the pod gets its own IPC namespace)',
    ]);
    expect(r.changes[0].breaks).toBe(
      "the pod's ports are no longer on the node's addresses: reach them through a Service (or a hostPort); node agents that manage or watch the node's network (CNI plugins, kube-proxy, network monitors, DHCP, mDNS) stop working; with dnsPolicy ClusterFirst (the default) the pod now resolves through the cluster DNS, not the node's resolv.conf",
    );
    expect(r.changes[1].breaks).toBe('monitoring agents that read host processes (node-exporter, cadvisor, falco) lose that view');
  });
});
