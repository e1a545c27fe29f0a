import { ruleTester } from './tester.js';
import rule from './dangerous-capability-added.js';

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    cap_drop: [ALL]\n' },
    { kind: 'compose', name: 'commented cap_add', code: 'services:\n  web:\n    image: nginx\n    # cap_add: [SYS_ADMIN]\n' },
    { kind: 'run', code: 'docker run --cap-drop ALL nginx' },
    { kind: 'markdown', name: 'capability in prose only (node-exporter README)', code: 'Use `--cap-add=SYS_TIME` to let it set the clock.\n\n```bash\ndocker run -d quay.io/prometheus/node-exporter:latest\n```\n' },
  ],
  invalid: [
    {
      kind: 'kubernetes',
      name: 'Kubernetes wording: hostPID and the RuntimeDefault profile',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: dbg\nspec:\n  containers:\n    - name: dbg\n      image: busybox:1.36\n      securityContext:\n        capabilities:\n          add: [SYS_PTRACE]\n',
      errors: [{ line: 11, column: 17, target: 'dbg', message: 'capability SYS_PTRACE added: trace and inject into processes it can see (all host processes with hostPID: true); read their memory and environment; the RuntimeDefault seccomp profile re-opens' }],
    },
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    cap_add:\n      - SYS_ADMIN\n      - net_admin\n      - SYS_TIME\n      - BOGUS_CAP\n',
      errors: [
        { line: 5, column: 9, endLine: 5, endColumn: 18, target: 'web', severity: 'critical', data: { capability: 'SYS_ADMIN' }, message: 're-opens mount, umount2, unshare, setns, bpf' },
        { line: 6, column: 9, endLine: 6, endColumn: 18, severity: 'high', data: { capability: 'NET_ADMIN' } },
        { line: 7, column: 9, endLine: 7, endColumn: 17, severity: 'medium', data: { capability: 'SYS_TIME' }, message: 'clock_settime' },
        { line: 8, column: 9, endLine: 8, endColumn: 18, severity: 'medium', data: { capability: 'BOGUS_CAP' }, message: 'Docker refuses to start' },
      ],
    },
    {
      kind: 'compose',
      name: 'traefik: NET_BIND_SERVICE after cap_drop ALL is info only',
      code: 'services:\n  traefik:\n    image: traefik:v3.3.5\n    cap_drop:\n      - ALL\n    cap_add:\n      # EXCEPTION: Binds to ports 80 and 443 (privileged).\n      - NET_BIND_SERVICE\n',
      errors: [{ line: 8, column: 9, endLine: 8, endColumn: 25, target: 'traefik', severity: 'info', data: { capability: 'NET_BIND_SERVICE' }, message: 'after cap_drop ALL' }],
    },
    {
      kind: 'compose',
      name: 'pihole: NET_ADMIN with a trailing comment',
      code: 'services:\n  pihole:\n    image: pihole/pihole:latest\n    cap_add:\n      - NET_ADMIN # Recommended but not required (DHCP needs NET_ADMIN)\n',
      errors: [{ line: 5, column: 9, endLine: 5, endColumn: 18, target: 'pihole', severity: 'high', data: { capability: 'NET_ADMIN' } }],
    },
    {
      kind: 'compose',
      name: 'DAC_READ_SEARCH names open_by_handle_at (shocker)',
      code: 'services:\n  web:\n    image: nginx\n    cap_add: [DAC_READ_SEARCH]\n',
      errors: [{ line: 4, column: 15, endColumn: 30, severity: 'critical', data: { capability: 'DAC_READ_SEARCH' }, message: 'open_by_handle_at' }],
    },
    {
      kind: 'compose',
      name: 'unresolved capability is unknown',
      code: 'services:\n  web:\n    image: nginx\n    cap_add: ["${CAP}"]\n',
      errors: [{ line: 4, column: 15, certainty: 'unknown', severity: 'medium' }],
    },
    {
      kind: 'run',
      code: 'docker run --cap-add SYS_ADMIN --cap-add=ALL --cap-add cap_sys_ptrace nginx',
      errors: [
        { line: 1, column: 12, endLine: 1, endColumn: 31, target: 'nginx', severity: 'critical', data: { capability: 'SYS_ADMIN' } },
        { line: 1, column: 32, endLine: 1, endColumn: 45, severity: 'critical', data: { capability: 'ALL' } },
        { line: 1, column: 46, endLine: 1, endColumn: 70, severity: 'high', data: { capability: 'SYS_PTRACE' }, message: 'process_vm_readv' },
      ],
    },
    {
      kind: 'markdown',
      name: 'netdata README: --cap-add SYS_PTRACE in a fenced block',
      code: '## Run\n\n```bash\ndocker run -d --name=netdata \\\n  --cap-add SYS_PTRACE \\\n  netdata/netdata\n```\n',
      errors: [{ line: 5, column: 3, endLine: 5, endColumn: 23, target: 'netdata', severity: 'high', data: { capability: 'SYS_PTRACE' } }],
    },
  ],
});
