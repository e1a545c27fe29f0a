/**
 * A service with `provider` and no `image` or `build` (compose-spec 05-services.md "provider", Docker Compose
 * 2.36: a cloud database or model runner that a provider plugin sets up on the host) creates no container:
 * no container findings for it (no capabilities-not-dropped, user-not-set, memory-limit-missing… at its key),
 * while the other services of the file are audited as usual.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { ingestText } from './test-helpers.js';

const Y = `services:
  app:
    image: example/app:1.0
    depends_on: [database]
  database:
    provider:
      type: awesomecloud
      options:
        type: mysql
        size: 256
`;

describe('a provider service', () => {
  it('model: no container for it', async () => {
    const { r } = await ingestText(Y);
    expect(r.containers.map((c) => c.target.name)).toEqual(['app']);
    expect(r.errors).toEqual([]);
  });

  it('audit: findings for app only', async () => {
    const r = await auditSources([{ path: 'compose.yml', text: Y }]);
    expect([...new Set(r.findings.map((f) => f.target.name))]).toEqual(['app']);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0003').map((f) => [f.target.name, f.location.startLine, f.location.startColumn])).toEqual([['app', 2, 3]]);
  });
});
