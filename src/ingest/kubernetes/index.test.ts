/**
 * The Kubernetes ingester: fields → model with exact origins (line:column), pod-level inheritance, every
 * workload kind, multi-document files and Lists, and bad input (never a throw; one-line errors with line).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SourceFile } from '../../model/source.js';
import { ingestKubernetes, manifestResources, parseQuantity, quantityBytes, quantityNanoCpus, removedApi } from './index.js';
import { ingestText } from './test-helpers.js';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'k8s');

describe('ingestKubernetes: a Deployment with every mapped field (test/fixtures/k8s/ingest-sample.yaml)', async () => {
  const { r, at } = await ingestText(readFileSync(join(FIXTURES, 'ingest-sample.yaml'), 'utf8'), 'ingest-sample.yaml');
  const [init, app] = r.containers;

  it('reads both containers, init first, with targets at their name entries', () => {
    expect(r.errors).toEqual([]);
    expect(r.containers.map((c) => [c.target.kind, c.target.name, c.source, c.file])).toEqual([
      ['container', 'init', 'kubernetes', 'ingest-sample.yaml'],
      ['container', 'app', 'kubernetes', 'ingest-sample.yaml'],
    ]);
    expect(at({ kind: 'file', ...init.target.range })).toBe('22:9-22:19');
    expect(at({ kind: 'file', ...app.target.range })).toBe('27:9-27:18');
    expect(init.extra['kubernetes.list'].value).toBe('initContainers');
  });

  it('image, command and args as written', () => {
    expect([app.image?.value, at(app.image?.origin)]).toEqual(['nginx@sha256:0123', '28:16-28:33']);
    expect(app.entrypoint?.value).toEqual(['nginx']);
    expect(app.command?.value).toEqual(['-g', 'daemon off;']);
  });

  it('user: container runAsUser overrides the pod, runAsGroup inherited from the pod', () => {
    expect([init.user?.value, at(init.user?.origin)]).toEqual(['0:3000', '25:11-25:23']);
    expect([app.user?.value, at(app.user?.origin)]).toEqual(['1000:3000', '14:9-14:24']);
  });

  it('privileged, readOnlyRootFilesystem, allowPrivilegeEscalation, capabilities (normalized)', () => {
    expect([app.privileged?.value, at(app.privileged?.origin)]).toEqual([true, '32:11-32:27']);
    expect(app.readOnlyRootfs?.value).toBe(true);
    expect(app.capAdd.map((s) => `${s.value}@${at(s.origin)}`)).toEqual(['NET_ADMIN@36:19-36:28', 'SYS_TIME@36:30-36:42']);
    expect(app.capDrop.map((s) => s.value)).toEqual(['ALL']);
    expect(init.capAdd).toEqual([]);
  });

  it('security options: seccomp (container over pod), AppArmor annotation, SELinux type, procMount', () => {
    expect(app.securityOpt.map((o) => `${o.key}=${o.value} [${o.raw}] ${at(o.origin)}`)).toEqual([
      'no-new-privileges=true [allowPrivilegeEscalation: false] 33:11-33:42',
      'seccomp=unconfined [seccompProfile.type: Unconfined] 39:13-39:29',
      'apparmor=unconfined [container.apparmor.security.beta.kubernetes.io/app: unconfined] 9:9-9:71',
      'label=type:spc_t [seLinuxOptions.type: spc_t] 41:13-41:24',
      'systempaths=unconfined [procMount: Unmasked] 42:11-42:30',
    ]);
    expect(init.securityOpt.map((o) => `${o.key}=${o.value} ${at(o.origin)}`)).toEqual(['seccomp=runtime/default 17:11-17:31']);
  });

  it('pod host namespaces on every container, at the pod key', () => {
    for (const c of [init, app]) {
      expect([c.namespaces.network?.value.mode, at(c.namespaces.network?.origin)]).toEqual(['host', '11:7-11:24']);
      expect([c.namespaces.ipc?.value.mode, at(c.namespaces.ipc?.origin)]).toEqual(['private', '12:7-12:21']);
      expect(c.namespaces.pid).toBeUndefined();
    }
  });

  it('volumes: hostPath → bind (readOnly from the volumeMount, propagation), emptyDir → volume, Memory → tmpfs, configMap → volume', () => {
    expect(app.mounts.map((m) => [m.type, m.source, m.target, m.readOnly, m.propagation, m.options.join(','), at(m.origin), m.syntax])).toEqual([
      ['bind', '/var/run/docker.sock', '/var/run/docker.sock', false, undefined, 'type=Socket', '79:11-79:37', 'k8s'],
      ['bind', '/var/log', '/logs', true, 'rshared', '', '83:11-83:25', 'k8s'],
      ['volume', 'cache', '/cache', false, undefined, '', '70:11-71:28', 'k8s'],
      ['tmpfs', undefined, '/tmp', false, undefined, '', '72:11-73:26', 'k8s'],
      ['volume', 'conf', '/etc/app', false, undefined, '', '74:11-75:30', 'k8s'],
    ]);
    expect(at(app.mounts[0].sourceOrigin)).toBe('79:17-79:37');
    expect(init.mounts).toEqual([]);
  });

  it('resources: limits in bytes and nanoCPUs; requests are not limits', () => {
    expect([app.resources.memory?.value, app.resources.memory?.raw, at(app.resources.memory?.origin)]).toEqual([268435456, '256Mi', '45:13-45:26']);
    expect([app.resources.nanoCpus?.value, app.resources.nanoCpus?.raw]).toEqual([500000000, '500m']);
    expect(app.resources.pidsLimit).toBeUndefined();
    expect(init.resources.memory).toBeUndefined();
  });

  it('env: literal values (value origin for masking), $(VAR) references interpolated, secretKeyRef not a value', () => {
    expect(app.env.map((e) => [e.name, e.kind, e.value, at(e.origin), at(e.valueOrigin)])).toEqual([
      ['DB_PASSWORD', 'literal', 's3cret-Value', '50:11-51:32', '51:18-51:32'],
      ['URL', 'interpolated', 'http://${HOST}/', '57:11-58:35', '58:18-58:35'],
    ]);
    expect(app.secrets.map((s) => s.value)).toEqual(['api/token']);
  });

  it('ports: hostPort → published port at the hostPort entry; containerPort alone → expose', () => {
    expect(app.ports).toEqual([{ containerPort: '80', hostPort: '8080', protocol: 'tcp', origin: expect.objectContaining({ kind: 'file' }) }]);
    expect(at(app.ports[0].origin)).toBe('61:11-61:25');
    expect(app.expose.map((e) => e.value)).toEqual(['9090']);
  });

  it('pod sysctls and pod facts on every container', () => {
    expect(app.sysctls.map((s) => `${s.name}=${s.value} ${at(s.origin)}`)).toEqual(['net.core.somaxconn=1024 19:11-20:24']);
    expect(app.extra['kubernetes.pod'].value).toEqual({ kind: 'Deployment', name: 'web', containers: 2, seccompAnywhere: true });
    expect(at(app.extra['kubernetes.pod'].origin)).toBe('10:5-10:9');
  });
});

describe('ingestKubernetes: workload kinds, documents and Lists', () => {
  const pod = (name: string, indent: string) => `${indent}containers:\n${indent}- name: ${name}\n${indent}  image: busybox\n`;
  it.each([
    ['Pod', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n' + pod('c', '  '), 'spec'],
    ['Deployment', 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n' + pod('c', '      '), 'spec.template.spec'],
    ['StatefulSet', 'apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  template:\n    spec:\n' + pod('c', '      '), ''],
    ['DaemonSet', 'apiVersion: apps/v1\nkind: DaemonSet\nspec:\n  template:\n    spec:\n' + pod('c', '      '), ''],
    ['ReplicaSet', 'apiVersion: apps/v1\nkind: ReplicaSet\nspec:\n  template:\n    spec:\n' + pod('c', '      '), ''],
    ['ReplicationController', 'apiVersion: v1\nkind: ReplicationController\nspec:\n  template:\n    spec:\n' + pod('c', '      '), ''],
    ['Job', 'apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n' + pod('c', '      '), ''],
    ['CronJob', 'apiVersion: batch/v1\nkind: CronJob\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n' + pod('c', '          '), ''],
    ['PodTemplate', 'apiVersion: v1\nkind: PodTemplate\ntemplate:\n  spec:\n' + pod('c', '    '), ''],
  ])('%s → one container', async (kind, text) => {
    const { r } = await ingestText(text);
    expect(r.errors).toEqual([]);
    expect(r.containers.map((c) => [c.target.name, (c.extra['kubernetes.pod'].value as { kind: string }).kind])).toEqual([['c', kind]]);
  });

  it('non-workload documents give no container; several documents and a List are read', async () => {
    const text = [
      'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80}]\n',
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  spec:\n    containers:\n    - {name: a, image: x}\n- apiVersion: v1\n  kind: ConfigMap\n  data: {k: v}\n',
      'apiVersion: v1\nkind: Pod\nspec:\n  ephemeralContainers:\n  - {name: debug, image: busybox}\n',
    ].join('---\n');
    const { r, file } = await ingestText(text);
    expect(r.errors).toEqual([]);
    expect(r.containers.map((c) => c.target.name)).toEqual(['a', 'debug']);
    expect(manifestResources(file).map((x) => `${x.apiVersion} ${x.kind}`)).toEqual(['v1 Service', 'v1 List', 'v1 Pod', 'v1 ConfigMap', 'v1 Pod']);
  });

  it('a container without a name is named by its list position', async () => {
    const { r } = await ingestText('apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: x\n');
    expect(r.containers.map((c) => c.target.name)).toEqual(['containers[0]']);
  });

  it('Windows hostProcess (pod level) → privileged', async () => {
    const { r, at } = await ingestText('apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    windowsOptions:\n      hostProcess: true\n  hostNetwork: true\n  containers:\n  - name: a\n    image: x\n');
    expect([r.containers[0].privileged?.value, at(r.containers[0].privileged?.origin)]).toEqual([true, '6:7-6:24']);
  });

  it('runAsNonRoot without runAsUser: no user, extra.runAsNonRoot', async () => {
    const { r, at } = await ingestText('apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n  - name: a\n    image: x\n');
    expect(r.containers[0].user).toBeUndefined();
    expect([r.containers[0].extra.runAsNonRoot.value, at(r.containers[0].extra.runAsNonRoot.origin)]).toEqual([true, '5:5-5:23']);
  });

  it('legacy seccomp annotations: container over pod', async () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: runtime/default\n    container.seccomp.security.alpha.kubernetes.io/b: unconfined\nspec:\n  containers:\n  - {name: a, image: x}\n  - {name: b, image: x}\n';
    const { r } = await ingestText(text);
    expect(r.containers.map((c) => c.securityOpt.map((o) => `${o.key}=${o.value}`))).toEqual([['seccomp=runtime/default'], ['seccomp=unconfined']]);
  });

  it('comments are kept only when the file has a bulwark-ignore directive', async () => {
    const plain = await ingestText('# hi\napiVersion: v1\nkind: Pod\nspec: {containers: [{name: a, image: x}]}\n');
    expect(plain.r.comments).toEqual([]);
    const dir = await ingestText('apiVersion: v1\nkind: Pod\nspec:\n  hostPID: true # bulwark-ignore host-pid -- debugging\n  containers: [{name: a, image: x}]\n');
    expect(dir.r.comments?.map((c) => dir.at({ kind: 'file', ...c }))).toEqual(['4:17-4:55']);
  });
});

describe('ingestKubernetes: bad input is one-line errors with a line, never a throw', () => {
  it('malformed YAML in one document: the other documents are still read', async () => {
    const { r } = await ingestText('apiVersion: v1\nkind: Pod\nspec:\n  containers: [a\n---\napiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - {name: ok, image: x}\n');
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([[5, 'parse']]);
    expect(r.errors[0].message).not.toContain('\n');
    expect(r.containers.map((c) => c.target.name)).toEqual(['ok']);
  });

  it.each([
    ['containers not a list', 'apiVersion: v1\nkind: Pod\nspec:\n  containers: nginx\n', 4, 15, '`spec.containers` must be a list, not the string "nginx"'],
    ['a container not a mapping', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - nginx\n', 5, 5, '`spec.containers[0]` must be a mapping (a container)'],
    ['spec not a mapping', 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec: [1]\n', 5, 11, '`spec.template.spec` must be a mapping, not a list'],
    ['securityContext a string', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext: yes-please\n', 6, 22, '`spec.containers[0].securityContext` must be a mapping, not the string "yes-please"'],
    ['privileged not a boolean', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext:\n      privileged: maybe\n', 7, 19, '`spec.containers[0].securityContext.privileged` must be true or false, not the string "maybe"'],
    ['privileged quoted: a string, refused by the API server', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    securityContext:\n      privileged: "yes"\n', 7, 19, '`spec.containers[0].securityContext.privileged` must be true or false, not the string "yes"'],
    ['runAsUser quoted', 'apiVersion: v1\nkind: Pod\nspec:\n  securityContext:\n    runAsUser: "0"\n  containers:\n  - name: a\n', 5, 16, '`securityContext.runAsUser` must be a whole number of at least 0, not the string "0"'],
    ['hostPort not a port', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    ports:\n    - containerPort: 80\n      hostPort: x\n', 8, 17, '`spec.containers[0].ports[].hostPort` must be a whole number from 1 to 65535, not the string "x"'],
    ['memory not a quantity', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n    resources:\n      limits:\n        memory: lots\n', 8, 17, '`spec.containers[0].resources.limits.memory` is not a Kubernetes quantity: "lots"'],
    ['a document that is a list', '- a\n- b\n', 1, 1, 'a YAML document must be a mapping (a Kubernetes object)'],
  ])('%s', async (_name, text, line, column, message) => {
    const { r } = await ingestText(text);
    expect(r.errors).toEqual([{ file: 'pod.yaml', line, column, message, code: 'parse' }]);
  });

  it('an alias bomb is refused', async () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const { r } = await ingestText(`apiVersion: v1\nkind: ConfigMap\ndata:\n${lines.map((l) => '  ' + l).join('\n')}\n`);
    expect(r.errors.map((e) => [e.line, e.code, e.message])).toEqual([[1, 'alias-bomb', 'too many alias expansions (alias bomb)']]);
  });

  it('deep nesting is refused before parsing', async () => {
    const { r } = await ingestText('apiVersion: v1\nkind: Pod\nspec: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n');
    expect(r.errors.map((e) => [e.line, e.column, e.code])).toEqual([[3, 207, 'too-deep']]);
    let block = 'apiVersion: v1\nkind: Pod\nspec:\n';
    for (let i = 0; i < 300; i++) block += ' '.repeat(2 * i + 2) + `k${i}:\n`;
    const b = await ingestText(block);
    expect(b.r.errors.map((e) => e.code)).toEqual(['too-deep']);
  });

  it('never throws on arbitrary text (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (s) => {
        const r = await ingestKubernetes(new SourceFile('x.yaml', 'apiVersion: v1\nkind: Pod\n' + s), { readFile: async () => undefined, env: {} });
        for (const e of r.errors) expect(e.message).not.toContain('\n');
      }),
      { numRuns: 200 },
    );
  });
});

describe('quantities (resource.Quantity)', () => {
  it.each([
    ['180Mi', 188743680],
    ['1Gi', 1073741824],
    ['1G', 1e9],
    ['128974848', 128974848],
    ['129e6', 129e6],
    ['1.5Ki', 1536],
    ['200', 200],
  ])('%s bytes', (q, bytes) => expect(quantityBytes(q)).toBe(bytes));
  it.each([
    ['500m', 500000000],
    ['2', 2000000000],
    ['0.25', 250000000],
    ['100u', 100000],
  ])('%s cpu → nanoCPUs', (q, n) => expect(quantityNanoCpus(q)).toBe(n));
  it('rejects what is not a quantity', () => {
    expect([parseQuantity('lots'), parseQuantity('1 Gb'), parseQuantity('Mi'), parseQuantity('')]).toEqual([undefined, undefined, undefined, undefined]);
    expect(quantityNanoCpus(1.5)).toBe(1500000000);
  });
});

describe('removed API versions', () => {
  it('names the release and the replacement', () => {
    expect(removedApi('extensions/v1beta1', 'Deployment')).toEqual({ removedIn: '1.16', replacement: 'apps/v1' });
    expect(removedApi('extensions/v1beta1', 'Ingress')).toEqual({ removedIn: '1.22', replacement: 'networking.k8s.io/v1' });
    expect(removedApi('rbac.authorization.k8s.io/v1beta1', 'ClusterRole')).toEqual({ removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1' });
    expect(removedApi('batch/v1beta1', 'CronJob')).toEqual({ removedIn: '1.25', replacement: 'batch/v1' });
    expect(removedApi('policy/v1beta1', 'PodSecurityPolicy')).toEqual({ removedIn: '1.25', replacement: 'none (Pod Security Admission)' });
    // storage.k8s.io/v1beta1: StorageClass and the CSI objects went in 1.22, CSIStorageCapacity in 1.27.
    expect(removedApi('storage.k8s.io/v1beta1', 'StorageClass')).toEqual({ removedIn: '1.22', replacement: 'storage.k8s.io/v1' });
    expect(removedApi('storage.k8s.io/v1beta1', 'CSIDriver')).toEqual({ removedIn: '1.22', replacement: 'storage.k8s.io/v1' });
    expect(removedApi('storage.k8s.io/v1beta1', 'CSIStorageCapacity')).toEqual({ removedIn: '1.27', replacement: 'storage.k8s.io/v1' });
    expect([removedApi('apps/v1', 'Deployment'), removedApi('v1', 'Pod'), removedApi('policy/v1', 'PodDisruptionBudget')]).toEqual([undefined, undefined, undefined]);
  });
});

describe('detection and Helm templates', () => {
  it('a manifest is detected by its top-level apiVersion and kind; a Helm template is not', async () => {
    const { detectKind } = await import('../detect.js');
    expect(detectKind('deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\n')).toBe('kubernetes');
    expect(detectKind('templates/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "app.fullname" . }}\n')).toBeUndefined();
    expect(detectKind('compose.yaml', 'services:\n  web: {image: x}\n')).toBe('compose');
    // JSON manifests (`kubectl get -o json`) too; other JSON stays unknown.
    expect(detectKind('pod.json', '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "spec": {"containers": []}\n}\n')).toBe('kubernetes');
    expect(detectKind('data.json', '{"kind": "x"}')).toBe('json');
  });

  it('a JSON manifest is audited like the YAML one', async () => {
    const { auditSources } = await import('../../engine/audit.js');
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', securityContext: { privileged: true } }] } }, null, 2);
    const r = await auditSources([{ path: 'pod.json', text }]);
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0001').map((f) => [f.target.name, f.location.startLine, f.location.startColumn])).toEqual([['web', 13, 11]]);
  });

  it('a Helm template given with --kind kubernetes: one error, render it first', async () => {
    const { r } = await ingestText('apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  containers: [{name: a, image: x}]\n');
    expect(r.errors).toEqual([{ file: 'pod.yaml', line: 4, column: 9, code: 'unsupported', message: 'a Helm chart template, not a manifest: render it first (helm template <chart> | bulwark audit --kind kubernetes -)' }]);
    expect(r.containers).toEqual([]);
  });

  it('Go templates of other tools in a rendered manifest are ordinary strings', async () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  alert.tmpl: \'{{ range .Alerts }}{{ $labels.instance }} is down{{ end }}\'\n';
    const { detectKind } = await import('../detect.js');
    expect(detectKind('cm.yaml', text)).toBe('kubernetes');
    expect((await ingestText(text)).r.errors).toEqual([]);
  });
});

describe('secrets given to the program (QA: args printed in clear in code frames)', () => {
  it('masks --token=… and --password <pw> in args and command, as the Compose command is', async () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: cli}',
      'spec:',
      '  containers:',
      '    - name: cli',
      '      image: alpine:3.20',
      '      command: [redis-server, --requirepass, "R3disPw!"]',
      '      args: ["--token=ghp_abcdefghijklmnopqrstuvwxyz0123456789", "--password", "Sup3rS3cret!", "--verbose"]',
      '',
    ].join('\n');
    const { r } = await ingestText(text);
    expect((r.secretRanges ?? []).map((m) => text.slice(m.start, m.end))).toEqual(['ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'Sup3rS3cret!', 'R3disPw!']);
  });
});
