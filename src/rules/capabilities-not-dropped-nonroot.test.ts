/**
 * BW-0003 for a container that runs as a known non-root user with no-new-privileges (QA r08). The engine gives a
 * non-root process only the bounding set (moby oci.SetCapabilities: "Do not set Effective and Permitted capabilities
 * for non-root users, to match what execve does"), and no-new-privileges stops setuid binaries and file capabilities
 * from raising them (execve(2), PR_SET_NO_NEW_PRIVS): the default capabilities are reachable only by a process that
 * runs as root. The finding stays (CIS 1.6.0 5.4 asks to drop them), at low severity, saying so; without either
 * condition it is as before.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';

async function bw0003(path: string, text: string, extra: Record<string, string> = {}) {
  const r = await auditSources([{ path, text }, ...Object.entries(extra).map(([p, t]) => ({ path: p, text: t }))], { env: {} });
  return r.findings.filter((f) => f.ruleId === 'BW-0003').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.severity} ${f.certainty} ${f.target.name} ${f.message}`);
}

const TAIL = 'the engine gives a non-root process no effective or permitted capabilities, and no-new-privileges stops setuid binaries and file capabilities from raising them, so only a process that runs as root can use them';
const HELD_ALL = "capabilities not dropped: all 14 of Docker's default capabilities are held, including NET_RAW, SETUID, SETGID, DAC_OVERRIDE, MKNOD; NET_RAW allows ARP spoofing of neighbouring containers";

describe('BW-0003 with a non-root user and no-new-privileges (QA r08)', () => {
  it('Compose user 10001:10001 + no-new-privileges:true: low, the capabilities stay in the bounding set only', async () => {
    const text = 'services:\n  app:\n    image: ghcr.io/acme/app:1.4.2\n    user: "10001:10001"\n    security_opt:\n      - no-new-privileges:true\n';
    expect(await bw0003('compose.yaml', text)).toEqual([
      `2:3 low definite app capabilities not dropped: Docker's 14 default capabilities stay in the bounding set, but user 10001:10001 is not root: ${TAIL}`,
    ]);
  });

  it('docker run --user with a partial drop', async () => {
    const text = 'docker run -d --name web --user 1000 --security-opt no-new-privileges --cap-drop NET_RAW nginx:1.27\n';
    expect(await bw0003('run.sh', text)).toEqual([
      `1:71 low definite web not all capabilities dropped: 13 of Docker's default capabilities stay in the bounding set (SETUID, SETGID, DAC_OVERRIDE, MKNOD and 9 more), but user 1000 is not root: ${TAIL}`,
    ]);
  });

  it('Kubernetes runAsUser + allowPrivilegeEscalation: false', async () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      'spec:',
      '  containers:',
      '    - name: app',
      '      image: ghcr.io/acme/app:1.4.2',
      '      securityContext:',
      '        runAsUser: 10001',
      '        allowPrivilegeEscalation: false',
      '',
    ].join('\n');
    const got = await bw0003('pod.yaml', text);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(/^\d+:\d+ low definite app capabilities not dropped: Docker's 14 default capabilities stay in the bounding set, but user 10001 is not root: /);
    const nonRoot = await bw0003('pod.yaml', text.replace('runAsUser: 10001', 'runAsNonRoot: true'));
    expect(nonRoot).toHaveLength(1);
    expect(nonRoot[0]).toContain("stay in the bounding set, but the container's user (runAsNonRoot: true) is not root: ");
  });

  it("no user: on the service, the built image's USER is not root", async () => {
    const text = 'services:\n  web:\n    build: ./app\n    security_opt: [no-new-privileges:true]\n';
    expect(await bw0003('compose.yaml', text, { 'app/Dockerfile': 'FROM node:20-slim\nUSER node\n' })).toEqual([
      `2:3 low definite web capabilities not dropped: Docker's 14 default capabilities stay in the bounding set, but user node (the image's USER) is not root: ${TAIL}`,
    ]);
  });

  it('as before: no no-new-privileges, a root user, a user from an unset variable, no user at all', async () => {
    const svc = (lines: string) => `services:\n  app:\n    image: ghcr.io/acme/app:1.4.2\n${lines}`;
    expect(await bw0003('compose.yaml', svc('    user: "10001"\n'))).toEqual([`2:3 medium definite app ${HELD_ALL}`]);
    expect(await bw0003('compose.yaml', svc('    user: "0:1000"\n    security_opt: [no-new-privileges:true]\n'))).toEqual([`2:3 medium definite app ${HELD_ALL}`]);
    expect(await bw0003('compose.yaml', svc('    user: "${APP_UID}"\n    security_opt: [no-new-privileges:true]\n'))).toEqual([`2:3 medium definite app ${HELD_ALL}`]);
    expect(await bw0003('compose.yaml', svc('    security_opt: [no-new-privileges:true]\n'))).toEqual([`2:3 medium definite app ${HELD_ALL}`]);
    expect(await bw0003('compose.yaml', svc('    user: "10001"\n    security_opt: [no-new-privileges:false]\n'))).toEqual([`2:3 medium definite app ${HELD_ALL}`]);
  });
});
