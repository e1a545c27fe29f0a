/**
 * The container rules whose check has a Kubernetes branch (BW-0004 user-not-set: runAsNonRoot; BW-0010
 * pids-limit-missing: no per-container pids limit in Kubernetes; messages in Kubernetes' words for BW-0006,
 * BW-0007 and BW-0026) and a few others end to end on manifests.
 */
import { k8sRuleTester } from '../ingest/kubernetes/test-helpers.js';
import capsNotDropped from './capabilities-not-dropped.js';
import cpu from './cpu-limit-missing.js';
import memory from './memory-limit-missing.js';
import noNewPrivileges from './no-new-privileges-missing.js';
import seccompMissing from './seccomp-profile-missing.js';
import pids from './pids-limit-missing.js';
import rootFs from './root-filesystem-writable.js';
import secretEnv from './secret-in-environment.js';
import userNotSet from './user-not-set.js';
import userRoot from './user-root.js';
import sensitiveMount from './sensitive-host-mount.js';
import sysctl from './sysctl-set.js';

const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nspec:\n${spec}`;

k8sRuleTester(userNotSet, {
  valid: [
    { name: 'runAsNonRoot without runAsUser: non-root required', code: pod('  securityContext:\n    runAsNonRoot: true\n  containers:\n  - name: a\n    image: x\n') },
    { name: 'pod runAsUser inherited', code: pod('  securityContext:\n    runAsUser: 1000\n  containers:\n  - name: a\n    image: x\n') },
  ],
  invalid: [
    { name: 'no securityContext', code: pod('  containers:\n  - name: a\n    image: x\n'), errors: [{ line: 5, column: 5, target: 'a', severity: 'medium' }] },
    { name: 'runAsNonRoot: false does not help', code: pod('  containers:\n  - name: a\n    image: x\n    securityContext:\n      runAsNonRoot: false\n'), errors: [{ line: 5, column: 5 }] },
  ],
});

k8sRuleTester(userRoot, {
  valid: [{ code: pod('  containers:\n  - name: a\n    image: x\n    securityContext: {runAsUser: 10001}\n') }],
  invalid: [
    {
      name: 'container runAsUser 0 overrides pod 1000',
      code: pod('  securityContext:\n    runAsUser: 1000\n  containers:\n  - name: a\n    image: x\n    securityContext:\n      runAsUser: 0\n'),
      errors: [{ line: 10, column: 7, target: 'a', severity: 'high', data: { user: '0' } }],
    },
  ],
});

k8sRuleTester(noNewPrivileges, {
  valid: [{ code: pod('  containers:\n  - name: a\n    image: x\n    securityContext:\n      allowPrivilegeEscalation: false\n') }],
  invalid: [
    { name: 'absent', code: pod('  containers:\n  - name: a\n    image: x\n'), errors: [{ line: 5, column: 5, target: 'a', message: 'allowPrivilegeEscalation: false is not set: setuid binaries can raise privileges' }] },
    {
      name: 'allowPrivilegeEscalation: true',
      code: pod('  containers:\n  - name: a\n    image: x\n    securityContext:\n      allowPrivilegeEscalation: true\n'),
      errors: [{ line: 8, column: 7, data: { option: 'allowPrivilegeEscalation: true' } }],
    },
  ],
});

k8sRuleTester(pids, {
  valid: [],
  invalid: [
    {
      name: 'info only: Kubernetes has no per-container pids limit',
      code: pod('  containers:\n  - name: a\n    image: x\n'),
      errors: [{ line: 5, column: 5, target: 'a', severity: 'info', message: "the pod pids limit is the kubelet's podPidsLimit setting" }],
    },
  ],
});

k8sRuleTester(rootFs, {
  valid: [{ code: pod('  containers:\n  - name: a\n    image: x\n    securityContext: {readOnlyRootFilesystem: true}\n') }],
  invalid: [
    { name: 'absent', code: pod('  containers:\n  - name: a\n    image: x\n'), errors: [{ line: 5, column: 5, severity: 'low', message: 'root filesystem is writable: readOnlyRootFilesystem is not set' }] },
    {
      name: 'false',
      code: pod('  containers:\n  - name: a\n    image: x\n    securityContext:\n      readOnlyRootFilesystem: false\n'),
      errors: [{ line: 8, column: 7, message: 'root filesystem is writable: readOnlyRootFilesystem is false' }],
    },
  ],
});

k8sRuleTester(secretEnv, {
  valid: [
    { name: 'secretKeyRef is not a secret in the manifest', code: pod('  containers:\n  - name: a\n    image: x\n    env:\n    - name: DB_PASSWORD\n      valueFrom:\n        secretKeyRef: {name: db, key: password}\n') },
    { name: 'a username is not a secret', code: pod('  containers:\n  - name: a\n    image: x\n    env:\n    - name: DB_USER\n      value: admin\n') },
  ],
  invalid: [
    {
      name: 'literal password, at the env entry',
      code: pod('  containers:\n  - name: a\n    image: x\n    env:\n    - name: DB_PASSWORD\n      value: "hunter2-hunter2"\n'),
      errors: [{ line: 8, column: 7, severity: 'high', data: { name: 'DB_PASSWORD', kind: 'literal' }, message: 'readable through kubectl get pod -o yaml and /proc/1/environ' }],
    },
  ],
});

k8sRuleTester(sysctl, {
  valid: [],
  invalid: [
    {
      name: 'a host-wide sysctl: the kubelet, not Docker, rejects it',
      code: pod('  securityContext:\n    sysctls:\n    - name: kernel.core_pattern\n      value: x\n  containers:\n  - name: a\n    image: x\n'),
      errors: [{ line: 6, column: 7, target: 'a', message: 'sysctl kernel.core_pattern is not namespaced: the kubelet rejects the pod' }],
    },
  ],
});

k8sRuleTester(sensitiveMount, {
  valid: [],
  invalid: [
    {
      name: "/var/lib/kubelet holds every pod's volumes and tokens",
      code: pod('  containers:\n  - name: a\n    image: x\n    volumeMounts:\n    - name: k\n      mountPath: /k\n      readOnly: true\n  volumes:\n  - name: k\n    hostPath:\n      path: /var/lib/kubelet\n'),
      errors: [{ line: 14, column: 7, target: 'a', severity: 'high', message: "the kubelet's state: every pod's volumes, including Secrets and service-account tokens" }],
    },
  ],
});

// Windows pods: the API server refuses the Linux-only securityContext fields these rules ask for.
const windowsPod = (extra = '') => pod(`  os:\n    name: windows\n  containers:\n  - name: iis\n    image: mcr.microsoft.com/windows/servercore/iis:ltsc2022\n${extra}`);
k8sRuleTester(capsNotDropped, { valid: [{ name: 'Windows pod', code: windowsPod() }], invalid: [{ name: 'Linux pod', code: pod('  containers:\n  - name: a\n    image: x\n'), errors: [{ line: 5, column: 5 }] }] });
k8sRuleTester(rootFs, { valid: [{ name: 'Windows pod', code: windowsPod() }], invalid: [] });
k8sRuleTester(noNewPrivileges, { valid: [{ name: 'Windows pod', code: windowsPod() }], invalid: [] });
k8sRuleTester(seccompMissing, {
  valid: [{ name: 'Windows pod (nodeSelector)', code: pod('  nodeSelector:\n    kubernetes.io/os: windows\n  containers:\n  - name: iis\n    image: x\n') }],
  invalid: [{ name: 'Linux pod', code: pod('  containers:\n  - name: a\n    image: x\n'), errors: [{ line: 5, column: 5 }] }],
});
k8sRuleTester(userRoot, {
  valid: [],
  invalid: [
    {
      name: 'Windows: runAsUserName ContainerAdministrator is the administrator',
      code: windowsPod('    securityContext:\n      windowsOptions: {runAsUserName: ContainerAdministrator}\n'),
      errors: [{ line: 10, column: 24, target: 'iis' }],
    },
  ],
});

// Ephemeral (kubectl debug) containers: the API forbids resources there.
const withDebug = pod('  containers:\n  - name: app\n    image: x\n    resources: {limits: {cpu: "1", memory: 1Gi}}\n  ephemeralContainers:\n  - name: debugger\n    image: busybox\n');
k8sRuleTester(memory, { valid: [{ name: 'ephemeral container', code: withDebug }], invalid: [] });
k8sRuleTester(cpu, { valid: [{ name: 'ephemeral container', code: withDebug }], invalid: [] });
k8sRuleTester(pids, { valid: [], invalid: [{ name: 'only the regular container (info)', code: withDebug, errors: [{ line: 5, column: 5, target: 'app' }] }] });
