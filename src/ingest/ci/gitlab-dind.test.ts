/**
 * GitLab CI docker:dind services with TLS off (`DOCKER_TLS_CERTDIR: ""`): a daemon on tcp://0.0.0.0:2375 without
 * TLS (BW-0201, R-M, R-G2), found through `default:`, `extends:` and service-level variables; none with TLS on.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

const audit = async (text: string) => {
  const r = await auditSources([{ path: '.gitlab-ci.yml', text, kind: 'ci' }], { env: {} });
  return { errors: r.errors, rows: r.findings.filter((f) => f.target.kind === 'daemon').map((f) => `${f.ruleId} ${f.severity} ${f.location.startLine}:${f.location.startColumn}-${f.location.endColumn} ${f.target.name}`), findings: r.findings };
};

describe('GitLab CI docker:dind', () => {
  it('TLS disabled as the GitLab docs show it: one finding at the empty DOCKER_TLS_CERTDIR, nothing else of the daemon', async () => {
    const r = await audit(
      'image: docker:27.3\nservices:\n  - docker:27.3-dind\nvariables:\n  DOCKER_HOST: tcp://docker:2375\n  DOCKER_TLS_CERTDIR: ""\nbuild:\n  script:\n    - docker build -t app .\n',
    );
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual(['BW-0201 critical 6:23-25 docker:27.3-dind (service of job build)']);
    expect(r.findings.find((f) => f.ruleId === 'BW-0201')!.message).toBe(
      'the dind service docker:27.3-dind (job build) listens on tcp://0.0.0.0:2375 without TLS (DOCKER_TLS_CERTDIR is empty): whoever reaches the service (the job, its other services, and other jobs\' containers on a runner without a network per build) controls a privileged daemon, which is root on the runner',
    );
    expect(r.findings.find((f) => f.ruleId === 'BW-0201')!.remediation).toMatch(/^variables:\n  DOCKER_TLS_CERTDIR: "\/certs"/);
  });

  it('through extends: a template with the service, the job with the variable; reported once for two jobs', async () => {
    const r = await audit(
      ".docker:\n  services:\n    - name: docker:dind\n      alias: docker\nbuild:\n  extends: .docker\n  variables:\n    DOCKER_TLS_CERTDIR: ''\n  script: [docker build .]\ntest:\n  extends: build\n  script: [docker run --rm app]\n",
    );
    expect(r.rows).toEqual(['BW-0201 critical 8:25-27 docker:dind (service of job build)']);
  });

  it('a service-level variable and default: count; TLS on (the image default /certs, or set) is not reported', async () => {
    expect((await audit('default:\n  services:\n    - name: docker:24-dind\n      variables:\n        DOCKER_TLS_CERTDIR: ""\njob:\n  script: [docker info]\n')).rows).toEqual([
      'BW-0201 critical 5:29-31 docker:24-dind (service of job job)',
    ]);
    expect((await audit('services: [docker:dind]\nvariables:\n  DOCKER_TLS_CERTDIR: "/certs"\njob:\n  script: [docker info]\n')).rows).toEqual([]);
    expect((await audit('services: [docker:dind]\njob:\n  script: [docker info]\n')).rows).toEqual([]);
    // A job's own value wins over the top level's.
    expect((await audit('services: [docker:dind]\nvariables:\n  DOCKER_TLS_CERTDIR: ""\njob:\n  variables:\n    DOCKER_TLS_CERTDIR: /certs\n  script: [docker info]\n')).rows).toEqual([]);
    // Not dind: a postgres service with the variable is no daemon.
    expect((await audit('services: [postgres:16]\nvariables:\n  DOCKER_TLS_CERTDIR: ""\njob:\n  script: [docker info]\n')).rows).toEqual([]);
  });

  it('variables brought in by a merge key (<<: *vars) or a !reference tag count (qa17)', async () => {
    const r = await audit(
      '.dind_vars: &dind_vars\n  DOCKER_HOST: tcp://localhost:2375\n  DOCKER_TLS_CERTDIR: ""\nk8s:\n  services:\n    - name: docker:27-dind\n      command: ["--tls=false"]\n  variables:\n    <<: *dind_vars\n  script: [docker build .]\nref-job:\n  variables: !reference [.vars, variables]\n  services: [docker:dind]\n  script: [docker ps]\n.vars:\n  variables:\n    DOCKER_TLS_CERTDIR: ""\n',
    );
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual(['BW-0201 critical 3:23-25 docker:27-dind (service of job k8s)', 'BW-0201 critical 17:25-27 docker:dind (service of job ref-job)']);
    // Rootless dind: still no TLS, but whoever reaches it is not root on the runner.
    const rl = await audit('services:\n  - name: docker:27-dind-rootless\n    variables: {DOCKER_TLS_CERTDIR: ""}\njob:\n  script: [docker info]\n');
    expect(rl.rows).toEqual(['BW-0201 high 3:37-39 docker:27-dind-rootless (service of job job)']);
    expect(rl.findings[0].message).toContain('controls a rootless daemon: its builds, images and the job\'s credentials');
    // The scope's own key wins over the merged one, whatever the order.
    expect((await audit('.v: &v\n  DOCKER_TLS_CERTDIR: ""\njob:\n  services: [docker:dind]\n  variables:\n    DOCKER_TLS_CERTDIR: /certs\n    <<: *v\n  script: [docker info]\n')).rows).toEqual([]);
  });

  it('a dind image older than 19.03 has no TLS whatever DOCKER_TLS_CERTDIR says: reported at the image (qa17)', async () => {
    const r = await audit('image: docker:18.09.7\nservices:\n  - docker:18.09.7-dind\nvariables:\n  DOCKER_HOST: tcp://docker:2375/\nbuild:\n  script:\n    - docker build .\n');
    expect(r.rows).toEqual(['BW-0201 critical 3:5-24 docker:18.09.7-dind (service of job build)']);
    const f = r.findings.find((x) => x.ruleId === 'BW-0201')!;
    expect(f.message).toContain('without TLS (docker:18.09.7-dind predates Docker 19.03, the first dind image to serve TLS)');
    expect(f.remediation).toMatch(/^services:\n  - docker:27-dind/);
    // 19.03 and later, and an untagged dind, serve TLS by default.
    expect((await audit('services: [docker:19.03.12-dind, docker:stable-dind]\njob:\n  script: [docker info]\n')).rows).toEqual([]);
  });

  it('services and variables a job brings in with a merge key (<<: *dind); a running job is named before a .template (qa17)', async () => {
    const r = await audit(
      '.dind: &dind\n  services:\n    - name: docker:27.1.1-dind\n      alias: docker\n  variables:\n    DOCKER_TLS_CERTDIR: ""\nbuild:\n  <<: *dind\n  script: [docker info]\n',
    );
    expect(r.rows).toEqual(['BW-0201 critical 6:25-27 docker:27.1.1-dind (service of job build)']);
  });
});

