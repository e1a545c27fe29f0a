/**
 * Golden test: the four Dockerfiles of the shared corpus through the real engine with every Dockerfile
 * rule (ids BW-01xx): each "must" finding is reported, no "must not", and "info only" ones at info at most
 * (corpus EXPECTED.md, dockerfile/… sections).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import type { Finding } from '../../engine/types.js';
import { allRules } from '../../rules/index.js';
import { CORPUS_DIR } from '../../../test/support/corpus.js';

const CORPUS = CORPUS_DIR;
interface Entry { file: string; code: string; arg: string | null; expect: 'must' | 'must_not' | 'info_ok'; line: number | null }
const entries = (JSON.parse(readFileSync(`${CORPUS}/expected.json`, 'utf8')) as Entry[]).filter((e) => e.file.startsWith('dockerfile/'));
const dfRules = allRules.filter((r) => /^BW-01\d\d$/.test(r.meta.id));

/** Whether a finding is the corpus code(arg). */
function matches(f: Finding, code: string, arg: string | null): boolean {
  switch (code) {
    case 'ANY':
      return true;
    case 'DF_NO_USER':
      return f.ruleId === 'BW-0101';
    case 'DF_ROOT_USER':
      return f.ruleId === 'BW-0102';
    case 'DF_SECRET_ENV':
      return f.ruleId === 'BW-0103' && (arg === null || `${f.data.name},${f.data.kind}` === arg);
    case 'DF_SUID':
      return f.ruleId === 'BW-0104' && (arg === null || f.data.command === arg);
    case 'REMOTE_FETCH':
      return (f.ruleId === 'BW-0105' || f.ruleId === 'BW-0106') && (arg === null || f.data.command === arg || f.data.url === arg);
    case 'IMAGE_UNPINNED':
      return f.ruleId === 'BW-0107' && (arg === null || f.data.image === arg);
    default:
      return false; // INFO(...) topics have no rule.
  }
}

describe('corpus dockerfiles', () => {
  it('has the 4 files and 16 entries', () => {
    expect(new Set(entries.map((e) => e.file)).size).toBe(4);
    expect(entries.length).toBe(16);
    expect(dfRules.length).toBe(13);
  });
  for (const file of [...new Set(entries.map((e) => e.file))]) {
    it(file, async () => {
      const text = readFileSync(`${CORPUS}/${file}`, 'utf8');
      const { findings, errors } = await auditSources([{ path: file, text, kind: 'dockerfile' }], { rules: dfRules, env: {} });
      expect(errors).toEqual([]);
      for (const e of entries.filter((x) => x.file === file)) {
        const hits = findings.filter((f) => matches(f, e.code, e.arg) && (e.line === null || f.location.startLine === e.line));
        const what = `${e.expect} ${e.code}(${e.arg ?? ''}) line ${e.line}`;
        if (e.expect === 'must') expect(hits.length, what).toBeGreaterThan(0);
        if (e.expect === 'must_not') expect(hits.map((f) => f.message), what).toEqual([]);
        if (e.expect === 'info_ok') expect(hits.filter((f) => f.severity !== 'info').map((f) => f.message), what).toEqual([]);
      }
    });
  }

  it('reports exactly these findings per file', async () => {
    const got: string[] = [];
    for (const file of [...new Set(entries.map((e) => e.file))].sort()) {
      const text = readFileSync(`${CORPUS}/${file}`, 'utf8');
      const { findings } = await auditSources([{ path: file, text, kind: 'dockerfile' }], { rules: dfRules, env: {} });
      for (const f of findings) got.push(`${file.slice(11, 25)} ${f.location.startLine}:${f.location.startColumn} ${f.slug} ${f.severity}`);
    }
    expect(got.sort()).toEqual([
      'heredoc-copy-s 2:1 df-healthcheck-missing info',
      'heredoc-copy-s 2:1 df-user-not-set medium',
      'heredoc-copy-s 2:6 df-base-image-unpinned info',
      'heredoc-copy-s 7:8 df-package-manager-in-final-stage info',
      'jenkins-agent- 17:5 df-setuid-binary high',
      'jenkins-agent- 1:1 df-healthcheck-missing info',
      'jenkins-agent- 1:6 df-base-image-unpinned info',
      'jenkins-agent- 4:5 df-remote-script-pipe info',
      'kubebuilder-di 28:1 df-healthcheck-missing info',
      'kubebuilder-di 28:6 df-base-image-unpinned info',
      'kubebuilder-di 2:6 df-base-image-unpinned info',
      's3-namegrabber 10:5 df-secret-in-env medium',
      's3-namegrabber 1:1 df-healthcheck-missing info',
      's3-namegrabber 1:1 df-user-not-set medium',
      's3-namegrabber 1:6 df-base-image-unpinned info',
      's3-namegrabber 9:5 df-secret-in-env medium',
    ]);
  });
});
