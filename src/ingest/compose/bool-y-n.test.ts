/**
 * Boolean fields written `y` / `n` (any case): docker compose casts them like `yes` / `no` (compose-go
 * `toBoolean`, YAML 1.1 bool.html). bulwark used to refuse `read_only: "Y"` as an input error (exit 2) and so
 * audited nothing of a valid file. Requirements: "Inputs every rule must see" (Compose), R-B (privileged).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

describe('YAML 1.1 booleans y / n (compose-go toBoolean)', () => {
  it('audit: privileged: "Y" is privileged and read_only: "y" makes the root filesystem read-only; no input error', async () => {
    const r = await auditSources([{ path: 'compose.yml', text: 'services:\n  b:\n    image: alpine:3.20\n    privileged: "Y"\n    read_only: "y"\n' }]);
    expect(r.errors).toEqual([]);
    const pick = (id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => [f.target.name, f.location.startLine, f.location.startColumn]);
    expect(pick('BW-0001')).toEqual([['b', 4, 17]]);
    expect(pick('BW-0006')).toEqual([]);
  });
});
