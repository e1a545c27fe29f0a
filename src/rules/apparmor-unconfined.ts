/**
 * BW-0022 apparmor-unconfined: `apparmor=unconfined` / `apparmor:unconfined` (CIS 5.2, R-G4). No
 * security option means Docker's `docker-default` profile (where the host has AppArmor).
 */
import { defineRule } from './types.js';
import { effectiveSecurityOpts, UNRESOLVED_NOTE } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0022',
    slug: 'apparmor-unconfined',
    title: 'AppArmor disabled',
    severity: 'high',
    attackClasses: ['R-K', 'R-B'],
    requirements: ['R-K', 'R-G4'],
    cis: { '1.6.0': ['5.2'] },
    paper: '§V.2.4',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      "Docker confines containers with the docker-default AppArmor profile on hosts that have AppArmor (Ubuntu, Debian, SUSE): it denies writes to /proc and /sys, mount, and ptrace of processes outside. apparmor=unconfined removes it. On a host without AppArmor (Fedora, RHEL use SELinux) the option changes nothing, but the configuration is still wrong for the hosts that have it.",
    remediation: {
      kubernetes: 'securityContext:\n  appArmorProfile:\n    type: RuntimeDefault   # not Unconfined',
      compose: 'security_opt:\n  - apparmor=unconfined   # remove; or a custom profile: apparmor=my-profile',
      run: 'remove --security-opt apparmor=unconfined (or --security-opt apparmor=my-profile)',
    },
    breaks: 'Software that reads other processes or writes kernel tunables (monitoring agents) needs a custom profile that allows exactly that.',
    fix: 'safe',
  },
  checkContainer(c, ctx) {
    for (const o of effectiveSecurityOpts(c, 'apparmor')) {
      if (o.how === 'unresolved') {
        ctx.report({ message: `AppArmor profile: ${UNRESOLVED_NOTE} whether it is unconfined`, at: o.origin, certainty: 'unknown', data: { option: o.raw } });
      } else if (o.value.trim().toLowerCase() === 'unconfined' && c.engine?.mac?.apparmor === 'disabled') {
        // A live audit whose host has no AppArmor (HostSpec.mac): the option changes nothing there (R-G4: tell honestly
        // when the host has no such LSM); CIS 5.2 is not applicable (src/compliance, `data.cisNotApplicable`).
        ctx.report({
          message: `${o.raw} changes nothing on this host: it has no AppArmor, so no container here is confined by it`,
          at: o.origin,
          severity: 'info',
          data: { option: o.raw, cisNotApplicable: true },
        });
      } else if (o.value.trim().toLowerCase() === 'unconfined') {
        ctx.report({
          message: `AppArmor confinement disabled (${o.raw}) on hosts that have AppArmor (where the host has none the option changes nothing)`,
          at: o.origin,
          data: { option: o.raw },
        });
      }
    }
  },
});
