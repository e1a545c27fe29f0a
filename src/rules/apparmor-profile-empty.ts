/**
 * BW-0040 apparmor-profile-empty: inspect output shows `"AppArmorProfile": ""` and no SELinux type
 * confines the container either (CIS 5.2, R-G4, paper §V.2.4). An empty profile is not a setting of the
 * container: it means the engine's host had no AppArmor (or Docker could not use it), so Docker's
 * `docker-default` profile did not apply. Info only: the host, not the deployment, decides
 * (requirements.md R-G4: "tell honestly when the host has no such LSM"; corpus code NO_APPARMOR). Its findings carry
 * `data.cisNotApplicable: true`: the compliance view reports CIS 5.2 as `not applicable` there, not `fail`.
 * Windows containers (`"Platform": "windows"`) always show an empty profile and are not reported: AppArmor is Linux-only.
 */
import { defineRule } from './types.js';
import { isPrivileged, isWindowsPod, securityOpts } from './util/container.js';

/** SELinux process types that do not confine a container (`spc_t` super-privileged, `unconfined_t`). */
const UNCONFINED_TYPES = new Set(['spc_t', 'unconfined_t']);

export default defineRule({
  meta: {
    id: 'BW-0040',
    slug: 'apparmor-profile-empty',
    title: 'No AppArmor profile applied',
    severity: 'info',
    attackClasses: ['R-K', 'R-B'],
    requirements: ['R-K', 'R-G4'],
    cis: { '1.6.0': ['5.2'] },
    paper: '§V.2.4',
    inputs: ['inspect', 'engine'],
    description:
      "docker inspect shows \"AppArmorProfile\": \"\" when the engine's host has no AppArmor (or Docker could not load its docker-default profile), and the container is not SELinux-confined either (no container_t ProcessLabel). Nothing in the deployment is wrong: the host gives no mandatory access control, so the kernel's other defences (seccomp, capabilities, namespaces) are all that stands between the container and the host. On hosts that have AppArmor Docker applies docker-default unless apparmor=unconfined is given, which BW-0022 reports.",
    remediation: {
      inspect: 'enable AppArmor on the host (Debian/Ubuntu: apparmor=1 security=apparmor on the kernel command line, apparmor package) or run on an SELinux host with container-selinux',
      engine: 'enable AppArmor on the host (Debian/Ubuntu: apparmor=1 security=apparmor on the kernel command line, apparmor package) or run on an SELinux host with container-selinux',
    },
    breaks: 'Nothing in the container; enabling an LSM on the host may block software that relied on its absence (writes to /proc, mount).',
    fix: 'manual',
  },
  checkContainer(c, ctx) {
    const aa = c.extra.appArmorProfile;
    if (!aa || aa.how === 'unresolved' || aa.value !== '' || isWindowsPod(c)) return;
    // Privileged containers and explicit apparmor options are other rules' findings (BW-0001, BW-0022).
    if (isPrivileged(c) || securityOpts(c, 'apparmor').length > 0) return;
    const label = c.extra.processLabel?.value;
    // SELinux labels are user:role:type:level (system_u:system_r:container_t:s0:c1,c2).
    const type = typeof label === 'string' ? label.split(':')[2] : undefined;
    if (type && !UNCONFINED_TYPES.has(type) && !securityOpts(c, 'label').some((o) => o.value.trim().toLowerCase() === 'disable')) return;
    ctx.report({
      message: 'no AppArmor profile applied ("AppArmorProfile" is empty) and no SELinux type confines the container: the host gives it no mandatory access control',
      at: aa,
      // The compliance view shows CIS 5.2 as not applicable on such a host rather than failed (src/compliance).
      data: { profile: '', cisNotApplicable: true },
    });
  },
});
