/**
 * `docker service inspect` Privileges, networks and restart policy (Engine API ServiceSpec; fields the docker CLI
 * of the engine in test/live/service-inspect.test.ts cannot set): each maps to the container setting it stands for,
 * findings at the service's own field.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { detectKind } from '../detect.js';

const service = (containerSpec: object, taskTemplate: object = {}) =>
  JSON.stringify([{ ID: 'x1y2z3', Spec: { Name: 'agent', TaskTemplate: { ContainerSpec: { Image: 'example/agent:1.0', ...containerSpec }, ...taskTemplate } } }], null, 2) + '\n';

const rows = async (text: string) => {
  const r = await auditSources([{ path: 'service.json', text }], { env: {} });
  expect(r.errors).toEqual([]);
  return r.findings.filter((f) => f.pointer).map((f) => `${f.ruleId} ${f.severity} ${f.pointer}`);
};

describe('docker service inspect', () => {
  it('is detected as inspect output', () => {
    expect(detectKind('service.json', service({}))).toBe('inspect');
  });

  it('Privileges: SELinux disabled, seccomp unconfined, AppArmor disabled; NoNewPrivileges counts as set', async () => {
    const text = service({ Privileges: { SELinuxContext: { Disable: true }, Seccomp: { Mode: 'unconfined' }, AppArmor: { Mode: 'disabled' }, NoNewPrivileges: true } });
    expect(await rows(text)).toEqual([
      'BW-0027 info /Spec/TaskTemplate/ContainerSpec/Image',
      'BW-0023 high /Spec/TaskTemplate/ContainerSpec/Privileges/SELinuxContext/Disable',
      'BW-0021 high /Spec/TaskTemplate/ContainerSpec/Privileges/Seccomp/Mode',
      'BW-0022 high /Spec/TaskTemplate/ContainerSpec/Privileges/AppArmor/Mode',
    ]);
    const all = (await auditSources([{ path: 'service.json', text }], { env: {} })).findings.map((f) => f.ruleId);
    expect(all).not.toContain('BW-0007');
  });

  it('the host network, limits, a bounded restart policy and the log driver', async () => {
    const text = service(
      { User: '1000', ReadOnly: true, CapabilityDrop: ['ALL'] },
      {
        Networks: [{ Target: 'host' }],
        Resources: { Limits: { MemoryBytes: 268435456, NanoCPUs: 500000000, Pids: 100 } },
        RestartPolicy: { Condition: 'any', MaxAttempts: 3 },
        LogDriver: { Name: 'none' },
      },
    );
    expect(await rows(text)).toEqual([
      'BW-0027 info /Spec/TaskTemplate/ContainerSpec/Image',
      'BW-0015 high /Spec/TaskTemplate/Networks/0',
      'BW-0033 medium /Spec/TaskTemplate/LogDriver/Name',
    ]);
  });
});
