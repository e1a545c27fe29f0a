import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectInputs } from './inputs.js';

// QA (inspect files): a `docker inspect` output cut short, or hand-edited with a trailing comma, was reported as
// "JSON that is neither docker inspect output nor a daemon.json" instead of the syntax error and its position.
describe('collectInputs: a *.json file no kind claims', () => {
  const errorsFor = async (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-inputs-'));
    try {
      writeFileSync(join(dir, 'web.json'), text);
      const r = await collectInputs(['web.json'], { cwd: dir, maxFileSize: 1 << 20 });
      return r.errors.map((e) => `${e.line ?? '-'}:${e.column ?? '-'} ${e.code} ${e.message}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  it('a trailing comma: a parse error at the closing brace', async () => {
    expect(await errorsFor('[\n  {\n    "Id": "abc",\n    "Name": "/web",\n  }\n]\n')).toEqual(['5:3 parse not valid JSON: Expected double-quoted property name']);
  });
  it('cut short: a parse error at the end of the text', async () => {
    expect(await errorsFor('[\n  {\n    "Id": "abc",\n    "State": {\n')).toEqual(['5:1 parse not valid JSON: Expected property name or \'}\'']);
  });
  it('valid JSON of another kind: still unsupported', async () => {
    expect(await errorsFor('[]')).toEqual(['-:- unsupported JSON that is neither docker inspect output nor a daemon.json; pass --kind inspect or --kind daemon']);
  });
});
