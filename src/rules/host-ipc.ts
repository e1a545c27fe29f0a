/**
 * BW-0017 host-ipc: Host IPC namespace shared (CIS 5.17, R-B, R-S).
 */
import { defineRule } from './types.js';
import { hostNamespaceCheck } from './util/container.js';

export default defineRule({
  meta: {
    id: 'BW-0017',
    slug: 'host-ipc',
    title: 'Host IPC namespace shared',
    severity: 'high',
    attackClasses: ['R-B', 'R-S'],
    requirements: ['R-B', 'R-S'],
    cis: { '1.6.0': ['5.17'] },
    paper: '§IV.3',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      "Sharing the host IPC namespace exposes the host's shared memory segments, semaphores and message queues to the container: it can read or corrupt data of host processes. shareable and private IPC modes are not host IPC.",
    remediation: { kubernetes: 'hostIPC: false   # pod spec (or remove the key)', compose: "ipc: host   # remove, or ipc: shareable / service:other to share with one container", run: "remove --ipc host (use --ipc shareable / container:name to share with one container)" },
    breaks: "Software that shares memory with host processes (some databases, X11 shared memory) stops doing so.",
    fix: 'unsafe',
  },
  checkContainer: hostNamespaceCheck('ipc', 'IPC', "the container can read and write the host's System V and POSIX shared memory and semaphores"),
});
