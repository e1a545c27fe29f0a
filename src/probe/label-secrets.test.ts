/**
 * QA (round D): `bulwark probe --run "docker run --label db.url=postgres://u:ProbeLblPw@db/x …"` masked the label's
 * password in the header (the masked run line) but printed it in the `target:` line and in the JSON and Markdown
 * reports, which show the configuration as `docker run` flags (`ProbeRun.args`). Those flags now mask a label's
 * secret as the audits judge it (BW-0046's `labelSecret`), in every format (R-S); so does the health check command
 * (`--health-cmd`) a secret BW-0035 reads there.
 */
import { describe, expect, it } from 'vitest';
import { specFromRun } from './inputs.js';
import { render } from './render.js';
import { configArgs } from './runner.js';
import type { ProbeReport } from './types.js';

describe('probe: label secrets in the printed configuration (QA round D)', () => {
  it('the target line, JSON and Markdown mask a label URL password and a basic-auth hash', async () => {
    const spec = await specFromRun("docker run --label db.url=postgres://u:ProbeLblPw@db/x --label 'traefik.http.middlewares.a.basicauth.users=admin:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/' --label tier=db bw/busybox:test");
    const args = configArgs(spec, 'bw/busybox:test');
    const report: ProbeReport = {
      runId: 'r',
      subject: '--run "…"',
      engine: { version: '28.2.2', securityOptions: [], cpus: 2 },
      runs: [{ label: 'target', image: 'bw/busybox:test', args, dropped: [], notes: [], records: [], succeeded: [], facts: [], threat: 'none' }],
      anySucceeded: false,
    };
    const text = render(report, 'text');
    expect(text.split('\n')).toContain(
      'target: docker run --network none --label db.url=postgres://u:**********@db/x --label traefik.http.middlewares.a.basicauth.users=admin:************************************* --label tier=db bw/busybox:test',
    );
    for (const f of ['text', 'json', 'markdown'] as const) {
      const out = render(report, f);
      expect(out, f).not.toContain('ProbeLblPw');
      expect(out, f).not.toContain('H6uskkkW');
      expect(out, f).toContain('tier=db');
    }
  });

  it('a password in the health check command is masked there too', async () => {
    const spec = await specFromRun(`docker run --health-cmd "redis-cli -a HcRunPw4455 ping" bw/busybox:test`);
    expect(configArgs(spec, 'bw/busybox:test')).toEqual(['--network', 'none', '--health-cmd', 'redis-cli -a *********** ping']);
  });
});
