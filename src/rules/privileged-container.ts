/**
 * BW-0001 privileged-container: `privileged: true` / `--privileged` (CIS 5.5, R-B, R-G5, R-G13).
 */
import { defineRule } from './types.js';
import { isDindImage, UNRESOLVED_NOTE } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0001',
    slug: 'privileged-container',
    title: 'Container runs privileged',
    severity: 'critical',
    attackClasses: ['R-B', 'R-K'],
    requirements: ['R-B', 'R-G5', 'R-G13'],
    // A privileged container also runs unconfined (AppArmor 5.2, SELinux 5.3, seccomp 5.22) with every host
    // device (5.18): it fails those recommendations too (moby oci_linux.go WithDevices / WithSeccomp for privileged).
    cis: { '1.6.0': ['5.5', '5.2', '5.3', '5.18', '5.22'] },
    paper: '§IV.3, §V.2.5, §V.2.13',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      'A privileged container gets every capability, every host device and no seccomp, AppArmor or SELinux confinement: root in it is root on the host (mount the host disk, load kernel modules). Docker-in-Docker images need it; run them with a sandboxed runtime (sysbox, gVisor runsc, Kata) or on a separate host instead (R-G13).',
    remediation: {
      kubernetes: 'securityContext:\n  privileged: false\n  capabilities:\n    drop: [ALL]\n    add: [NET_ADMIN]   # only what is needed',
      compose: 'privileged: false   # or remove the key; add only the capabilities and devices needed:\ncap_add: [NET_ADMIN]\ndevices: ["/dev/ttyUSB0:/dev/ttyUSB0:rw"]',
      run: 'remove --privileged; add what is needed instead: --cap-add NET_ADMIN --device /dev/ttyUSB0:/dev/ttyUSB0:rw',
    },
    breaks: 'Software that manages devices, mounts filesystems or runs nested containers stops working until the needed capabilities and devices are granted one by one.',
    fix: 'unsafe',
  },
  checkContainer(c, ctx) {
    const p = c.privileged;
    if (!p) return;
    if (p.how === 'unresolved') {
      ctx.report({ message: `privileged mode may be on: ${UNRESOLVED_NOTE}`, at: p, certainty: 'unknown', data: {} });
      return;
    }
    if (p.value !== true) return;
    const dind = isDindImage(c.image?.value)
      ? '; Docker-in-Docker: run it with a sandboxed runtime (sysbox, gVisor runsc, Kata) or on a dedicated host (R-G13)'
      : '';
    ctx.report({
      message: `container runs privileged: all capabilities, all host devices, and seccomp and AppArmor/SELinux confinement disabled${dind}`,
      at: p,
      data: {},
    });
  },
});
