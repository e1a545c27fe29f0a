/**
 * harden's diff shows variable references as written and keeps literal secrets masked (R-S). QA round 2
 * (qa17): `-e POSTGRES_PASSWORD="$DB_PASS"` and `ADMIN_TOKEN: "${VW_ADMIN_TOKEN}"` were printed as `*`, so the
 * printed diff did not apply with `patch` although it held no secret.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './diff.js';
import { hardenText } from './index.js';
import { revealReferences } from './mask.js';

const star = (s: string) => '*'.repeat(s.length);

describe('revealReferences', () => {
  it('puts back spans that are only references, keeps literals and defaults masked', () => {
    const text = 'A="$DB_PASS" B=${TOKEN} C=${X:?set X} D=${P:-changeme} E=hunter2 F=$$LIT G=$A$B';
    const masked = text
      .replace('$DB_PASS', star('$DB_PASS'))
      .replace('${TOKEN}', star('${TOKEN}'))
      .replace('${X:?set X}', star('${X:?set X}'))
      .replace('${P:-changeme}', star('${P:-changeme}'))
      .replace('hunter2', star('hunter2'))
      .replace('$LIT', star('$LIT'))
      .replace('$A$B', star('$A$B'));
    expect(revealReferences(text, masked, true)).toBe(`A="$DB_PASS" B=\${TOKEN} C=\${X:?set X} D=${star('${P:-changeme}')} E=${star('hunter2')} F=$${star('$LIT')} G=$A$B`);
  });

  it('outside Compose, a reference inside single quotes is a literal and stays masked', () => {
    const text = "docker run -e 'PASS=$ecret' -e PASS2=\"$P\"\n";
    const masked = text.replace('$ecret', star('$ecret')).replace('$P"', `${star('$P')}"`);
    expect(revealReferences(text, masked, false)).toBe(`docker run -e 'PASS=${star('$ecret')}' -e PASS2="$P"\n`);
    expect(revealReferences(text, masked, true)).toBe("docker run -e 'PASS=$ecret' -e PASS2=\"$P\"\n");
  });

  it('never shows a character that is not a reference (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '$', '{', '}', 'X', '_', "'", '"', ' ', ':', '-', '?') }), fc.array(fc.nat()), (text, cuts) => {
        // Mask arbitrary spans of the text.
        const m = [...text];
        for (let k = 0; k + 1 < cuts.length; k += 2) for (let i = Math.min(cuts[k], cuts[k + 1]) % (text.length + 1); i < Math.max(cuts[k], cuts[k + 1]) % (text.length + 1); i++) m[i] = '*';
        const masked = m.join('');
        const out = revealReferences(text, masked, true);
        expect(out.length).toBe(text.length);
        for (let i = 0; i < text.length; i++) if (out[i] !== masked[i]) expect(text[i]).not.toBe(masked[i]);
        // Every revealed run is made of reference characters only.
        expect(out.split('').every((ch, i) => ch === masked[i] || /[$A-Za-z0-9_{}:?\- X]/.test(text[i]) || text[i] === ' ')).toBe(true);
      }),
    );
  });
});

describe('harden diff with secrets read from variables', () => {
  it('a run line with -e NAME="$VAR": the diff shows the reference and applies with patch', async () => {
    const text = '#!/bin/sh\ndocker run -d \\\n  -e POSTGRES_PASSWORD="$DB_PASS" \\\n  postgres:16\n';
    const r = await hardenText({ path: 'run.sh', text }, { unsafe: true, only: ['BW-0026', 'BW-0010'] });
    expect(r.masked.original).toBe(text);
    const diff = unifiedDiff('run.sh', r.masked.original, r.masked.output);
    expect(diff).toContain('-  -e POSTGRES_PASSWORD="$DB_PASS" \\\n');
    const dir = mkdtempSync(join(tmpdir(), 'harden-mask-'));
    try {
      writeFileSync(join(dir, 'run.sh'), text);
      writeFileSync(join(dir, 'p.diff'), diff);
      execFileSync('patch', ['-p1', '-F0', '-i', 'p.diff'], { cwd: dir, stdio: 'pipe' });
      expect(readFileSync(join(dir, 'run.sh'), 'utf8')).toBe(r.output);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Compose: a literal password stays masked, "${VW_ADMIN_TOKEN}" is shown', async () => {
    const text = 'services:\n  vw:\n    image: vaultwarden/server:1.30.1\n    environment:\n      ADMIN_TOKEN: "${VW_ADMIN_TOKEN}"\n      DB_PASSWORD: hunter2hunter2\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0010'] });
    expect(r.masked.original).toBe(text.replace('hunter2hunter2', '**************'));
    expect(r.masked.output).toBe(r.output.replace('hunter2hunter2', '**************'));
  });
});
