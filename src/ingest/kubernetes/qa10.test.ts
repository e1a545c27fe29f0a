/**
 * QA round 10 (Kubernetes manifests as public projects write them): values that are valid for the API server
 * must not become input errors, and their findings sit at the right key (R-K, R-M; requirements.md "Inputs
 * every rule must see through one normalized model").
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { helmTemplateAt } from './helm.js';

async function run(text: string) {
  const res = await auditSources([{ path: 'm.yaml', text, kind: 'kubernetes' }], { env: {} });
  return {
    errors: res.errors.map((e) => `${e.line}:${e.column} ${e.message}`),
    findings: res.findings.map((f) => `${f.target?.name} ${f.ruleId} ${f.severity} ${f.location.startLine}:${f.location.startColumn}`),
  };
}

describe('ports: hostPort 0 is the unset value', () => {
  // core/v1 validation checks hostPort only when it is non-zero; Helm charts render `hostPort: 0`.
  const pod = (hostPort: string) =>
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      'spec:',
      '  containers:',
      '  - name: app',
      '    image: nginx:1.27.2',
      '    ports:',
      '    - containerPort: 9090',
      `      hostPort: ${hostPort}`,
      '',
    ].join('\n');

  it('hostPort: 0 is no input error and no published port', async () => {
    const r = await run(pod('0'));
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.includes('BW-0028'))).toEqual([]);
  });

  it('hostPort: 9090 is still a published port at its key', async () => {
    const r = await run(pod('9090'));
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.includes('BW-0028'))).toEqual(['app BW-0028 info 11:7']);
  });

  it('hostPort: -1 is still an input error at its value', async () => {
    const r = await run(pod('-1'));
    expect(r.errors).toEqual(['11:17 `spec.containers[0].ports[].hostPort` must be a whole number from 1 to 65535, not -1']);
  });
});

describe('AppArmor: the container annotation comes before the pod field', () => {
  // kubelet pkg/security/apparmor GetProfile: container field, else container annotation, else pod field.
  const text = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: p',
    '  annotations:',
    '    container.apparmor.security.beta.kubernetes.io/agent: unconfined',
    '    container.apparmor.security.beta.kubernetes.io/pinned: unconfined',
    'spec:',
    '  securityContext:',
    '    appArmorProfile:',
    '      type: RuntimeDefault',
    '  containers:',
    '  - name: agent',
    '    image: busybox:1.36.1',
    '  - name: pinned',
    '    image: busybox:1.36.1',
    '    securityContext:',
    '      appArmorProfile:',
    '        type: RuntimeDefault',
    '  - name: plain',
    '    image: busybox:1.36.1',
    '',
  ].join('\n');

  it('agent (annotation unconfined over the pod RuntimeDefault) is unconfined at its annotation; the others are not', async () => {
    const r = await run(text);
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.includes('BW-0022'))).toEqual(['agent BW-0022 high 6:5']);
  });
});

describe('a container without image (a Kustomize strategic-merge patch) is a partial object', () => {
  const patch = (extra: string[]) =>
    [
      '# overlays/prod/patch.yaml',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '      - name: web',
      ...extra,
      '        resources:',
      '          limits:',
      '            memory: 512Mi',
      '',
    ].join('\n');

  it('settings it leaves out are unknown, not definite; what it writes is still reported at its key', async () => {
    const res = await auditSources([{ path: 'patch.yaml', text: patch(['        securityContext:', '          privileged: true']), kind: 'kubernetes' }], { env: {} });
    expect(res.errors).toEqual([]);
    const rows = res.findings.map((f) => `${f.ruleId} ${f.certainty ?? 'definite'} ${f.location.startLine}:${f.location.startColumn}`);
    expect(rows).toEqual([
      'BW-0003 unknown 10:9',
      'BW-0004 unknown 10:9',
      'BW-0006 unknown 10:9',
      'BW-0007 unknown 10:9',
      'BW-0009 unknown 10:9',
      'BW-0010 unknown 10:9',
      'BW-0041 unknown 10:9',
      'BW-0001 definite 12:11',
    ]);
    const seccomp = res.findings.find((f) => f.ruleId === 'BW-0041');
    expect(seccomp?.message).toContain('(unless the base this patch applies to sets it)');
  });

  it('with an image the same container is a whole object: the missing settings are definite', async () => {
    const res = await auditSources([{ path: 'd.yaml', text: patch(['        image: nginx:1.27.2']), kind: 'kubernetes' }], { env: {} });
    const f = res.findings.find((x) => x.ruleId === 'BW-0041');
    expect([f?.certainty ?? 'definite', f?.location.startLine]).toEqual(['definite', 10]);
  });
});

describe('allowPrivilegeEscalation: true is named as written (BW-0007)', () => {
  it('the message names the Kubernetes key, at its line', async () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      'spec:',
      '  containers:',
      '  - name: controller',
      '    image: registry.k8s.io/ingress-nginx/controller:v1.9.4',
      '    securityContext:',
      '      runAsUser: 101',
      '      allowPrivilegeEscalation: true',
      '',
    ].join('\n');
    const res = await auditSources([{ path: 'p.yaml', text, kind: 'kubernetes' }], { env: {} });
    const f = res.findings.filter((x) => x.ruleId === 'BW-0007').map((x) => `${x.location.startLine}:${x.location.startColumn} ${x.message}`);
    expect(f).toEqual(['11:7 allowPrivilegeEscalation: true: setuid binaries can raise privileges']);
  });
});

describe('env: a ${NAME} placeholder is not a secret written in the file (BW-0026)', () => {
  // The kubelet expands only $(NAME); `${NAME}` reaches the container as written (envsubst before kubectl apply,
  // or the application's own placeholder): the secret is not in the manifest, so it is interpolated, not literal.
  it('placeholders are medium (filled in from a variable); a literal next to them stays high', async () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      'spec:',
      '  containers:',
      '  - name: app',
      '    image: app:1.0.0',
      '    env:',
      '    - name: SPRING_DATASOURCE_PASSWORD',
      '      value: "${DB_PASSWORD}"',
      '    - name: DB_PASSWORD',
      '      value: ${DB_PASSWORD:-}',
      '    - name: JWT_SECRET',
      '      value: changeme-in-prod',
      '',
    ].join('\n');
    const res = await auditSources([{ path: 'p.yaml', text, kind: 'kubernetes' }], { env: {} });
    const rows = res.findings.filter((f) => f.ruleId === 'BW-0026').map((f) => `${f.data?.name ?? ''} ${f.severity} ${f.location.startLine}:${f.location.startColumn}`);
    expect(rows).toEqual(['SPRING_DATASOURCE_PASSWORD medium 10:7', 'DB_PASSWORD medium 12:7', 'JWT_SECRET high 14:7']);
  });
});

describe('removed APIs (BW-0042): kinds added later to a removed group-version are still served', () => {
  it('ValidatingAdmissionPolicy, ServiceCIDR and VolumeAttributesClass under v1beta1 are quiet; StorageClass is not', async () => {
    const doc = (apiVersion: string, kind: string) => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n`;
    const text = [
      doc('admissionregistration.k8s.io/v1beta1', 'ValidatingAdmissionPolicy'),
      doc('networking.k8s.io/v1beta1', 'ServiceCIDR'),
      doc('storage.k8s.io/v1beta1', 'VolumeAttributesClass'),
      doc('storage.k8s.io/v1beta1', 'StorageClass'),
      doc('admissionregistration.k8s.io/v1beta1', 'ValidatingWebhookConfiguration'),
    ].join('---\n');
    const res = await auditSources([{ path: 'apis.yaml', text, kind: 'kubernetes' }], { env: {} });
    expect(res.errors).toEqual([]);
    expect(res.findings.map((f) => `${f.ruleId} ${f.location.startLine}:${f.location.startColumn} ${f.data?.apiVersion ?? ''}`)).toEqual([
      'BW-0042 16:1 storage.k8s.io/v1beta1',
      'BW-0042 21:1 admissionregistration.k8s.io/v1beta1',
    ]);
  });
});

describe('Helm actions in YAML comments do not make a manifest a chart template', () => {
  const text = [
    '--- # Source: app/templates/deploy.yaml',
    '# In the chart this reads: image: {{ .Values.image.repository }}:{{ .Values.image.tag }}',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: app',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '      - name: app',
    '        image: nginx:1.27.2 # {{ .Values.image }}',
    '        securityContext:',
    '          privileged: true',
    '',
  ].join('\n');

  it('helmTemplateAt: -1 for actions in comments; the offset of an action in a value', () => {
    expect(helmTemplateAt(text)).toBe(-1);
    const chart = text.replace('image: nginx:1.27.2 # {{ .Values.image }}', 'image: "{{ .Values.image }}" # pinned');
    expect(helmTemplateAt(chart)).toBe(chart.indexOf('{{ .Values.image }}"'));
    expect(helmTemplateAt("url: 'http://x/#' {{ .Values.x }}")).toBe(18);
  });

  it('detected as a manifest by its content and audited: privileged at its key', async () => {
    const res = await auditSources([{ path: 'deploy.yaml', text }], { env: {} });
    expect(res.errors).toEqual([]);
    expect(res.findings.filter((f) => f.ruleId === 'BW-0001').map((f) => `${f.target?.name} ${f.location.startLine}:${f.location.startColumn}`)).toEqual(['app 14:11']);
  });
});

describe('Windows HostProcess: windowsOptions merge field by field, container over pod', () => {
  it('a container windowsOptions with only runAsUserName keeps the pod hostProcess: true (privileged at the pod key)', async () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: DaemonSet',
      'metadata:',
      '  name: csi-proxy',
      'spec:',
      '  template:',
      '    spec:',
      '      nodeSelector:',
      '        kubernetes.io/os: windows',
      '      hostNetwork: true',
      '      securityContext:',
      '        windowsOptions:',
      '          hostProcess: true',
      '          runAsUserName: "NT AUTHORITY\\\\SYSTEM"',
      '      containers:',
      '      - name: csi-proxy',
      '        image: ghcr.io/kubernetes-sigs/sig-windows/csi-proxy:v1.1.2',
      '        securityContext:',
      '          windowsOptions:',
      '            runAsUserName: "NT AUTHORITY\\\\Local service"',
      '',
    ].join('\n');
    const res = await auditSources([{ path: 'ds.yaml', text, kind: 'kubernetes' }], { env: {} });
    expect(res.errors).toEqual([]);
    expect(res.findings.filter((f) => f.ruleId === 'BW-0001').map((f) => `${f.target?.name} ${f.location.startLine}:${f.location.startColumn}`)).toEqual(['csi-proxy 13:11']);
  });
});
