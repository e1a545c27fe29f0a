/**
 * BW-0304 host-lsm-inactive: neither AppArmor nor SELinux is active on the host, so `--security-opt
 * apparmor=…` / `label=…` settings (and Docker's default AppArmor profile) are not enforced here.
 * R-G4 (paper §V.2.4), R-K. Informational: it tells honestly what the host cannot enforce.
 */
import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'BW-0304',
    slug: 'host-lsm-inactive',
    title: 'Host has no active AppArmor or SELinux',
    severity: 'info',
    attackClasses: ['R-K'],
    requirements: ['R-G4', 'R-K'],
    cis: {},
    paper: '§V.2.4',
    inputs: ['host'],
    description:
      'Docker confines containers with a mandatory access control LSM when the host has one: the `docker-default` AppArmor profile, or SELinux labels with `--selinux-enabled`. On a host with neither, `--security-opt apparmor=…` and `label=…` settings are accepted but not enforced, and container findings about them describe intent, not protection. bulwark reads the active LSMs from `/sys/kernel/security/lsm` (or, when securityfs is not mounted, `/sys/module/apparmor` and `/sys/fs/selinux`).',
    remediation: { host: 'enable AppArmor (Debian/Ubuntu: apt-get install apparmor; kernel parameter apparmor=1 security=apparmor) or SELinux (RHEL/Fedora), then restart dockerd' },
    breaks: 'Enabling an LSM applies the default container profile to every container; software that mounts filesystems or writes to /proc or /sys inside containers may need its own profile.',
    fix: 'manual',
  },
  checkHost(h, ctx) {
    const mac = h.mac;
    if (!mac) return;
    if (mac.apparmor === 'enabled' || mac.selinux === 'enforcing' || mac.selinux === 'permissive') {
      if (mac.selinux === 'permissive' && mac.apparmor !== 'enabled')
        ctx.report({ message: 'SELinux is permissive: label=… settings are logged, not enforced', at: mac.origin, data: { apparmor: mac.apparmor, selinux: mac.selinux } });
      return;
    }
    const sure = mac.apparmor === 'disabled' && mac.selinux === 'disabled';
    ctx.report({
      message: sure
        ? 'this host has no AppArmor or SELinux; --security-opt apparmor/label settings are not enforced here'
        : `could not tell whether AppArmor or SELinux is active (apparmor=${mac.apparmor}, selinux=${mac.selinux}); --security-opt apparmor/label settings may not be enforced here`,
      at: mac.origin,
      certainty: sure ? 'definite' : 'unknown',
      data: { apparmor: mac.apparmor, selinux: mac.selinux },
    });
  },
});
