/**
 * `restart` and `deploy.restart_policy` both written: docker compose creates the container with deploy's
 * policy (docker/compose pkg/compose/create.go `getRestartPolicy` sets `restart`'s, then replaces it with
 * `deploy.restart_policy`'s), and a swarm service reads only deploy's. So `restart: always` beside
 * `deploy.restart_policy: {condition: on-failure, max_attempts: 3}` is bounded: no restart-policy-unbounded
 * (BW-0030; R-D, CIS 5.15); and `restart: on-failure:3` beside `condition: any` is unbounded, at the condition.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { ingestText } from './test-helpers.js';

const Y = `services:
  capped:
    image: x/e:1
    restart: always
    deploy:
      restart_policy:
        condition: on-failure
        max_attempts: 3
  loops:
    image: x/f:1
    restart: on-failure:3
    deploy:
      restart_policy:
        condition: any
  plain:
    image: x/g:1
    restart: unless-stopped
`;

describe('restart beside deploy.restart_policy', () => {
  it('model: deploy.restart_policy wins', async () => {
    const { r } = await ingestText(Y);
    expect(r.containers.map((c) => [c.target.name, c.restart?.value.name, c.restart?.value.maxRetries])).toEqual([
      ['capped', 'on-failure', 3],
      ['loops', 'always', undefined],
      ['plain', 'unless-stopped', undefined],
    ]);
  });

  it('audit: restart-policy-unbounded only where the effective policy is unbounded', async () => {
    const r = await auditSources([{ path: 'compose.yml', text: Y }]);
    const got = r.findings.filter((f) => f.ruleId === 'BW-0030').map((f) => [f.target.name, f.location.startLine, f.location.startColumn, f.data.policy]);
    expect(got).toEqual([
      ['loops', 14, 20, 'always'],
      ['plain', 17, 14, 'unless-stopped'],
    ]);
  });
});
