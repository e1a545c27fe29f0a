/**
 * `docker compose exec --privileged app sh` and `docker-compose exec …` (Compose docs "docker compose exec": the
 * equivalent of docker exec targeting a Compose service; options `-d`, `-e`, `--index`, `-i`, `--privileged`, `-T`,
 * `-t`, `-u`, `-w`) are privileged execs (BW-0043, CIS 5.23) as `docker container exec --privileged web sh` is; into
 * a service the script or document defines they are that service's. QA.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

async function rows(path: string, text: string, ids: string[]) {
  const r = await auditSources([{ path, text }], { env: {} });
  return r.findings.filter((f) => ids.includes(f.ruleId)).map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.severity} ${f.target.kind}:${f.target.name} ${f.certainty} | ${f.message} | ${f.remediation}`);
}

describe('docker compose exec lines', () => {
  it('reports --privileged on `docker compose exec` and `docker-compose exec` into a service the script only names', async () => {
    const text = ['#!/bin/sh', 'docker container exec --privileged web sh', 'docker compose exec --privileged app sh', 'docker-compose exec --privileged app sh', 'docker compose -f prod.yml exec -T --index 2 --privileged worker ls', 'docker compose exec app sh', ''].join('\n');
    expect(await rows('ops.sh', text, ['BW-0043'])).toEqual([
      `2:23 BW-0043 high file:ops.sh definite | docker exec "sh" into container web runs with every capability (docker exec --privileged), CAP_SYS_ADMIN included, whatever the container's cap_drop says | docker exec -it web sh   # without --privileged; give the container the one capability the task needs (--cap-add) instead`,
      `3:21 BW-0043 high file:ops.sh definite | docker compose exec "sh" into service app runs with every capability (docker exec --privileged), CAP_SYS_ADMIN included, whatever the service's cap_drop says | docker compose exec app sh   # without --privileged; give the service the one capability the task needs (cap_add) instead`,
      `4:21 BW-0043 high file:ops.sh definite | docker compose exec "sh" into service app runs with every capability (docker exec --privileged), CAP_SYS_ADMIN included, whatever the service's cap_drop says | docker compose exec app sh   # without --privileged; give the service the one capability the task needs (cap_add) instead`,
      `5:46 BW-0043 high file:ops.sh definite | docker compose exec "ls" into service worker runs with every capability (docker exec --privileged), CAP_SYS_ADMIN included, whatever the service's cap_drop says | docker compose exec worker sh   # without --privileged; give the service the one capability the task needs (cap_add) instead`,
    ]);
  });

  it('attaches to the Compose service the script writes (heredoc), also for -u root (BW-0044)', async () => {
    const text = ['#!/bin/sh', "cat > compose.yaml <<'YAML'", 'services:', '  app:', '    image: acme/app:1', '    user: "1000:1000"', 'YAML', 'docker compose up -d', 'docker compose exec --privileged app sh', 'docker compose exec -u root app sh', ''].join('\n');
    expect(await rows('up.sh', text, ['BW-0043', 'BW-0044'])).toEqual([
      `9:21 BW-0043 high service:app definite | docker compose exec "sh" runs with every capability (docker exec --privileged), CAP_SYS_ADMIN included, whatever the service's cap_drop says | docker compose exec app sh   # without --privileged; give the service the one capability the task needs (cap_add) instead`,
      `10:21 BW-0044 low service:app definite | docker compose exec "sh" runs as root (user root) in a service set to run as 1000:1000 | docker compose exec app sh   # without -u root: the process runs as the service user; do root-only setup in the image build`,
    ]);
  });

  it('reads a console block of a README after the Compose block that defines the service', async () => {
    const md = ['```yaml', 'services:', '  app:', '    image: acme/app:1', '```', '', '```console', '$ docker-compose exec --privileged app sh', '```', ''].join('\n');
    expect((await rows('README.md', md, ['BW-0043'])).map((r) => r.split(' | ')[0])).toEqual(['8:23 BW-0043 high service:app definite']);
  });
});
