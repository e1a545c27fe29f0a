import { ruleTester } from './tester.js';
import rule from './memory-limit-missing.js';

/** A one-container `docker inspect` array, one key per line. */
function inspect(hc: Record<string, unknown>): string {
  return JSON.stringify([{ Id: 'abc123', Name: '/es', HostConfig: { Privileged: false, ...hc }, Config: { User: '', Image: 'elasticsearch:8.12.0' } }], null, 4) + '\n';
}

ruleTester(rule, {
  valid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    mem_limit: 256m\n' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    deploy:\n      resources:\n        limits:\n          memory: 512M\n' },
    { kind: 'compose', name: 'default in interpolation', code: 'services:\n  web:\n    image: nginx\n    mem_limit: ${MEM:-512m}\n' },
    { kind: 'run', code: 'docker run -m 512m nginx' },
    { kind: 'run', code: 'docker run --memory=1g nginx' },
    // docker run reference, "User memory constraints": the OOM killer disabled with a memory limit is the supported use.
    { kind: 'run', name: 'OOM killer disabled with -m', code: 'docker run -m 1g --oom-kill-disable --oom-score-adj=-1000 nginx' },
    { kind: 'compose', name: 'OOM killer disabled with mem_limit', code: 'services:\n  es:\n    image: es:8\n    mem_limit: 2g\n    oom_kill_disable: true\n' },
    { kind: 'inspect', name: 'inspect: OomKillDisable with Memory', code: inspect({ Memory: 1073741824, OomKillDisable: true, OomScoreAdj: -1000 }) },
  ],
  invalid: [
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n', errors: [{ line: 2, column: 3, endColumn: 6, target: 'web', severity: 'medium', certainty: 'definite' }] },
    {
      kind: 'compose',
      name: 'a reservation is not a limit',
      code: 'services:\n  web:\n    image: nginx\n    deploy:\n      resources:\n        reservations:\n          memory: 512M\n',
      errors: [{ line: 2, column: 3, target: 'web' }],
    },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    mem_limit: 0\n', errors: [{ line: 4, column: 16, endColumn: 17, severity: 'medium', message: 'unlimited' }] },
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    mem_limit: ${MEM}\n',
      errors: [{ line: 4, column: 16, endColumn: 22, certainty: 'unknown', message: 'unset variable' }],
    },
    { kind: 'run', code: 'docker run nginx', errors: [{ line: 1, column: 1, endColumn: 7, target: 'nginx', severity: 'medium' }] },
    { kind: 'run', code: 'docker run -m $MEM nginx', errors: [{ line: 1, column: 12, endColumn: 19, certainty: 'unknown' }] },
    {
      // QA d10: the OOM killer disabled (or oom_score_adj -1000) without a memory limit was the plain medium finding.
      kind: 'compose',
      name: 'oom_kill_disable without a memory limit: high, at the key, cgroup v2 noted',
      code: 'services:\n  es:\n    image: docker.elastic.co/elasticsearch/elasticsearch:8.12.0\n    oom_kill_disable: true\n    oom_score_adj: -1000\n',
      errors: [
        {
          line: 4, column: 23, endColumn: 27, target: 'es', severity: 'high', certainty: 'definite', data: { oom: 'kill-disable' },
          message: "no memory limit and the OOM killer is disabled (oom_kill_disable): when the container exhausts the host's memory the kernel kills host processes instead (docker run reference: disable it only on containers with a memory limit, -m; oom_kill_disable has no effect on cgroup v2 hosts, where the missing limit remains)",
        },
      ],
    },
    {
      kind: 'compose',
      name: 'oom_score_adj -1000 alone, or with mem_limit 0: high at oom_score_adj; -500 is the plain finding',
      code: 'services:\n  a:\n    image: x:1\n    oom_score_adj: -1000\n  b:\n    image: x:1\n    mem_limit: 0\n    oom_score_adj: "-900"\n  c:\n    image: x:1\n    oom_score_adj: -500\n',
      errors: [
        { line: 4, column: 20, endColumn: 25, target: 'a', severity: 'high', data: { oom: 'score-adj' }, message: "no memory limit and oom_score_adj -1000 keeps the OOM killer off it (-1000 exempts it): when the container exhausts the host's memory the kernel kills host processes instead" },
        { line: 8, column: 20, target: 'b', severity: 'high', data: { oom: 'score-adj' }, message: 'memory limit is 0 (unlimited) and oom_score_adj -900 keeps the OOM killer off it' },
        { line: 9, column: 3, target: 'c', severity: 'medium', data: {}, message: 'no memory limit: the container may use all host memory' },
      ],
    },
    {
      kind: 'run',
      name: 'run lines: --oom-kill-disable, --oom-score-adj -950 without -m',
      code: 'docker run -d --oom-kill-disable --oom-score-adj=-1000 nginx:1.27\ndocker run -d --oom-score-adj -950 nginx:1.27\ndocker run -d --oom-kill-disable=false nginx:1.27\n',
      errors: [
        { line: 1, column: 15, endColumn: 33, severity: 'high', data: { oom: 'kill-disable' }, message: 'no memory limit and the OOM killer is disabled (--oom-kill-disable)' },
        { line: 2, column: 15, severity: 'high', data: { oom: 'score-adj' }, message: 'no memory limit and --oom-score-adj -950 keeps the OOM killer off it' },
        { line: 3, column: 1, severity: 'medium', data: {}, message: 'no memory limit: the container may use all host memory' },
      ],
    },
    {
      kind: 'inspect',
      name: 'inspect: HostConfig.OomKillDisable true with Memory 0',
      code: inspect({ Memory: 0, OomKillDisable: true, OomScoreAdj: 0 }),
      errors: [{ line: 8, column: 31, endColumn: 35, severity: 'high', data: { oom: 'kill-disable' }, message: 'no memory limit and the OOM killer is disabled (HostConfig.OomKillDisable)' }],
    },
  ],
});
