/**
 * QA round 2 (real-world manifests): YAML 1.1 booleans as go-yaml v2 reads them (`y`, `N`, `Yes`), Windows
 * pods (`spec.os.name`, nodeSelector, `windowsOptions.runAsUserName` as the user).
 */
import { describe, expect, it } from 'vitest';
import { k8sBool } from './nodes.js';
import type { PodFacts } from './pod.js';
import { auditManifest, ingestText } from './test-helpers.js';

describe('k8sBool (gopkg.in/yaml.v2 resolve table)', () => {
  it.each(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'])('%s is true', (s) => expect(k8sBool(s)).toBe(true));
  it.each(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'])('%s is false', (s) => expect(k8sBool(s)).toBe(false));
  it.each(['tRUE', 'yEs', '1', '0', 'enabled', ''])('%s is not a boolean', (s) => expect(k8sBool(s)).toBeUndefined());
});

const Y_BOOLS = `apiVersion: v1
kind: Pod
metadata:
  name: y-bools
spec:
  hostNetwork: Y
  containers:
  - name: app
    image: busybox:1.36
    securityContext:
      privileged: y
      readOnlyRootFilesystem: Yes
      allowPrivilegeEscalation: n
`;

describe('YAML 1.1 y/n booleans are read as Kubernetes reads them', () => {
  it('privileged: y, hostNetwork: Y, allowPrivilegeEscalation: n', async () => {
    const { findings, errors } = await auditManifest(Y_BOOLS);
    expect(errors).toEqual([]);
    const got = findings.filter((f) => ['BW-0001', 'BW-0015', 'BW-0006', 'BW-0007'].includes(f.ruleId)).map((f) => `${f.ruleId} ${f.location.startLine}:${f.location.startColumn}`);
    expect(got).toEqual(['BW-0015 6:3', 'BW-0001 11:7']);
  });
  it('a quoted "y" is a string: an input error at its line', async () => {
    const { errors } = await auditManifest(Y_BOOLS.replace('privileged: y', 'privileged: "y"'));
    expect(errors.map((e) => [e.line, e.message])).toEqual([[11, expect.stringContaining('privileged` must be true or false, not the string "y"')]]);
  });
});

const WINDOWS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: iis
spec:
  selector:
    matchLabels: {app: iis}
  template:
    metadata:
      labels: {app: iis}
    spec:
      os:
        name: windows
      securityContext:
        windowsOptions:
          runAsUserName: "ContainerUser"
      containers:
      - name: iis
        image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
      - name: admin
        image: mcr.microsoft.com/windows/nanoserver:ltsc2022
        securityContext:
          windowsOptions: {runAsUserName: ContainerAdministrator}
`;

describe('Windows pods', () => {
  it('spec.os.name and windowsOptions.runAsUserName (container over pod) as the user', async () => {
    const { r, at } = await ingestText(WINDOWS);
    expect(r.errors).toEqual([]);
    expect(r.containers.map((c) => [c.target.name, c.user?.value, at(c.user?.origin), (c.extra['kubernetes.pod'].value as PodFacts).os])).toEqual([
      ['iis', 'ContainerUser', '16:11-16:41', 'windows'],
      ['admin', 'ContainerAdministrator', '23:28-23:65', 'windows'],
    ]);
  });
  it('no user-not-set finding when runAsUserName is set', async () => {
    const { findings } = await auditManifest(WINDOWS);
    expect(findings.filter((f) => f.ruleId === 'BW-0004')).toEqual([]);
  });
  it('the nodeSelector kubernetes.io/os tells the OS when spec.os does not; nothing tells it otherwise', async () => {
    const sel = await ingestText(WINDOWS.replace('      os:\n        name: windows\n', '      nodeSelector:\n        kubernetes.io/os: linux\n'));
    expect(sel.r.containers.map((c) => (c.extra['kubernetes.pod'].value as PodFacts).os)).toEqual(['linux', 'linux']);
    const none = await ingestText(WINDOWS.replace('      os:\n        name: windows\n', ''));
    expect(none.r.containers.map((c) => (c.extra['kubernetes.pod'].value as PodFacts).os)).toEqual([undefined, undefined]);
  });
});
