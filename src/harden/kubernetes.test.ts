/**
 * `bulwark harden` for Kubernetes manifests (KubernetesEditor, kubernetes.ts): the corpus manifests with the safe and
 * the unsafe fixes (exact changes, output text, re-audit, untouched lines byte-equal, idempotence), and the shapes
 * a manifest takes: an existing partial securityContext, several documents, flow style, CronJob, List, CRLF, JSON,
 * Helm-templated containers. Requirements: R-G5, R-G6, R-G7, R-G12 (via the fixed rules), R-S (secrets out of the
 * manifest); paper §V.2.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { corpusPath } from '../../test/support/corpus.js';
import { ingestKubernetes } from '../ingest/kubernetes/index.js';
import { quantityBytes, quantityNanoCpus } from '../ingest/kubernetes/quantity.js';
import { SourceFile } from '../model/source.js';
import { fixableFindings, hardenText, type HardenResult } from './index.js';
import { cpuQuantity, KubernetesDocument, KubernetesEditor, memoryQuantity } from './kubernetes.js';

const DEMO = 'k8s/k8s-docs-security-context-demo-pod.yaml';
const FLUENTD = 'k8s/fluentd-es-daemonset-literal-password-hostpath-varlog.yaml';
const NODE_EXPORTER = 'k8s/kube-prometheus-node-exporter-daemonset-hostpid-hostnet.yaml';

const read = (rel: string) => readFileSync(corpusPath(rel), 'utf8');
const changes = (r: HardenResult) => r.changes.map((c) => `${c.ruleId} ${c.target} ${c.line}:${c.column} ${c.applicability}`);

/** Lines of `a` missing from `b` (as a multiset): what the edits removed or replaced. */
function linesGone(a: string, b: string): string[] {
  const left = new Map<string, number>();
  for (const l of b.split('\n')) left.set(l, (left.get(l) ?? 0) + 1);
  const gone: string[] = [];
  for (const l of a.split('\n')) {
    const n = left.get(l) ?? 0;
    if (n > 0) left.set(l, n - 1);
    else gone.push(l);
  }
  return gone;
}

/**
 * What the API server's validation (ValidateSecurityContext, ValidateVolumeMounts) refuses in the containers of a
 * manifest: `allowPrivilegeEscalation: false` beside `privileged: true` or an added `CAP_SYS_ADMIN`; a
 * `mountPropagation: Bidirectional` on a container that is not privileged; a volumeMount naming no volume of its pod.
 */
function refusedByApiServer(text: string): string[] {
  const out: string[] = [];
  // A StatefulSet's volumeClaimTemplates are volumes of its pods too.
  const claims = new Set([...text.matchAll(/volumeClaimTemplates:[\s\S]*?name: (\S+)/g)].map((m) => m[1]));
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    const volumes = Array.isArray(o.volumes) ? new Set((o.volumes as { name?: string }[]).map((v) => v.name)) : new Set<string>();
    for (const list of ['initContainers', 'containers']) {
      for (const c of (Array.isArray(o[list]) ? o[list] : []) as Record<string, any>[]) {
        const sc = c.securityContext ?? {};
        if (sc.allowPrivilegeEscalation === false && sc.privileged === true) out.push(`${c.name}: allowPrivilegeEscalation false with privileged`);
        if (sc.allowPrivilegeEscalation === false && (sc.capabilities?.add ?? []).includes('CAP_SYS_ADMIN')) out.push(`${c.name}: allowPrivilegeEscalation false with CAP_SYS_ADMIN`);
        for (const vm of (c.volumeMounts ?? []) as Record<string, unknown>[]) {
          if (vm.mountPropagation === 'Bidirectional' && sc.privileged !== true) out.push(`${c.name}: Bidirectional without privileged at ${vm.mountPath}`);
          if (!volumes.has(vm.name as string) && !claims.has(vm.name as string)) out.push(`${c.name}: volumeMount ${vm.name} names no volume`);
        }
      }
    }
    Object.values(o).forEach(walk);
  };
  for (const d of parseAllDocuments(text) as ReturnType<typeof parseAllDocuments> & unknown[]) walk((d as { toJS: () => unknown }).toJS());
  return out;
}

/** The same checks for every hardened text: parses, no duplicate keys, the API server accepts it, idempotent, no fixable finding left. */
async function settled(path: string, r: HardenResult, unsafe: boolean): Promise<void> {
  for (const d of parseAllDocuments(r.output, { uniqueKeys: true }) as ReturnType<typeof parseAllDocuments> & unknown[]) expect((d as { errors: unknown[] }).errors).toEqual([]);
  expect(refusedByApiServer(r.output)).toEqual([]);
  const again = await hardenText({ path, text: r.output, kind: 'kubernetes' }, { unsafe });
  expect(again.changes).toEqual([]);
  expect(again.output).toBe(r.output);
  const left = await fixableFindings({ path, text: r.output, kind: 'kubernetes' }, { unsafe });
  // A fix harden said it could not make (a note `<target>: <rule>: why`) may leave its finding.
  const excused = (f: { ruleId: string; target: { name: string } }) => r.notes.some((n) => n.startsWith(`${f.target.name}: ${f.ruleId}: `));
  expect(left.filter((f) => !excused(f)).map((f) => `${f.ruleId} ${f.target.name} ${f.location.startLine}`)).toEqual([]);
}

describe('harden: the corpus Kubernetes manifests', () => {
  it('k8s-docs security-context demo Pod, safe fixes: exact changes and output text', async () => {
    const text = read(DEMO);
    const r = await hardenText({ path: 'pod.yaml', text });
    expect(r.kind).toBe('kubernetes');
    expect(changes(r)).toEqual(['BW-0003 sec-ctx-demo 13:5 safe', 'BW-0041 sec-ctx-demo 13:5 safe']);
    expect(r.output).toBe(
      text +
        '      capabilities:\n' +
        '        drop:\n' +
        '        - NET_RAW\n' +
        '      seccompProfile:\n' +
        '        type: RuntimeDefault\n',
    );
    expect(r.notes).toEqual([]);
    // BW-0003 (ALL), BW-0006, BW-0008, BW-0009 have unsafe fixes.
    expect(r.unsafeAvailable).toBe(4);
    await settled('pod.yaml', r, false);
  });

  it('k8s-docs security-context demo Pod, unsafe fixes: exact changes and output text', async () => {
    const text = read(DEMO);
    const r = await hardenText({ path: 'pod.yaml', text }, { unsafe: true });
    expect(changes(r)).toEqual([
      'BW-0003 sec-ctx-demo 13:5 unsafe',
      'BW-0006 sec-ctx-demo 13:5 unsafe',
      'BW-0008 sec-ctx-demo 13:5 unsafe',
      'BW-0041 sec-ctx-demo 13:5 safe',
      // Round 2 (the volumes added above moved the container down): resources was created in round 1 by BW-0008.
      'BW-0009 sec-ctx-demo 13:5 unsafe',
    ]);
    expect(r.changes.find((c) => c.ruleId === 'BW-0006')?.detail).toBe(
      "tmpfs as memory-backed emptyDir volumes (medium: Memory) mounted at /tmp, /run: what is written there counts against the container's memory limit",
    );
    expect(r.output).toBe(`apiVersion: v1
kind: Pod
metadata:
  name: security-context-demo
spec:
  securityContext:
    runAsUser: 1000
    fsGroup: 2000
  volumes:
  - name: sec-ctx-vol
    emptyDir: {}
  - name: bulwark-tmp
    emptyDir:
      medium: Memory
  - name: bulwark-run
    emptyDir:
      medium: Memory
  containers:
  - name: sec-ctx-demo
    image: gcr.io/google-samples/node-hello:1.0
    volumeMounts:
    - name: sec-ctx-vol
      mountPath: /data/demo
    - name: bulwark-tmp
      mountPath: /tmp
    - name: bulwark-run
      mountPath: /run
    securityContext:
      allowPrivilegeEscalation: false
      capabilities:
        drop:
        - ALL
      readOnlyRootFilesystem: true
      seccompProfile:
        type: RuntimeDefault
    resources:
      limits:
        memory: 512Mi  # bulwark: memory limit from the harden profile
        cpu: 1  # bulwark: CPU limit from the harden profile
`);
    expect(linesGone(text, r.output)).toEqual([]);
    await settled('pod.yaml', r, true);
  });

  it('fluentd DaemonSet: safe and unsafe changes; comments and untouched lines byte-equal; the literal password leaves the file', async () => {
    const text = read(FLUENTD);
    const safe = await hardenText({ path: 'fluentd.yaml', text });
    expect(changes(safe)).toEqual(['BW-0003 fluentd 64:9 safe', 'BW-0007 fluentd 64:9 safe', 'BW-0041 fluentd 64:9 safe']);
    expect(linesGone(text, safe.output)).toEqual([]);
    // Everything before the insertion point and after it is the input, byte for byte.
    const at = text.indexOf('      terminationGracePeriodSeconds');
    expect(safe.output.slice(0, at)).toBe(text.slice(0, at));
    expect(safe.output.endsWith(text.slice(at))).toBe(true);
    expect(safe.output).toContain(
      '          readOnly: true\n        securityContext:\n          capabilities:\n            drop:\n            - NET_RAW\n          allowPrivilegeEscalation: false\n          seccompProfile:\n            type: RuntimeDefault\n      terminationGracePeriodSeconds: 30\n',
    );
    await settled('fluentd.yaml', safe, false);

    const r = await hardenText({ path: 'fluentd.yaml', text }, { unsafe: true });
    expect(changes(r)).toEqual([
      'BW-0003 fluentd 64:9 unsafe',
      'BW-0009 fluentd 64:9 unsafe',
      'BW-0026 fluentd 77:13 unsafe',
      'BW-0011 fluentd 95:11 unsafe',
      // The removal of the read-only bind waits a round: the new securityContext is inserted right after it.
      'BW-0004 fluentd 64:9 unsafe',
      'BW-0006 fluentd 64:9 unsafe',
      'BW-0007 fluentd 64:9 safe',
      'BW-0041 fluentd 64:9 safe',
      'BW-0011 fluentd 95:11 unsafe',
      'BW-0011 fluentd 98:11 unsafe',
    ]);
    expect(r.notes).toEqual([]);
    expect(r.output).not.toContain('changeme');
    // Only the password's value, the two host mounts and their volumes are gone; every comment stays.
    expect(linesGone(text, r.output)).toEqual([
      '            value: "changeme"',
      '        - name: varlog',
      '          mountPath: /var/log',
      '        - name: varlibdockercontainers',
      '          mountPath: /var/lib/docker/containers',
      '          readOnly: true',
      '      - name: varlog',
      '        hostPath:',
      '          path: /var/log',
      '      - name: varlibdockercontainers',
      '        hostPath:',
      '          path: /var/lib/docker/containers',
    ]);
    for (const l of text.split('\n').filter((x) => x.trim().startsWith('#'))) expect(r.output).toContain(l + '\n');
    expect(r.output).toContain(
      '          - name: FLUENT_ELASTICSEARCH_PASSWORD\n' +
        '            valueFrom:\n' +
        '              secretKeyRef:\n' +
        '                name: fluentd-secrets\n' +
        "                key: FLUENT_ELASTICSEARCH_PASSWORD  # bulwark: create the Secret first, in the pod's namespace: kubectl create secret generic fluentd-secrets --from-literal=FLUENT_ELASTICSEARCH_PASSWORD=…\n",
    );
    await settled('fluentd.yaml', r, true);
  });

  it('node-exporter DaemonSet: pod-level seccomp (safe); host namespaces and host mounts removed (unsafe), noted as pod-level', async () => {
    const text = read(NODE_EXPORTER);
    const safe = await hardenText({ path: 'ne.yaml', text });
    expect(changes(safe)).toEqual(['BW-0041 node-exporter 26:5 safe']);
    expect(safe.changes[0].detail).toBe('pod-level securityContext.seccompProfile: applies to every container of the pod (node-exporter, kube-rbac-proxy)');
    expect(safe.output).toBe(text.replace('        runAsUser: 65534\n', '        runAsUser: 65534\n        seccompProfile:\n          type: RuntimeDefault\n'));
    await settled('ne.yaml', safe, false);

    const r = await hardenText({ path: 'ne.yaml', text }, { unsafe: true });
    expect(changes(r)).toEqual([
      'BW-0041 node-exporter 26:5 safe',
      'BW-0002 node-exporter 53:15 unsafe',
      'BW-0015 node-exporter 97:7 unsafe',
      'BW-0016 node-exporter 98:7 unsafe',
      'BW-0011 node-exporter 110:11 unsafe',
      'BW-0011 node-exporter 113:11 unsafe',
    ]);
    expect(r.changes.filter((c) => c.detail).map((c) => `${c.ruleId} ${c.detail}`)).toEqual([
      'BW-0041 pod-level securityContext.seccompProfile: applies to every container of the pod (node-exporter, kube-rbac-proxy)',
      'BW-0015 pod-level hostNetwork: applies to every container of the pod (node-exporter, kube-rbac-proxy)',
      'BW-0016 pod-level hostPID: applies to every container of the pod (node-exporter, kube-rbac-proxy)',
    ]);
    expect(linesGone(text, r.output)).toEqual([
      '            add:',
      '            - SYS_TIME',
      '        volumeMounts:',
      '        - mountPath: /host/sys',
      '          mountPropagation: HostToContainer',
      '          name: sys',
      '          readOnly: true',
      '        - mountPath: /host/root',
      '          mountPropagation: HostToContainer',
      '          name: root',
      '          readOnly: true',
      '      hostNetwork: true',
      '      hostPID: true',
      '      volumes:',
      '      - hostPath:',
      '          path: /sys',
      '        name: sys',
      '      - hostPath:',
      '          path: /',
      '        name: root',
    ]);
    await settled('ne.yaml', r, true);
  });
});

describe('harden: Kubernetes manifest shapes', () => {
  it('a Deployment with a partial securityContext: values replaced and keys merged in place, no duplicate key, comments kept', async () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web   # the front end
          image: nginx:1.27
          # hardened by hand, partly
          securityContext:
            runAsUser: 0
            allowPrivilegeEscalation: true
            privileged: true
            capabilities:
              drop: [NET_RAW]   # no ping
          resources:
            requests:
              memory: 1Gi
`;
    const safe = await hardenText({ path: 'web.yaml', text });
    // privileged: true stays (unsafe to remove), so allowPrivilegeEscalation stays true: the API server refuses false beside it.
    expect(changes(safe)).toEqual(['BW-0041 web 9:11 safe']);
    expect(safe.notes).toEqual([
      'web: BW-0007: allowPrivilegeEscalation: false is refused by the API server on a container that is privileged (Kubernetes always allows escalation there); with --unsafe-fixes that is removed first and allowPrivilegeEscalation: false set',
    ]);
    expect(safe.output).toBe(text.replace('   # no ping\n', '   # no ping\n            seccompProfile:\n              type: RuntimeDefault\n'));
    await settled('web.yaml', safe, false);

    const r = await hardenText({ path: 'web.yaml', text }, { unsafe: true });
    expect(changes(r)).toEqual([
      'BW-0006 web 9:11 unsafe',
      'BW-0008 web 9:11 unsafe',
      'BW-0041 web 9:11 safe',
      'BW-0005 web 13:13 unsafe',
      'BW-0001 web 15:13 unsafe',
      'BW-0009 web 9:11 unsafe',
      // Once privileged is false (round 1), allowPrivilegeEscalation: false is accepted (round 2), and a capability
      // drop takes effect (qa-a 6: not made while the container is privileged).
      'BW-0007 web 14:13 safe',
      'BW-0003 web 17:22 unsafe',
    ]);
    expect(r.output).toBe(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web   # the front end
          image: nginx:1.27
          # hardened by hand, partly
          securityContext:
            runAsUser: 65532
            allowPrivilegeEscalation: false
            privileged: false
            capabilities:
              drop: [NET_RAW, ALL]   # no ping
            readOnlyRootFilesystem: true
            seccompProfile:
              type: RuntimeDefault
            runAsNonRoot: true
            runAsGroup: 65532
          resources:
            requests:
              memory: 1Gi
            limits:
              memory: 1Gi  # bulwark: memory limit set to the request (the profile's 512Mi is below it)
              cpu: 1  # bulwark: CPU limit from the harden profile
          volumeMounts:
            - name: bulwark-tmp
              mountPath: /tmp
            - name: bulwark-run
              mountPath: /run
      volumes:
        - name: bulwark-tmp
          emptyDir:
            medium: Memory
        - name: bulwark-run
          emptyDir:
            medium: Memory
`);
    await settled('web.yaml', r, true);
  });

  it('several documents: containers of one name in two Pods are fixed each in its own document; securityContext {} and an empty securityContext filled', async () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: a
spec:
  containers:
  - name: app
    image: busybox:1.36
    securityContext: {}
---
# second
apiVersion: v1
kind: Pod
metadata:
  name: b
spec:
  hostPID: true
  containers:
  - name: app
    image: busybox:1.36
    securityContext:
`;
    const r = await hardenText({ path: 'pods.yaml', text });
    expect(changes(r)).toEqual([
      'BW-0003 app 7:5 safe',
      'BW-0003 app 19:5 safe',
      'BW-0007 app 7:5 safe',
      'BW-0041 app 7:5 safe',
      'BW-0007 app 19:5 safe',
      'BW-0041 app 19:5 safe',
    ]);
    const sc = '    securityContext:\n      capabilities:\n        drop:\n        - NET_RAW\n      allowPrivilegeEscalation: false\n      seccompProfile:\n        type: RuntimeDefault\n';
    expect(r.output).toBe(text.replace('    securityContext: {}\n', sc).replace(/    securityContext:\n$/, sc));
    await settled('pods.yaml', r, false);
    const u = await hardenText({ path: 'pods.yaml', text }, { unsafe: true });
    expect(u.changes.filter((c) => c.ruleId === 'BW-0016').map((c) => `${c.target} ${c.line}:${c.column} ${c.detail}`)).toEqual([
      'app 17:3 pod-level hostPID: applies to every container of the pod (app)',
    ]);
    expect(u.output.split('---')[1]).not.toContain('hostPID');
    await settled('pods.yaml', u, true);
  });

  it('a container written as a flow mapping gets flow entries on its own line', async () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: f}\nspec:\n  containers:\n  - {name: app, image: "busybox:1.36", securityContext: {allowPrivilegeEscalation: false}}\n';
    const r = await hardenText({ path: 'f.yaml', text });
    expect(changes(r)).toEqual(['BW-0003 app 6:6 safe', 'BW-0041 app 6:6 safe']);
    expect(r.output).toBe(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: f}\nspec:\n  containers:\n  - {name: app, image: "busybox:1.36", securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [NET_RAW]}, seccompProfile: {type: RuntimeDefault}}}\n',
    );
    await settled('f.yaml', r, false);
    const u = await hardenText({ path: 'f.yaml', text }, { unsafe: true });
    expect(u.output).toBe(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: f}\nspec:\n  containers:\n' +
        '  - {name: app, image: "busybox:1.36", securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, readOnlyRootFilesystem: true, seccompProfile: {type: RuntimeDefault}}, volumeMounts: [{name: bulwark-tmp, mountPath: /tmp}, {name: bulwark-run, mountPath: /run}], resources: {limits: {memory: 512Mi, cpu: 1}}}\n' +
        '  volumes:\n  - name: bulwark-tmp\n    emptyDir:\n      medium: Memory\n  - name: bulwark-run\n    emptyDir:\n      medium: Memory\n',
    );
    await settled('f.yaml', u, true);
  });

  it('a CronJob: the container at spec.jobTemplate.spec.template.spec, the volumes on that pod spec', async () => {
    const text = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: backup
            image: restic/restic:0.16.4
            args: ["backup", "/data"]
`;
    const r = await hardenText({ path: 'cron.yaml', text }, { unsafe: true });
    expect(changes(r)).toEqual([
      'BW-0003 backup 13:13 unsafe',
      'BW-0008 backup 13:13 unsafe',
      'BW-0004 backup 13:13 unsafe',
      'BW-0006 backup 13:13 unsafe',
      'BW-0007 backup 13:13 safe',
      'BW-0009 backup 13:13 unsafe',
      'BW-0041 backup 13:13 safe',
    ]);
    expect(r.output).toBe(
      text +
        `            securityContext:
              capabilities:
                drop:
                - ALL
              runAsNonRoot: true
              runAsUser: 65532  # bulwark: non-root uid:gid from the harden profile
              runAsGroup: 65532
              readOnlyRootFilesystem: true
              allowPrivilegeEscalation: false
              seccompProfile:
                type: RuntimeDefault
            resources:
              limits:
                memory: 512Mi  # bulwark: memory limit from the harden profile
                cpu: 1  # bulwark: CPU limit from the harden profile
            volumeMounts:
            - name: bulwark-tmp
              mountPath: /tmp
            - name: bulwark-run
              mountPath: /run
          volumes:
          - name: bulwark-tmp
            emptyDir:
              medium: Memory
          - name: bulwark-run
            emptyDir:
              medium: Memory
`,
    );
    await settled('cron.yaml', r, true);
  });

  it('a List item, and a CRLF file (written back with CRLF)', async () => {
    const list = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: one\n  spec:\n    containers:\n    - name: app\n      image: busybox:1.36\n';
    const r = await hardenText({ path: 'list.yaml', text: list });
    expect(changes(r)).toEqual(['BW-0003 app 10:7 safe', 'BW-0007 app 10:7 safe', 'BW-0041 app 10:7 safe']);
    expect(r.output).toBe(list + '      securityContext:\n        capabilities:\n          drop:\n          - NET_RAW\n        allowPrivilegeEscalation: false\n        seccompProfile:\n          type: RuntimeDefault\n');
    await settled('list.yaml', r, false);

    const crlf = 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: c\r\nspec:\r\n  containers:\r\n  - name: app  # main\r\n    image: busybox:1.36\r\n';
    const c = await hardenText({ path: 'c.yaml', text: crlf, kind: 'kubernetes' });
    expect(c.output).toBe(crlf + '    securityContext:\r\n      capabilities:\r\n        drop:\r\n        - NET_RAW\r\n      allowPrivilegeEscalation: false\r\n      seccompProfile:\r\n        type: RuntimeDefault\r\n');
  });

  it('a JSON manifest (kubectl get -o json) stays JSON', async () => {
    const text = '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "j"},\n  "spec": {\n    "containers": [\n      {"name": "app", "image": "busybox:1.36"}\n    ]\n  }\n}\n';
    const r = await hardenText({ path: 'pod.json', text, kind: 'kubernetes' }, { unsafe: true });
    expect(changes(r)).toEqual([
      'BW-0003 app 7:8 unsafe',
      'BW-0008 app 7:8 unsafe',
      'BW-0004 app 7:8 unsafe',
      'BW-0006 app 7:8 unsafe',
      'BW-0007 app 7:8 safe',
      'BW-0009 app 7:8 unsafe',
      'BW-0041 app 7:8 safe',
    ]);
    expect(JSON.parse(r.output)).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'j' },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'busybox:1.36',
            securityContext: { capabilities: { drop: ['ALL'] }, runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' } },
            resources: { limits: { memory: '512Mi', cpu: 1 } },
            volumeMounts: [
              { name: 'bulwark-tmp', mountPath: '/tmp' },
              { name: 'bulwark-run', mountPath: '/run' },
            ],
          },
        ],
        volumes: [
          { name: 'bulwark-tmp', emptyDir: { medium: 'Memory' } },
          { name: 'bulwark-run', emptyDir: { medium: 'Memory' } },
        ],
      },
    });
  });

  it('a container holding a template action is left alone with one note; its plain sibling and the pod are fixed', async () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: alert
spec:
  containers:
  - name: notifier
    image: busybox:1.36
    args: ["--message={{ $labels.instance }} is down"]
  - name: plain
    image: busybox:1.36
`;
    const r = await hardenText({ path: 'alert.yaml', text });
    expect(changes(r)).toEqual(['BW-0041 notifier 5:1 safe', 'BW-0003 plain 10:5 safe', 'BW-0007 plain 10:5 safe']);
    expect(r.notes).toEqual([
      'notifier: BW-0003: the container holds a template action ({{ … }}): harden leaves it as written (no fix is applied to it); render the template and harden the output, or change it by hand',
    ]);
    expect(r.output).toBe(
      text + '    securityContext:\n      capabilities:\n        drop:\n        - NET_RAW\n      allowPrivilegeEscalation: false\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n',
    );
    expect(r.output.slice(0, text.indexOf('  - name: plain'))).toBe(text.slice(0, text.indexOf('  - name: plain')));
  });

  it('a Helm chart template is not rewritten: the ingester refuses it, harden returns it unchanged with the error', async () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  containers:\n  - name: app\n    image: {{ .Values.image }}\n';
    const r = await hardenText({ path: 'templates/pod.yaml', text, kind: 'kubernetes' });
    expect(r.output).toBe(text);
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.code} ${e.message}`)).toEqual([
      '4:9 unsupported a Helm chart template, not a manifest: render it first (helm template <chart> | bulwark audit --kind kubernetes -)',
    ]);
  });

  it('sockets, privileged, Unconfined seccomp, added capabilities and a hostPath shared by two containers', async () => {
    const text = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      hostNetwork: true
      containers:
      - name: agent
        image: agent:1
        securityContext:
          privileged: true
          seccompProfile:
            type: Unconfined
          capabilities:
            add: ["SYS_ADMIN", "NET_ADMIN"]
        volumeMounts:
        - name: sock
          mountPath: /var/run/docker.sock
        - name: etc
          mountPath: /host/etc
      - name: sidecar
        image: side:1
        volumeMounts:
        - {name: etc, mountPath: /etc/host}
      volumes:
      - name: sock
        hostPath: {path: /var/run/docker.sock, type: Socket}
      - name: etc
        hostPath:
          path: /etc
`;
    const safe = await hardenText({ path: 'agent.yaml', text });
    // No allowPrivilegeEscalation: false on the privileged agent: the API server refuses it there.
    expect(changes(safe)).toEqual([
      'BW-0021 agent 15:13 safe',
      'BW-0003 sidecar 23:9 safe',
      'BW-0011 agent 32:11 safe',
      'BW-0011 sidecar 32:11 safe',
      'BW-0007 sidecar 23:9 safe',
      'BW-0041 sidecar 23:9 safe',
    ]);
    expect(safe.notes).toEqual([
      'agent: BW-0007: allowPrivilegeEscalation: false is refused by the API server on a container that is privileged (Kubernetes always allows escalation there); with --unsafe-fixes that is removed first and allowPrivilegeEscalation: false set',
    ]);
    expect(safe.output).toContain('          seccompProfile:\n            type: RuntimeDefault\n');
    expect(safe.output).toContain('        - name: etc\n          mountPath: /host/etc\n          readOnly: true\n');
    expect(safe.output).toContain('        - {name: etc, mountPath: /etc/host, readOnly: true}\n');
    await settled('agent.yaml', safe, false);

    const r = await hardenText({ path: 'agent.yaml', text }, { unsafe: true });
    expect(r.output).toContain('          privileged: false\n');
    expect(r.output).not.toMatch(/hostNetwork|docker\.sock|SYS_ADMIN|NET_ADMIN|hostPath/);
    expect(r.notes).toEqual([]);
    await settled('agent.yaml', r, true);
  });
});

describe('KubernetesEditor: what a manifest cannot express', () => {
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: busybox:1.36\n';
  async function editor(text = pod): Promise<KubernetesEditor> {
    const file = new SourceFile('p.yaml', text);
    const { containers } = await ingestKubernetes(file, { env: {}, readFile: async () => undefined });
    return KubernetesEditor.forContainer(new KubernetesDocument(text), containers[0])!;
  }

  it('a pids limit, a Docker restart policy, UTS / cgroup namespaces and devices: false with one problem line each', async () => {
    const ed = await editor();
    expect(ed.setScalar('pids', '256', undefined)).toBe(false);
    expect(ed.replaceValue('restart', { kind: 'file', file: 'p.yaml', start: 0, end: 0 }, 'on-failure:5')).toBe(false);
    expect(ed.removeItem('devices', { kind: 'file', file: 'p.yaml', start: 0, end: 0 }, 'the device /dev/kmsg')).toBe(false);
    expect(ed.addSecurityOpt('label=type:container_t')).toBe(false);
    expect(ed.edits).toEqual([]);
    expect(ed.problems).toEqual([
      "Kubernetes has no per-container pids limit: the pod's limit is the kubelet's podPidsLimit (node configuration), not a manifest field",
      "Kubernetes has no Docker restart policy: the pod's restartPolicy restarts with a back-off, which bulwark leaves as it is",
      'the device /dev/kmsg has no Kubernetes manifest field bulwark rewrites',
      'the security option label=type:container_t has no Kubernetes securityContext field bulwark writes; set it by hand',
    ]);
  });

  it('a user name cannot be a runAsUser', async () => {
    const ed = await editor();
    expect(ed.setScalar('user', 'nobody', undefined)).toBe(false);
    expect(ed.problems).toEqual(["Kubernetes needs a numeric uid (runAsUser): the profile's user nobody is a name; give --user uid:gid"]);
  });

  it('a container from a YAML anchor used elsewhere is not edited', async () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n  spec:\n    containers:\n    - &c\n      name: app\n      image: busybox:1.36\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: b}\n  spec:\n    containers:\n    - *c\n';
    const ed = await editor(text);
    expect(ed.addCapDrop(['NET_RAW'])).toBe(false);
    expect(ed.problems).toEqual(['the container is a YAML anchor used elsewhere: change it by hand']);
  });
});

describe('Kubernetes quantities from the harden profile', () => {
  it('memory: Docker sizes (powers of 1024) as binary-SI quantities; cpus as whole CPUs or millicores', () => {
    expect(['512m', '1g', '1536m', '64k', '1000', '2G', 'x'].map(memoryQuantity)).toEqual(['512Mi', '1Gi', '1536Mi', '64Ki', '1000', '2Gi', undefined]);
    expect(['1.0', '0.5', '2', '0.25', '1.5', '0', 'x'].map(cpuQuantity)).toEqual([1, '500m', 2, '250m', '1500m', undefined, undefined]);
  });

  it('the quantity written reads back (ingester quantity.ts) as the profile value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1 << 20 }), fc.constantFrom('', 'k', 'm', 'g'), (n, unit) => {
        const bytes = n * 1024 ** ['', 'k', 'm', 'g'].indexOf(unit);
        expect(quantityBytes(memoryQuantity(`${n}${unit}`)!)).toBe(bytes);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64000 }), (milli) => {
        expect(quantityNanoCpus(cpuQuantity(String(milli / 1000))!)).toBe(milli * 1e6);
      }),
    );
  });
});

/** A generated Deployment: for each setting at most one spelling (block or flow, with comments), or none; one or two containers. */
const choice = (...xs: string[]) => fc.option(fc.constantFrom(...xs), { nil: '' });
const containerSettings = fc.tuple(
  choice(
    '        securityContext:\n          privileged: true   # needed?\n',
    '        securityContext: {}\n',
    '        securityContext:\n          allowPrivilegeEscalation: true\n          capabilities:\n            add: [SYS_ADMIN]\n',
    '        securityContext:\n          runAsUser: 0\n          capabilities:\n            drop:\n              - MKNOD\n',
    '        securityContext: {readOnlyRootFilesystem: false, seccompProfile: {type: Unconfined}}\n',
  ),
  choice('        resources:\n          limits: {cpu: 250m}\n', '        resources:\n          requests:\n            memory: 64Mi\n'),
  choice('        volumeMounts:\n        - name: etc\n          mountPath: /host/etc\n', '        volumeMounts:\n          - {name: sock, mountPath: /var/run/docker.sock}\n'),
  choice('        env:\n        - name: DB_PASSWORD\n          value: "hunter2-Secret"\n', '        env:\n          - {name: LOG_LEVEL, value: debug}\n'),
);
const deployment = fc
  .tuple(containerSettings, fc.option(containerSettings, { nil: undefined }), choice('      hostNetwork: true\n', '      hostPID: true\n      hostIPC: true\n'), choice('      securityContext:\n        fsGroup: 2000\n'))
  .map(([a, b, ns, psc]) => {
    const container = (name: string, s: string[]) => `      - name: ${name}\n        image: example/${name}:1.0\n${s.join('')}`;
    return (
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: gen\nspec:\n  template:\n    spec:\n' +
      ns.replace(/^ {6}/gm, '      ') +
      '      containers:\n' +
      container('one', a) +
      (b ? container('two', b) : '') +
      psc +
      '      volumes:\n      - name: etc\n        hostPath:\n          path: /etc\n      - name: sock\n        hostPath: {path: /var/run/docker.sock}\n'
    ).replace(/^      volumes/m, '      volumes');
  });

describe('harden over generated Kubernetes manifests (fast-check)', () => {
  it.each([false, true])('unsafe fixes %s: valid YAML without duplicate keys, accepted by the API server, idempotent, nothing fixable left, no note', async (unsafe) => {
    await fc.assert(
      fc.asyncProperty(deployment, async (text) => {
        const r = await hardenText({ path: 'gen.yaml', text }, { unsafe });
        expect(r.errors).toEqual([]);
        // Safe fixes only: a privileged container keeps its privilege escalation (the API server refuses false there).
        expect(r.notes.filter((n) => unsafe || !/^(one|two): BW-0007: allowPrivilegeEscalation: false is refused by the API server on a container that is privileged /.test(n))).toEqual([]);
        expect(r.changes.length).toBeGreaterThan(0);
        await settled('gen.yaml', r, unsafe);
      }),
      { numRuns: 25, seed: 4242 },
    );
  });
});

describe('harden of Kubernetes manifests: what the API server refuses (QA round 12)', () => {
  const kubeProxy = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: kube-proxy
  namespace: kube-system
spec:
  template:
    spec:
      containers:
      - name: kube-proxy
        image: registry.k8s.io/kube-proxy:v1.29.2
        securityContext:
          privileged: true
      hostNetwork: true
`;

  it('a privileged kube-proxy: no allowPrivilegeEscalation: false (refused beside privileged: true) but a note; with unsafe fixes both, in two rounds', async () => {
    const safe = await hardenText({ path: 'kube-proxy.yaml', text: kubeProxy }, { only: ['BW-0007'] });
    expect(safe.changes).toEqual([]);
    expect(safe.output).toBe(kubeProxy);
    expect(safe.notes).toEqual([
      'kube-proxy: BW-0007: allowPrivilegeEscalation: false is refused by the API server on a container that is privileged (Kubernetes always allows escalation there); with --unsafe-fixes that is removed first and allowPrivilegeEscalation: false set',
    ]);
    const unsafe = await hardenText({ path: 'kube-proxy.yaml', text: kubeProxy }, { unsafe: true, only: ['BW-0001', 'BW-0007'] });
    expect(changes(unsafe)).toEqual(['BW-0001 kube-proxy 13:11 unsafe', 'BW-0007 kube-proxy 10:9 safe']);
    expect(unsafe.notes).toEqual([]);
    expect(unsafe.output).toBe(kubeProxy.replace('privileged: true\n', 'privileged: false\n          allowPrivilegeEscalation: false\n'));
    expect(refusedByApiServer(unsafe.output)).toEqual([]);
  });

  it('CAP_SYS_ADMIN in capabilities.add stops allowPrivilegeEscalation: false (the API server compares that spelling); SYS_ADMIN does not', async () => {
    const pod = (cap: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: fuse\nspec:\n  containers:\n  - name: fuse\n    image: rclone/rclone:1.66\n    securityContext:\n      capabilities:\n        add: ["${cap}"]\n`;
    const refused = await hardenText({ path: 'fuse.yaml', text: pod('CAP_SYS_ADMIN') }, { only: ['BW-0007'] });
    expect(refused.output).toBe(pod('CAP_SYS_ADMIN'));
    expect(refused.notes).toEqual([
      'fuse: BW-0007: allowPrivilegeEscalation: false is refused by the API server on a container that adds CAP_SYS_ADMIN (Kubernetes always allows escalation there); with --unsafe-fixes that is removed first and allowPrivilegeEscalation: false set',
    ]);
    const accepted = await hardenText({ path: 'fuse.yaml', text: pod('SYS_ADMIN') }, { only: ['BW-0007'] });
    expect(accepted.output).toBe(pod('SYS_ADMIN') + '      allowPrivilegeEscalation: false\n');
    expect(accepted.notes).toEqual([]);
  });

  it('privileged removed: a Bidirectional mountPropagation of the container becomes HostToContainer (Bidirectional needs privileged), in the same change', async () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: mounter
spec:
  containers:
  - name: mounter
    image: example/rclone-mount:1.66
    securityContext:
      privileged: true
    volumeMounts:
    - name: media
      mountPath: /mnt/media
      mountPropagation: Bidirectional   # mounts reach the host
    - name: cache
      mountPath: /cache
  volumes:
  - name: media
    hostPath:
      path: /srv/media
  - name: cache
    emptyDir: {}
`;
    const r = await hardenText({ path: 'mounter.yaml', text }, { unsafe: true, only: ['BW-0001'] });
    expect(changes(r)).toEqual(['BW-0001 mounter 10:7 unsafe']);
    expect(r.changes[0].detail).toBe('mountPropagation Bidirectional (allowed on privileged containers only) becomes HostToContainer at /mnt/media: mounts made there no longer reach the host');
    expect(r.output).toBe(text.replace('privileged: true', 'privileged: false').replace('mountPropagation: Bidirectional', 'mountPropagation: HostToContainer'));
    expect(refusedByApiServer(text)).toEqual([]);
    expect(refusedByApiServer(r.output)).toEqual([]);
  });

  it('CNI installer and Bidirectional host mounts: read-only only with --unsafe-fixes (install-cni writes /opt/cni/bin and /etc/cni/net.d)', async () => {
    const text = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: calico-node
spec:
  template:
    spec:
      initContainers:
        - name: install-cni
          image: docker.io/calico/cni:v3.27.2
          volumeMounts:
            - mountPath: /host/opt/cni/bin
              name: cni-bin-dir
            - mountPath: /host/etc/cni/net.d
              name: cni-net-dir
        - name: mount-bpffs
          image: docker.io/calico/node:v3.27.2
          volumeMounts:
            - mountPath: /sys/fs
              name: sys-fs
              mountPropagation: Bidirectional
          securityContext:
            privileged: true
      containers:
        - name: calico-node
          image: docker.io/calico/node:v3.27.2
          volumeMounts:
            - mountPath: /host/etc
              name: etc
      volumes:
        - name: cni-bin-dir
          hostPath:
            path: /opt/cni/bin
        - name: cni-net-dir
          hostPath:
            path: /etc/cni/net.d
        - name: sys-fs
          hostPath:
            path: /sys/fs/
        - name: etc
          hostPath:
            path: /etc
`;
    const safe = await hardenText({ path: 'calico.yaml', text }, { only: ['BW-0011'] });
    expect(changes(safe)).toEqual(['BW-0011 calico-node 42:13 safe']);
    // The three CNI / Bidirectional mounts made read-only, and /etc (read-only now) removed.
    expect(safe.unsafeAvailable).toBe(4);
    const unsafe = await hardenText({ path: 'calico.yaml', text }, { unsafe: true, only: ['BW-0011'] });
    expect(changes(unsafe).slice(0, 4)).toEqual(['BW-0011 install-cni 33:13 unsafe', 'BW-0011 install-cni 36:13 unsafe', 'BW-0011 mount-bpffs 39:13 unsafe', 'BW-0011 calico-node 42:13 safe']);
  });

  it('a per-container AppArmor annotation is not called pod-level; the pod seccomp annotation is', async () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: legacy
spec:
  template:
    metadata:
      annotations:
        seccomp.security.alpha.kubernetes.io/pod: unconfined
        container.apparmor.security.beta.kubernetes.io/app: unconfined
    spec:
      containers:
      - name: app
        image: example/legacy-app:1.0
      - name: side
        image: example/side:1.0
`;
    const r = await hardenText({ path: 'legacy.yaml', text }, { only: ['BW-0021', 'BW-0022'] });
    expect(r.changes.map((c) => `${c.ruleId} ${c.target} ${c.line}:${c.column} ${c.detail ?? '-'}`)).toEqual([
      'BW-0021 app 9:9 pod-level seccomp: applies to every container of the pod (app, side)',
      'BW-0022 app 10:9 -',
    ]);
    expect(r.output).toBe(text.replace(/: unconfined/g, ': runtime/default'));
  });
});

describe('harden of kubectl JSON (QA round 12)', () => {
  const json = `{
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {
        "name": "redis"
    },
    "spec": {
        "containers": [
            {
                "name": "redis",
                "image": "redis:7.2-alpine",
                "resources": {
                    "requests": {
                        "memory": "768Mi"
                    }
                },
                "securityContext": {
                    "runAsUser": 999,
                    "capabilities": {
                        "drop": [
                            "MKNOD"
                        ]
                    }
                }
            }
        ]
    }
}
`;

  it('new keys and list items of a JSON object laid out one per line get their own line at the entries\u2019 indentation', async () => {
    const r = await hardenText({ path: 'redis.json', text: json, kind: 'kubernetes' });
    expect(changes(r)).toEqual(['BW-0007 redis 10:17 safe', 'BW-0041 redis 10:17 safe', 'BW-0003 redis 21:29 safe']);
    expect(r.output).toBe(
      json.replace(
        '                            "MKNOD"\n                        ]\n                    }\n',
        '                            "MKNOD",\n                            "NET_RAW"\n                        ]\n                    },\n                    "allowPrivilegeEscalation": false,\n                    "seccompProfile": {"type": "RuntimeDefault"}\n',
      ),
    );
    await settled('redis.json', r, false);
  });

  it('a memory limit raised to the request says so in the change (JSON has no comment for it)', async () => {
    const r = await hardenText({ path: 'redis.json', text: json, kind: 'kubernetes' }, { unsafe: true, only: ['BW-0008'] });
    expect(r.changes.map((c) => `${c.ruleId} ${c.detail}`)).toEqual(["BW-0008 memory limit set to the request (the profile's 512Mi is below it)"]);
    expect(r.output).toBe(json.replace('"memory": "768Mi"\n                    }\n', '"memory": "768Mi"\n                    },\n                    "limits": {"memory": "768Mi"}\n'));
  });
});

describe('harden: list style of the mapping written into (QA round 12)', () => {
  it('a drop list added beside a flush add list (Helm toYaml) is flush too, in a file whose other lists are indented', async () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: grafana
spec:
  template:
    spec:
      initContainers:
        - name: init-chown-data
          image: "docker.io/library/busybox:1.31.1"
          securityContext:
            capabilities:
              add:
              - CHOWN
            runAsNonRoot: false
            runAsUser: 0
            allowPrivilegeEscalation: false
          command:
            - chown
            - -R
            - 472:472
            - /var/lib/grafana
`;
    const r = await hardenText({ path: 'grafana.yaml', text }, { only: ['BW-0003'] });
    expect(changes(r)).toEqual(['BW-0003 init-chown-data 9:11 safe']);
    expect(r.output).toBe(text.replace('              - CHOWN\n', '              - CHOWN\n              drop:\n              - NET_RAW\n'));
  });
});

describe('harden: Windows pods (QA k8s)', () => {
  const iis = `apiVersion: v1
kind: Pod
metadata:
  name: iis
spec:
  os:
    name: windows
  containers:
    - name: iis
      image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
`;
  const hpc = `apiVersion: v1
kind: Pod
metadata:
  name: hpc
spec:
  os:
    name: windows
  hostNetwork: true
  securityContext:
    windowsOptions:
      hostProcess: true
      runAsUserName: "NT AUTHORITY\\\\SYSTEM"
  containers:
    - name: agent
      image: mcr.microsoft.com/oss/kubernetes/windows-host-process-containers-base-image:v1.0.0
`;

  it('no user: windowsOptions.runAsUserName ContainerUser, not runAsUser / runAsGroup (refused with spec.os.name: windows)', async () => {
    const r = await hardenText({ path: 'iis.yaml', text: iis }, { unsafe: true, only: ['BW-0004'] });
    expect(changes(r)).toEqual(['BW-0004 iis 9:7 unsafe']);
    expect(r.output).toBe(iis + '      securityContext:\n        windowsOptions:\n          runAsUserName: ContainerUser  # bulwark: the non-administrator user of Windows images\n');
    expect(r.notes).toEqual([]);
  });

  it('runAsUserName ContainerAdministrator in the pod: changed there to ContainerUser', async () => {
    const text = iis.replace('spec:\n', 'spec:\n  securityContext:\n    windowsOptions:\n      runAsUserName: ContainerAdministrator\n');
    const r = await hardenText({ path: 'iis.yaml', text }, { unsafe: true, only: ['BW-0005'] });
    expect(changes(r)).toEqual(['BW-0005 iis 8:7 unsafe']);
    expect(r.output).toBe(text.replace('ContainerAdministrator', 'ContainerUser'));
    expect(r.changes[0].detail).toBe('pod-level securityContext.windowsOptions.runAsUserName: applies to every container of the pod (iis)');
  });

  it('a HostProcess pod keeps hostNetwork: true (the API server refuses it without), with a note', async () => {
    const r = await hardenText({ path: 'hpc.yaml', text: hpc }, { unsafe: true, only: ['BW-0015'] });
    expect(r.changes).toEqual([]);
    expect(r.output).toBe(hpc);
    expect(r.notes).toEqual(['agent: BW-0015: hostNetwork: true stays: a Windows HostProcess pod (windowsOptions.hostProcess: true) is refused without it; remove hostProcess by hand first']);
  });
});

describe('harden: a comment after an empty value (QA k8s)', () => {
  it('`resources: {} # …` (Helm default values) keeps its comment on the key line, not on the last new entry', async () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: api
      image: ghcr.io/acme/api:1.4.2
      resources: {} # We usually recommend not to specify default resources.
        # limits:
        #   cpu: 100m
`;
    const r = await hardenText({ path: 'api.yaml', text }, { unsafe: true, only: ['BW-0008'] });
    expect(changes(r)).toEqual(['BW-0008 api 7:7 unsafe']);
    expect(r.output).toBe(
      text.replace('resources: {} # We usually recommend not to specify default resources.\n', 'resources: # We usually recommend not to specify default resources.\n        limits:\n          memory: 512Mi  # bulwark: memory limit from the harden profile\n'),
    );
  });

  it('`securityContext:   # set below` with no value: the comment stays on the key line', async () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    securityContext:   # set below\n';
    const r = await hardenText({ path: 'p.yaml', text }, { only: ['BW-0007'] });
    expect(changes(r)).toEqual(['BW-0007 c 7:5 safe']);
    expect(r.output).toBe(text.replace('# set below\n', '# set below\n      allowPrivilegeEscalation: false\n'));
  });
});

describe('harden: one hostPath volume mounted twice with subPaths (QA k8s)', () => {
  it('each writable mount is made read-only (the finding\u2019s mountPath tells them apart), in safe mode', async () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: twice
spec:
  containers:
  - name: c
    image: alpine:3.20
    volumeMounts:
    - name: etc
      mountPath: /host/passwd
      subPath: passwd
    - name: etc
      mountPath: /host/shadow
      subPath: shadow
      readOnly: false
  volumes:
  - name: etc
    hostPath:
      path: /etc
`;
    const r = await hardenText({ path: 'twice.yaml', text }, { only: ['BW-0011'] });
    expect(changes(r)).toEqual(['BW-0011 c 20:7 safe', 'BW-0011 c 20:7 safe']);
    expect(r.output).toBe(text.replace('subPath: passwd\n', 'subPath: passwd\n      readOnly: true\n').replace('readOnly: false', 'readOnly: true'));
    // Read-only, each is then a read-only sensitive mount whose removal is the unsafe fix left for --unsafe-fixes.
    expect(r.unsafeAvailable).toBe(2);
  });
});

describe('harden: Kubernetes, a |+ block scalar before the insertion point keeps its trailing blank lines', () => {
  it('securityContext goes after the blank lines of the container\'s last value', async () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.25\n      command:\n        - sh\n        - -c\n        - |+\n          echo hi\n\n\n';
    const r = await hardenText({ path: 'pod.yaml', text }, { only: ['BW-0007'] });
    expect(r.output).toBe(text + '      securityContext:\n        allowPrivilegeEscalation: false\n');
    const pod = parseAllDocuments(r.output)[0].toJS() as { spec: { containers: { command: string[] }[] } };
    expect(pod.spec.containers[0].command[2]).toBe('echo hi\n\n\n');
  });
});
