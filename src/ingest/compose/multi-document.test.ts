/**
 * A Compose file of several YAML documents (`---`): docker compose merges them in order into one model, as
 * `-f` files (compose-spec/compose-go#451, "add support for multi-document yaml"). Before, bulwark refused the
 * file with an input error (exit 2) and audited none of its services. Requirements: "Inputs every rule must
 * see" (Compose files), R-B (privileged, host PID), R-S (secrets masked in every document).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { ingestText } from './test-helpers.js';

const MULTI = `services:
  one:
    image: nginx:1.27
    privileged: true
---
# a later document overrides the earlier ones
services:
  one:
    environment:
      API_PASSWORD: hunter2hunter2
  two:
    image: nginx:1.27
    pid: host
`;

describe('Compose file of several YAML documents', () => {
  it('audit: findings of every document, at the line where each value is written; a service in two documents is merged', async () => {
    const r = await auditSources([{ path: 'compose.yml', text: MULTI }]);
    expect(r.errors).toEqual([]);
    const pick = (id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => [f.target.name, f.location.startLine, f.location.startColumn]);
    expect(pick('BW-0001')).toEqual([['one', 4, 17]]);
    expect(pick('BW-0016')).toEqual([['two', 13, 10]]);
    expect(pick('BW-0026')).toEqual([['one', 10, 7]]);
    expect(pick('BW-0004')).toEqual([['one', 2, 3], ['two', 11, 3]]);
    expect(JSON.stringify(r.findings)).not.toContain('hunter2hunter2');
  });

  it('a trailing --- or a comment-only document adds nothing', async () => {
    const { r } = await ingestText('---\nservices:\n  a:\n    image: x:1\n---\n# nothing here\n---\n');
    expect(r.errors).toEqual([]);
    expect(r.containers.map((c) => c.target.name)).toEqual(['a']);
  });

  it('a YAML error in a later document is reported at its line; nothing is modelled', async () => {
    const { r } = await ingestText('services:\n  a:\n    image: x:1\n---\nservices:\n  b: [\n');
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([[7, 'parse']]);
    expect(r.containers).toEqual([]);
  });

  it('extends finds its base service in another document of the same file', async () => {
    const y = 'services:\n  base:\n    image: alpine:3.20\n    privileged: true\n---\nservices:\n  child:\n    extends: base\n';
    const r = await auditSources([{ path: 'compose.yml', text: y }]);
    expect(r.errors).toEqual([]);
    const pick = (id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => [f.target.name, f.location.startLine, f.location.startColumn]);
    expect(pick('BW-0001')).toEqual([['base', 4, 17], ['child', 4, 17]]);
  });
});
