/**
 * `docker compose run` / `docker-compose run` lines in scripts and Markdown: the one-off container of a Compose
 * service, with the container flags the line writes (docker/compose `cmd/compose/run.go`: `--cap-add`, `--cap-drop`,
 * `-u`, `-v`, `-e`, `-p`, `--entrypoint`, the command). Only what the line writes is judged: the image and every
 * setting it leaves out are the service's, in a Compose file the line does not show, so no "missing" finding, no
 * image finding and no BW-0036 for them; the compliance view says `unknown`, never `pass`. harden leaves the line alone.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { hardenText } from '../../harden/index.js';
import { render } from '../../report/index.js';
import { renderJson } from '../../report/json.js';
import { allRules } from '../../rules/index.js';
import { complianceAudit, complianceView } from '../../compliance/index.js';
import { SourceFile } from '../../model/source.js';
import { scanShellText } from './shell.js';

const rows = (r: Awaited<ReturnType<typeof auditSources>>) =>
  r.findings.map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.severity} ${f.certainty} ${f.target.kind}/${f.target.name}`);

const LINE = 'docker compose -f prod.yml run --rm -v /var/run/docker.sock:/var/run/docker.sock -v /srv:/srv --cap-add SYS_ADMIN -u root -e DB_PASSWORD=S3cretPass99 -p 2222:22 web sh -c "mysql -uroot -pHunter2x"\n';

describe('docker compose run lines', () => {
  it('the flags the line writes are judged at the flag; nothing about settings it leaves out or the image', async () => {
    const r = await auditSources([{ path: 'deploy.sh', text: `#!/bin/sh\n${LINE}` }], { env: {} });
    expect(rows(r)).toEqual([
      '2:37 BW-0013 critical definite run/web',
      '2:82 BW-0012 info definite run/web',
      '2:95 BW-0002 critical definite run/web',
      '2:115 BW-0005 high definite run/web',
      '2:123 BW-0026 high definite run/web',
      '2:151 BW-0028 info definite run/web',
      '2:151 BW-0029 medium definite run/web',
      '2:188 BW-0035 high definite run/web',
    ]);
    expect(r.errors).toEqual([]);
    for (const out of (['text', 'json', 'sarif', 'html'] as const).map((f) => render(r, f, { color: false }))) {
      expect(out).not.toContain('S3cretPass99');
      expect(out).not.toContain('Hunter2x');
    }
  });

  it('docker-compose (1.x) and the Compose plugin with global options; --name names the target; Markdown fences', async () => {
    const text = 'docker-compose --project-name app run -v /:/host --name once web\nsudo docker --context prod compose --profile tools run -u 0 tools\n';
    expect(rows(await auditSources([{ path: 'ops.sh', text }], { env: {} }))).toEqual(['1:39 BW-0011 critical definite run/once', '1:39 BW-0013 critical definite run/once', '2:56 BW-0005 high definite run/tools']);
    const md = '# Migrate\n\n```console\n$ docker compose run --rm --cap-add NET_ADMIN api ./migrate\n```\n\n```sh\ndocker-compose run -e API_TOKEN=tok_8f3a9c2d7e1b5a4f api\n```\n';
    const m = await auditSources([{ path: 'README.md', text: md }], { env: {} });
    expect(rows(m)).toEqual(['4:27 BW-0002 high definite run/api', '8:20 BW-0026 high definite run/api']);
    expect(renderJson(m)).not.toContain('tok_8f3a9c2d7e1b5a4f');
  });

  it('a bare line reports nothing: limits, user, capabilities, read-only, network, image are the Compose file\'s', async () => {
    const r = await auditSources([{ path: 'deploy.sh', text: 'docker compose run --rm web python manage.py migrate\n' }], { env: {} });
    expect(rows(r)).toEqual([]);
    expect(r.errors).toEqual([]);
    // A `docker run` beside it still gets the script's BW-0036 and its own findings.
    const both = await auditSources([{ path: 'deploy.sh', text: 'docker compose run --rm web true\ndocker run --rm alpine:3 true\n' }], { env: {} });
    expect(both.findings.filter((f) => f.ruleId === 'BW-0036').length).toBe(1);
    expect(both.findings.filter((f) => f.target.name === 'web')).toEqual([]);
  });

  it('-P is --service-ports (the service\'s ports: not on the line); --privileged is no compose run flag: a usage error', async () => {
    const r = await auditSources([{ path: 'x.sh', text: 'docker compose run -P web\ndocker-compose run --privileged --security-opt seccomp=unconfined web\ndocker compose run\ndocker compose up -d\n' }], { env: {} });
    expect(rows(r)).toEqual([]);
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.code} ${e.message}`)).toEqual([
      '2:20 usage unknown flag: --privileged',
      '2:33 usage unknown flag: --security-opt',
      '3:1 usage "docker compose run" requires at least 1 argument: the service',
    ]);
  });

  it('an unknown $OPTS before the service is options, never the service (as $OPTS before an image in docker run)', async () => {
    // `$OPTS` is an unquoted options variable and `web` can only be a service name (compose-spec service keys match
    // ^[a-zA-Z0-9._-]+$): the service is `web`, what $OPTS holds stays unknown, the flags the line writes are judged.
    const r = await auditSources([{ path: 'x.sh', text: 'docker compose run -v /:/host $OPTS web sh\ndocker-compose run $RUN_ARGS -u 0 api\n' }], { env: {} });
    expect(rows(r)).toEqual(['1:20 BW-0011 critical definite run/web', '1:20 BW-0013 critical definite run/web', '2:30 BW-0005 high definite run/api']);
    expect(r.errors).toEqual([]);
    const scan = (text: string) => scanShellText(new SourceFile('x.sh', text), text).containers;
    expect(scan('docker compose run $OPTS web\n').map((c) => `${c.target.name} ${c.extra.composeRun?.value} ${JSON.stringify(c.extra.unresolvedOptions?.value)}`)).toEqual(['web web ["$OPTS"]']);
    // A lone unknown word is the service, unknown (`docker compose run $SERVICE`); so is one of any other name before a word.
    expect(scan('docker compose run -v /:/host $SERVICE\ndocker compose run $X web\n').map((c) => `${c.target.name} ${c.extra.composeRun?.how}`)).toEqual(['$SERVICE unresolved', '$X unresolved']);
  });

  it('compliance: a row no failing finding decides is unknown, never pass', async () => {
    const { rules, targets } = await complianceAudit();
    const r = await auditSources([{ path: 'deploy.sh', text: 'docker compose run --cap-add SYS_ADMIN web\n' }], { rules, env: {} });
    const t = complianceView(r, allRules, targets).filter((x) => x.kind !== 'file');
    expect(t.map((x) => `${x.kind}/${x.name}`)).toEqual(['run/web']);
    const status = (id: string) => {
      const row = t[0].results.find((x) => x.id === id)!;
      return `${row.status} ${row.reason ?? ''}`.trim();
    };
    const why = "the service's Compose definition, which a docker compose run line does not show, may set this";
    // 5.4 (capabilities): the line adds SYS_ADMIN.
    expect(status('5.4')).toBe('fail');
    // 5.5 (privileged), 5.11 (memory): set in the Compose file, or not; 5.32 (socket): the line mounts none, the service may.
    expect([status('5.5'), status('5.11'), status('5.32')]).toEqual([`unknown ${why}`, `unknown ${why}`, `unknown ${why}`]);
    expect(t[0].summary.pass).toBe(0);
  });

  it('harden leaves the line as it is, with a note', async () => {
    const text = `#!/bin/sh\n${LINE}`;
    const r = await hardenText({ path: 'deploy.sh', text }, { unsafe: true });
    expect(r.output).toBe(text);
    expect(r.notes).toEqual(["web: docker compose run lines are audited, not rewritten: apply the fixes by hand, on the line or in the service's Compose definition"]);
  });
});
