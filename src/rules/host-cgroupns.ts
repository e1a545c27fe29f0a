/**
 * BW-0020 host-cgroupns: Host cgroup namespace shared (R-B). No CIS Docker Benchmark 1.6.0 recommendation covers
 * the cgroup namespace (5.25 "Ensure that cgroup usage is confirmed" is about `CgroupParent`), so it maps to none.
 *
 * An explicit `cgroup: host` (Compose) or `--cgroupns host` (docker run) is reported at the rule's severity
 * (low). For sources `inspect` and `engine`, `HostConfig.CgroupnsMode: "host"` is also what dockerd sets by
 * default on cgroup v1 hosts (`default-cgroupns-mode` is `host` there, `private` on cgroup v2; dockerd(8)),
 * so it cannot tell a deliberate choice: it is reported at `info`, saying so.
 */
import { defineRule } from './types.js';
import { hostNamespaceCheck, isHostMode } from './util/container.js';

const checkHost = hostNamespaceCheck('cgroupns', 'cgroup', "the container sees the host's cgroup hierarchy");

export default defineRule({
  meta: {
    id: 'BW-0020',
    slug: 'host-cgroupns',
    title: 'Host cgroup namespace shared',
    severity: 'low',
    attackClasses: ['R-B'],
    requirements: ['R-B'],
    cis: {},
    paper: '§V.2.6',
    inputs: ['compose', 'run', 'inspect', 'engine'],
    description:
      'With the host cgroup namespace the container sees the full host cgroup tree instead of its own; combined with a writable /sys/fs/cgroup this helps breakouts such as the release_agent escape (CVE-2022-0492). Docker uses a private cgroup namespace by default on cgroup v2.',
    remediation: { compose: "cgroup: host   # remove, or cgroup: private (compose-spec `cgroup`)", run: "remove --cgroupns host (or --cgroupns private)" },
    breaks: "Tools that inspect host cgroups from the container (cAdvisor) lose that view.",
    fix: 'unsafe',
  },
  checkContainer(c, ctx) {
    const ns = c.namespaces.cgroupns;
    if ((c.source === 'inspect' || c.source === 'engine') && isHostMode(ns)) {
      ctx.report({
        message: "cgroup namespace shared with the host: the container sees the host's cgroup hierarchy (CgroupnsMode host is dockerd's default on cgroup v1 hosts)",
        at: ns,
        severity: 'info',
        data: { mode: 'host' },
      });
      return;
    }
    checkHost(c, ctx);
  },
});
