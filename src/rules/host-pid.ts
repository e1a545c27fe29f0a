/**
 * BW-0016 host-pid: Host PID namespace shared (CIS 5.16, R-B, R-S).
 */
import { defineRule } from './types.js';
import { hostNamespaceCheck } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0016',
    slug: 'host-pid',
    title: 'Host PID namespace shared',
    severity: 'high',
    attackClasses: ['R-B', 'R-S'],
    requirements: ['R-B', 'R-S'],
    cis: { '1.6.0': ['5.16'] },
    paper: '§IV.3, §IV.5',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      'Sharing the host PID namespace lets the container see and signal every process of the host, read their command lines and, as root or with SYS_PTRACE, their environment and memory: secrets of other containers leak and processes can be killed.',
    remediation: { kubernetes: 'hostPID: false   # pod spec (or remove the key)', compose: "pid: host   # remove the key", run: "remove --pid host" },
    breaks: "Monitoring agents that read host processes (node-exporter, falco) lose that view.",
    fix: 'unsafe',
  },
  checkContainer: hostNamespaceCheck('pid', 'PID', "the container sees every host process, their command lines and (with ptrace or as root) their environment and memory"),
});
