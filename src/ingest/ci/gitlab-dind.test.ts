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
});
