/** CI QA round 16: a mount source the CI service fills in is quoted as written in the finding. */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

describe('GitHub expressions in -v sources', () => {
  it('-v ${{ github.workspace }}:/src is an unknown host mount quoted as written (was: ${github_workspace____})', async () => {
    const text = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker run --rm -v ${{ github.workspace }}:/src -w /src golang:1.22 go build ./...\n';
    const r = await auditSources([{ path: '.github/workflows/ci.yml', text }], { env: {} });
    expect(r.findings.filter((f) => f.ruleId === 'BW-0011').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.certainty} ${f.message.split(':')[0]}`)).toEqual([
      '6:30 unknown host path ${{ github.workspace }} mounted rw at /src',
    ]);
  });
});
