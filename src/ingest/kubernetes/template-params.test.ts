import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

// QA (C #2): OpenShift Template `${{PARAM}}` (a non-string parameter: OpenShift docs "Templates", parameters) in a
// boolean or integer field was an input error and exit 2 (`spec.hostNetwork` must be true or false, not the string
// "${{HOST_NET}}"): like `${PARAM}` elsewhere, its value is not known, so the findings that depend on it are unknown.
// `parameters[].value` is a default `oc process -p` overrides: not used (as for `${PARAM}`, qa16).
const TEMPLATE = `apiVersion: template.openshift.io/v1
kind: Template
metadata:
  name: redis-ephemeral
parameters:
- name: HOST_NET
  value: "false"
- name: RUN_AS
  value: "0"
objects:
- apiVersion: v1
  kind: Pod
  metadata:
    name: redis
  spec:
    hostNetwork: \${{HOST_NET}}
    hostPID: "\${{HOST_PID}}"
    containers:
    - name: redis
      image: registry.redhat.io/rhel9/redis-6@sha256:2222222222222222222222222222222222222222222222222222222222222222
      securityContext:
        runAsUser: \${{RUN_AS}}
        privileged: \${{RUN_PRIVILEGED}}
        allowPrivilegeEscalation: \${{ESCALATE}}
        capabilities: {drop: [ALL]}
        readOnlyRootFilesystem: \${{READ_ONLY}}
        seccompProfile: {type: RuntimeDefault}
      ports:
      - containerPort: 6379
        hostPort: \${{HOST_PORT}}
      resources:
        limits:
          memory: \${{MEMORY_LIMIT}}
          cpu: 500m
`;

describe('OpenShift Template ${{PARAM}} (non-string parameters) are unknown values, not input errors', () => {
  it('host namespaces, privileged, user, no-new-privileges, read-only root, memory: unknown at the field; the host port published', async () => {
    // (Before: two input errors per field, exit 2, and none of these findings.)
    const res = await auditSources([{ path: 't.yaml', text: TEMPLATE, kind: 'kubernetes' }], { env: {} });
    expect(res.errors).toEqual([]);
    expect(res.findings.map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.severity} ${f.certainty}`)).toEqual([
      '16:5 BW-0015 high unknown',
      '17:5 BW-0016 high unknown',
      '19:7 BW-0010 info unknown',
      '22:9 BW-0004 low unknown',
      '23:9 BW-0001 critical unknown',
      '24:9 BW-0007 medium unknown',
      '26:9 BW-0006 low unknown',
      // A host port is published whatever number the parameter gives (0 would be none: kept as written).
      '30:9 BW-0028 info definite',
      '33:11 BW-0008 medium unknown',
    ]);
  });
});

describe('a ${{PARAM}} keeps what is written beside it', () => {
  it('user: the parameter as written in the message; a literal value that is not a parameter is still an input error', async () => {
    const res = await auditSources([{ path: 't.yaml', text: TEMPLATE, kind: 'kubernetes' }], { env: {} });
    expect(res.findings.find((f) => f.ruleId === 'BW-0004')?.message).toBe('user ${{RUN_AS}}: the value depends on an unset variable, so bulwark cannot tell whether it is root');
    expect(res.findings.find((f) => f.ruleId === 'BW-0028')?.message).toBe('port ${{HOST_PORT}}->6379/tcp published on all host interfaces');
    const bad = await auditSources([{ path: 't.yaml', text: TEMPLATE.replace('${{HOST_NET}}', '${{HOST_NET}}x'), kind: 'kubernetes' }], { env: {} });
    expect(bad.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual(['16:18 `spec.hostNetwork` must be true or false, not the string "${{HOST_NET}}x"']);
  });
});
