import { ruleTester } from './tester.js';
import rule from './seccomp-unconfined.js';

ruleTester(rule, {
  valid: [
    {
      kind: 'compose',
      name: 'QA: a later seccomp option replaces an earlier unconfined one (moby parseSecurityOpt keeps the last)',
      code: 'services:\n  app:\n    image: example/app:1\n    security_opt: [seccomp:unconfined, seccomp:./strict.json]\n',
      files: { 'strict.json': '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read","write"],"action":"SCMP_ACT_ALLOW"}]}' },
    },
    { kind: 'run', name: 'QA: the same on a run line', code: 'docker run --security-opt seccomp=unconfined --security-opt seccomp=./strict.json app:1\n', files: { 'strict.json': '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[]}' } },
    { kind: 'compose', name: 'no security_opt is the default profile, not unconfined', code: 'services:\n  web:\n    image: nginx\n' },
    { kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    security_opt:\n      - seccomp=./profile.json\n      - no-new-privileges:true\n' },
    { kind: 'compose', name: 'commented out', code: 'services:\n  web:\n    image: nginx\n    security_opt:\n      # - seccomp:unconfined\n      - no-new-privileges\n' },
    { kind: 'run', code: 'docker run --security-opt seccomp=/etc/docker/seccomp.json nginx' },
    {
      kind: 'compose',
      name: 'a profile file that stops what it does not allow (moby default shape)',
      code: 'services:\n  web:\n    image: nginx\n    security_opt:\n      - seccomp=./seccomp/strict.json\n',
      files: { 'seccomp/strict.json': '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"}]}\n' },
    },
    { kind: 'inspect', name: 'an inline profile that stops what it does not allow', code: inspectWith('{\\"defaultAction\\":\\"SCMP_ACT_ERRNO\\",\\"syscalls\\":[{\\"names\\":[\\"read\\"],\\"action\\":\\"SCMP_ACT_ALLOW\\"}]}') },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'mysql: colon form, list item at the same indentation as its key',
      code: 'services:\n  db:\n    image: mysql:8\n    security_opt:\n    - seccomp:unconfined\n',
      errors: [{ line: 5, column: 7, endLine: 5, endColumn: 25, target: 'db', severity: 'high', data: { option: 'seccomp:unconfined' } }],
    },
    {
      kind: 'compose',
      code: 'services:\n  web:\n    image: nginx\n    security_opt: ["seccomp=unconfined"]\n',
      errors: [{ line: 4, column: 20, endColumn: 40, severity: 'high', data: { option: 'seccomp=unconfined' } }],
    },
    {
      kind: 'compose',
      name: 'unresolved profile is unknown',
      code: 'services:\n  web:\n    image: nginx\n    security_opt:\n      - seccomp=${PROFILE}\n',
      errors: [{ line: 5, column: 9, certainty: 'unknown', message: 'unset variable' }],
    },
    {
      kind: 'run',
      code: 'docker run --security-opt seccomp=unconfined nginx',
      errors: [{ line: 1, column: 12, endLine: 1, endColumn: 45, target: 'nginx', severity: 'high', data: { option: 'seccomp=unconfined' } }],
    },
    {
      kind: 'run',
      code: 'docker run --security-opt=seccomp:unconfined --name db mysql',
      errors: [{ line: 1, column: 12, endColumn: 45, target: 'db', data: { option: 'seccomp:unconfined' } }],
    },
    {
      kind: 'compose',
      name: 'a profile file beside the Compose file that allows every syscall (R-G12: judged by its content)',
      code: 'services:\n  web:\n    image: nginx\n    security_opt:\n      - "seccomp:allow-all.json"\n',
      files: { 'allow-all.json': '{\n  "defaultAction": "SCMP_ACT_ALLOW",\n  "syscalls": []\n}\n' },
      errors: [{ line: 5, column: 9, endColumn: 33, severity: 'high', message: 'seccomp profile allow-all.json allows every syscall (defaultAction SCMP_ACT_ALLOW, no rule stops one)', data: { option: 'seccomp:allow-all.json' } }],
    },
    {
      kind: 'run',
      name: 'a deny-list profile file named by a run line, relative to the script',
      filename: 'deploy/run.sh',
      code: '#!/bin/sh\ndocker run -d --security-opt seccomp=profiles/deny.json --name api api:1\n',
      files: { 'deploy/profiles/deny.json': '{"defaultAction":"SCMP_ACT_LOG","syscalls":[{"names":["kexec_load","open_by_handle_at"],"action":"SCMP_ACT_ERRNO"}]}' },
      errors: [{ line: 2, column: 15, endColumn: 56, target: 'api', severity: 'medium', message: 'seccomp profile deploy/profiles/deny.json allows every syscall it does not name (defaultAction SCMP_ACT_LOG; 1 rule stops some)', data: { option: 'seccomp=profiles/deny.json' } }],
    },
    {
      kind: 'inspect',
      name: 'docker inspect of --security-opt seccomp=allow.json: the CLI sent the profile inline; it allows everything',
      code: inspectWith('{\\"defaultAction\\":\\"SCMP_ACT_ALLOW\\",\\"syscalls\\":[]}'),
      errors: [{ line: 1, column: 66, severity: 'high', message: 'seccomp profile allows every syscall (defaultAction SCMP_ACT_ALLOW, no rule stops one)', data: { option: 'seccomp=<inline profile>' } }],
    },
    {
      kind: 'inspect',
      name: 'an inline deny list (default allow, some syscalls stopped)',
      code: inspectWith('{\\"defaultAction\\":\\"SCMP_ACT_LOG\\",\\"syscalls\\":[{\\"names\\":[\\"kexec_load\\"],\\"action\\":\\"SCMP_ACT_ERRNO\\"},{\\"names\\":[\\"read\\"],\\"action\\":\\"SCMP_ACT_ALLOW\\"}]}'),
      errors: [{ line: 1, column: 66, severity: 'medium', message: 'allows every syscall it does not name (defaultAction SCMP_ACT_LOG; 1 rule stops some)' }],
    },
  ],
});

/** One-line `docker inspect` output of a container whose HostConfig.SecurityOpt is `seccomp=<profile>` (JSON-escaped). */
function inspectWith(profile: string): string {
  return `[{"Id":"0123456789ab","Name":"/web","HostConfig":{"SecurityOpt":["seccomp=${profile}"]},"Config":{"Image":"nginx"}}]\n`;
}
