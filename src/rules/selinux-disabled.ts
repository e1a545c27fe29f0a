/**
 * BW-0023 selinux-disabled: `label=disable` / `label:disable`, or a process type that SELinux does not
 * confine: the super-privileged container type `label=type:spc_t`, and the other unconfined domains of the
 * targeted policy a container can be put in (`unconfined_t`, the runtime's own `container_runtime_t` /
 * `docker_t`, `kernel_t`, `init_t`, `initrc_t`, `unconfined_service_t`, `sysadm_t`; container-selinux
 * container.te, refpolicy unconfined.te) (CIS 5.3, R-G4). Other `label=user/role/type/level` options are honoured.
 *
 * Docker itself writes `label=disable` into `HostConfig.SecurityOpt` of every container that is privileged
 * or shares the host's PID or IPC namespace (moby daemon/create.go `generateSecurityOpt`). So for sources
 * `inspect` and `engine` (a `docker inspect` answer), `label=disable` on such a container is not reported
 * again: the root cause is already reported by `privileged`, `host-pid` or `host-ipc`. `type:spc_t` is
 * always reported, and compose files and run lines, where `label=disable` is written by hand, are unchanged.
 */
import { defineRule } from './types.js';
import { isHostMode, securityOpts, UNRESOLVED_NOTE } from './util/container.js';

/** SELinux process types that are not confined (`type:` values of `label=`): see the header. */
const UNCONFINED_TYPES = new Set(['spc_t', 'unconfined_t', 'container_runtime_t', 'docker_t', 'kernel_t', 'init_t', 'initrc_t', 'unconfined_service_t', 'sysadm_t']);

export default defineRule({
  meta: {
    id: 'BW-0023',
    slug: 'selinux-disabled',
    title: 'SELinux separation disabled',
    severity: 'high',
    attackClasses: ['R-K', 'R-B'],
    requirements: ['R-K', 'R-G4'],
    cis: { '1.6.0': ['5.3'] },
    paper: '§V.1, §V.2.4',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      "On SELinux hosts (Fedora, RHEL, CentOS) Docker runs containers as container_t (the paper's svirt_lxc_net_t) with a unique MCS category, so one container cannot touch host files or another container's. label=disable runs it unconfined, and type:spc_t is the super-privileged container type that is not confined either. On a host without SELinux the option changes nothing, but the configuration is still wrong for hosts that have it.",
    remediation: {
      kubernetes: 'securityContext:\n  seLinuxOptions: {}   # remove type: spc_t; the runtime assigns container_t',
      compose: 'security_opt:\n  - label=disable   # remove; relabel bind mounts with :z or :Z instead',
      run: 'remove --security-opt label=disable; relabel bind mounts with :z or :Z instead',
    },
    breaks: 'Bind mounts of host directories that are not labelled for containers become unreadable until relabelled (:z, :Z or a custom policy module).',
    fix: 'safe',
    superseded: "The paper's svirt_lxc_net_t type is today's container_t (container-selinux).",
  },
  checkContainer(c, ctx) {
    const dockerAdded = (c.source === 'inspect' || c.source === 'engine') && (c.privileged?.value === true || isHostMode(c.namespaces.pid) || isHostMode(c.namespaces.ipc));
    for (const o of securityOpts(c, 'label')) {
      if (o.how === 'unresolved') {
        ctx.report({ message: `SELinux label: ${UNRESOLVED_NOTE} whether separation is disabled`, at: o.origin, certainty: 'unknown', data: { option: o.raw } });
        continue;
      }
      const v = o.value.trim().toLowerCase();
      // A live audit whose host has no SELinux (HostSpec.mac): no label option changes anything there (R-G4); CIS 5.3
      // is not applicable (src/compliance, `data.cisNotApplicable`).
      const relevant = (v === 'disable' && !dockerAdded) || v === 'type:spc_t' || (v.startsWith('type:') && UNCONFINED_TYPES.has(v.slice(5)));
      if (relevant && c.engine?.mac?.selinux === 'disabled') {
        ctx.report({ message: `${o.raw} changes nothing on this host: it has no SELinux, so no container here is confined by it`, at: o.origin, severity: 'info', data: { option: o.raw, cisNotApplicable: true } });
        continue;
      }
      if (v === 'disable' && !dockerAdded) ctx.report({ message: `SELinux separation disabled (${o.raw}) on hosts that have SELinux`, at: o.origin, data: { option: o.raw } });
      else if (v === 'type:spc_t') ctx.report({ message: `SELinux super-privileged container type (${o.raw}): not confined by container policy`, at: o.origin, data: { option: o.raw } });
      else if (v.startsWith('type:') && UNCONFINED_TYPES.has(v.slice(5))) ctx.report({ message: `SELinux unconfined domain (${o.raw}): not confined by container policy`, at: o.origin, data: { option: o.raw } });
    }
  },
});
