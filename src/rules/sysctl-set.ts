/**
 * BW-0037 sysctl-set: namespaced kernel parameters set for the container (`sysctls`, `--sysctl`).
 * Docker accepts only namespaced ones (net.*, kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.*);
 * informational (corpus: SYSCTL is info at most). R-K.
 */
import { defineRule } from './types.js';

/** Sysctl prefixes Docker (runc) accepts because they are namespaced. */
const NAMESPACED = [/^net\./, /^kernel\.shm/, /^kernel\.msg/, /^kernel\.sem$/, /^fs\.mqueue\./, /^kernel\.(hostname|domainname)$/];

export default defineRule({
  meta: {
    id: 'BW-0037',
    slug: 'sysctl-set',
    title: 'Kernel parameter set for the container',
    severity: 'info',
    attackClasses: ['R-K', 'R-M'],
    requirements: ['R-K'],
    cis: {},
    paper: '§IV.1',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      'A sysctl changes a kernel parameter of the container\'s namespaces. Namespaced ones are allowed and usually harmless, but some widen the attack surface (net.ipv4.ip_forward turns the container into a router; net.ipv4.ping_group_range; unprivileged_port_start). Parameters that are not namespaced are refused by Docker.',
    remediation: { kubernetes: 'securityContext:\n  sysctls:   # keep only what the software needs\n    - name: net.core.somaxconn\n      value: \"1024\"', compose: 'sysctls:\n  net.core.somaxconn: 1024   # keep only what the software needs', run: '--sysctl net.core.somaxconn=1024   # keep only what the software needs', service: '--sysctl net.core.somaxconn=1024   # keep only what the software needs' },
    breaks: 'Removing a sysctl the software tunes may lower its performance.',
    fix: 'manual',
  },
  checkContainer(c, ctx) {
    for (const s of c.sysctls) {
      const ns = NAMESPACED.some((r) => r.test(s.name));
      ctx.report({
        message: ns
          ? `namespaced sysctl ${s.name} set`
          : `sysctl ${s.name} is not namespaced: ${c.source === 'kubernetes' ? 'the kubelet rejects the pod' : 'Docker refuses to start the container'}`,
        at: s.origin,
        data: { name: s.name },
      });
    }
  },
});
