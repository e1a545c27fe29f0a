/**
 * `docker exec` lines in CI pipelines (./move.ts `appendResult` / `settleExecs`): read from every script of a
 * GitHub Actions workflow, a GitLab CI file or a Jenkinsfile the same way as from a shell script, given to the
 * container the file starts under that name, for BW-0043 (exec --privileged, CIS Docker Benchmark 1.6.0 5.23) and
 * BW-0044 (exec as root into a container set to run as a user, CIS 5.24); paper §V.2.5; R-B, R-G5, R-S.
 * Every case goes through the engine (`auditSources`) with the real ingesters.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { renderJson } from '../../report/json.js';
import { renderSarif } from '../../report/sarif.js';
import { renderText } from '../../report/text.js';

const audit = async (path: string, text: string) => auditSources([{ path, text }], { env: {} });
const EXEC = ['BW-0043', 'BW-0044', 'BW-0026'];
/** `ruleId line:column target` of the exec findings, in report order. */
const at = (r: Awaited<ReturnType<typeof audit>>) =>
  r.findings.filter((f) => EXEC.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.location.startLine}:${f.location.startColumn} ${f.target.name}`);

describe('docker exec lines in CI pipelines', () => {
  it('GitHub Actions: an exec in a later step goes to the container an earlier step started; expressions kept as written', async () => {
    const text = `on: push
jobs:
  it:
    runs-on: ubuntu-latest
    steps:
      - run: docker run -d --name db --user 999 --read-only postgres:16
      - run: |
          docker exec -u root db chown -R postgres /var/lib/postgresql
          docker exec -e PGPASSWORD=Sup3rSecretPw db psql -U app
      - run: docker exec --privileged \${{ env.WORKER }} mount -t tmpfs none /mnt
      - run: echo "docker exec --privileged x sh" && docker exec --help
`;
    const r = await audit('.github/workflows/it.yml', text);
    expect(r.errors).toEqual([]);
    expect(at(r)).toEqual(['BW-0044 8:23 db', 'BW-0026 9:23 db', 'BW-0043 10:26 .github/workflows/it.yml']);
    expect(r.findings.find((f) => f.ruleId === 'BW-0043')?.message).toContain('into container ${{ env.WORKER }} ');
    for (const out of [renderJson(r), renderSarif(r), renderText(r, { color: false })]) expect(out).not.toContain('Sup3rSecretPw');
  });

  it('GitLab CI: a script line at its own column, in a job with an image', async () => {
    const text = `stages: [test]
test:
  stage: test
  image: docker:27
  services: [docker:27-dind]
  script:
    - docker run -d --name app registry.example.com/app:1
    -   docker exec --privileged app sysctl -w net.core.somaxconn=1024
`;
    const r = await audit('.gitlab-ci.yml', text);
    expect(r.errors).toEqual([]);
    expect(at(r)).toEqual(['BW-0043 8:21 app']);
  });

  it("Jenkinsfile: an sh step's exec line", async () => {
    const text = `pipeline {
  agent any
  stages {
    stage('it') {
      steps {
        sh 'docker exec --privileged web true'
      }
    }
  }
}
`;
    const r = await audit('Jenkinsfile', text);
    expect(r.errors).toEqual([]);
    expect(at(r)).toEqual(['BW-0043 6:25 Jenkinsfile']);
  });
});
