import { ruleTester } from './tester.js';
import rule from './apparmor-profile-empty.js';

/** A one-container `docker inspect` array, one key per line so lines and columns are easy to read. */
function inspect(top: Record<string, unknown>, hc: Record<string, unknown> = {}): string {
  return JSON.stringify([{ Id: 'abc123', Name: '/web', ...top, HostConfig: { Privileged: false, SecurityOpt: null, ...hc }, Config: { User: '', Image: 'nginx' } }], null, 4) + '\n';
}

ruleTester(rule, {
  valid: [
    { kind: 'inspect', name: 'docker-default profile applied', code: inspect({ AppArmorProfile: 'docker-default', ProcessLabel: '' }) },
    { kind: 'inspect', name: 'SELinux confines the container (container_t)', code: inspect({ AppArmorProfile: '', ProcessLabel: 'system_u:system_r:container_t:s0:c648,c780' }) },
    { kind: 'inspect', name: 'privileged: privileged-container reports it', code: inspect({ AppArmorProfile: '', ProcessLabel: '' }, { Privileged: true }) },
    { kind: 'inspect', name: 'apparmor=unconfined: apparmor-unconfined reports it', code: inspect({ AppArmorProfile: '', ProcessLabel: '' }, { SecurityOpt: ['apparmor=unconfined'] }) },
    { kind: 'inspect', name: 'no AppArmorProfile key at all', code: inspect({ ProcessLabel: '' }) },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n' },
  ],
  invalid: [
    {
      kind: 'inspect',
      name: 'watchtower portainer: empty profile, no SELinux label',
      code: inspect({ AppArmorProfile: '', ProcessLabel: '' }),
      errors: [{ line: 5, column: 28, endLine: 5, endColumn: 30, target: 'web', severity: 'info', data: { profile: '', cisNotApplicable: true }, message: 'no mandatory access control' }],
    },
    {
      kind: 'inspect',
      name: 'SELinux super-privileged type spc_t does not confine',
      code: inspect({ AppArmorProfile: '', ProcessLabel: 'system_u:system_r:spc_t:s0' }),
      errors: [{ line: 5, column: 28, severity: 'info' }],
    },
    {
      kind: 'inspect',
      name: 'label=disable switches SELinux off even with a container_t label shown',
      code: inspect({ AppArmorProfile: '', ProcessLabel: 'system_u:system_r:container_t:s0' }, { SecurityOpt: ['label=disable'] }),
      errors: [{ line: 5, column: 28, severity: 'info' }],
    },
  ],
});
