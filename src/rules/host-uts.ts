/**
 * BW-0018 host-uts: Host UTS namespace shared (CIS 5.21, R-B).
 */
import { defineRule } from './types.js';
import { hostNamespaceCheck } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0018',
    slug: 'host-uts',
    title: 'Host UTS namespace shared',
    severity: 'medium',
    attackClasses: ['R-B'],
    requirements: ['R-B'],
    cis: { '1.6.0': ['5.21'] },
    paper: '§IV.3',
    inputs: ['compose', 'run', 'inspect', 'engine'],
    description:
      "Sharing the host UTS namespace lets the container change the host's hostname and NIS domain name (with SYS_ADMIN) and is rarely needed.",
    remediation: { compose: "uts: host   # remove the key", run: "remove --uts host" },
    breaks: "Software that needs to see the host name can read it from an environment variable instead.",
    fix: 'unsafe',
  },
  checkContainer: hostNamespaceCheck('uts', 'UTS', "the container can change the host's hostname and domain name"),
});
