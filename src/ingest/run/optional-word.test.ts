/**
 * `${NAME:+WORD}` / `${NAME:-}` / `${NAME:-WORD}` before the image (bash(1) "Parameter Expansion"): the expansion
 * gives options or nothing, never the image. `${CI:+--network host}` gives `--network host` only when CI is set,
 * which the script's caller decides: host networking is possible (certainty unknown, "when CI is set"), not certain
 * and not absent. QA (cond.sh, opt.sh).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

async function audit(text: string) {
  return (await auditSources([{ path: 'deploy.sh', text }], { env: {} })).findings;
}
function rows(findings: Awaited<ReturnType<typeof audit>>, ids: string[]) {
  return findings.filter((f) => ids.includes(f.ruleId)).map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.target.name} ${f.certainty}`);
}

describe('optional option words before the image', () => {
  it('${CI:+--network host}: the image is the next word; host networking is reported as possible, when CI is set', async () => {
    const f = await audit('#!/bin/bash\ndocker run --rm --name o3 ${CI:+--network host} acme/tool:1.0 scan\n');
    expect(rows(f, ['BW-0015', 'BW-0027', 'BW-0038'])).toEqual(['2:27 BW-0015 o3 unknown', '2:49 BW-0027 o3 definite']);
    expect(f.find((x) => x.ruleId === 'BW-0015')!.message).toBe(
      "network namespace shared with the host: the container sees and can sniff every host interface, reaches services bound to localhost and bypasses Docker's network isolation (when CI is set)",
    );
    expect(f.find((x) => x.ruleId === 'BW-0027')!.message).toBe('image acme/tool:1.0 not pinned by digest: tag :1.0 can move');
  });

  it('the audit environment does not decide a script variable: CI=1 there changes nothing', async () => {
    const r = await auditSources([{ path: 'deploy.sh', text: 'docker run --rm --name o3 ${CI:+--network host} acme/tool:1.0\n' }], { env: { CI: '1' } });
    expect(rows(r.findings, ['BW-0015'])).toEqual(['1:27 BW-0015 o3 unknown']);
  });

  it('a value the script gives decides: set gives the options (definite), empty gives nothing', async () => {
    const text = ['CI=1', 'docker run --rm --name a ${CI:+--privileged} acme/tool:1.0', 'E=""', 'docker run --rm --name b ${E:+--privileged} acme/tool:1.0', ''].join('\n');
    expect(rows(await audit(text), ['BW-0001', 'BW-0027'])).toEqual(['2:26 BW-0001 a definite', '2:46 BW-0027 a definite', '4:45 BW-0027 b definite']);
  });

  it('${TTY:+-t} and ${EXTRA_ARGS:-}: options or nothing; the latter may hold any option (unless … sets it)', async () => {
    const text = ['docker run --rm --name o1 ${EXTRA_ARGS:-} acme/tool:1.0', 'docker run --rm --name o2 ${TTY:+-t} acme/tool:1.0', ''].join('\n');
    const f = await audit(text);
    expect(rows(f, ['BW-0027', 'BW-0008'])).toEqual(['1:1 BW-0008 o1 unknown', '1:43 BW-0027 o1 definite', '2:1 BW-0008 o2 definite', '2:38 BW-0027 o2 definite']);
    expect(f.find((x) => x.ruleId === 'BW-0008' && x.target.name === 'o1')!.message).toBe('no memory limit: the container may use all host memory (unless ${EXTRA_ARGS:-} sets it)');
  });

  it('${NET_MODE:---network host} never set by the script: its default, field-split, as for any written default', async () => {
    const f = await audit('docker run --rm --name o5 ${NET_MODE:---network host} acme/tool:1.0\n');
    expect(rows(f, ['BW-0015', 'BW-0027'])).toEqual(['1:27 BW-0015 o5 definite', '1:55 BW-0027 o5 definite']);
  });
});
