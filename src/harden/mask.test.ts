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
import { maskAlike, maskValues, revealReferences } from './mask.js';

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

/**
 * QA (2026-12-03, R-S): each side of harden's diff was masked by its own audit. The input's audit masked a token and
 * its echo in a healthcheck URL; the output's audit (the token now a Compose secret) masked neither, so the unchanged
 * healthcheck line showed as removed and added, in clear on its `+` side. Both sides are now masked alike.
 */
describe('harden diff masks both sides alike', () => {
  const TOKEN = 'Zt7pQ2vX9mK4wR8s';
  const compose = [
    'services:',
    '  app:',
    '    image: acme/app:1.0',
    '    healthcheck:',
    `      test: ["CMD", "wget", "-qO-", "http://localhost:8080/health?key=${TOKEN}"]`,
    '    environment:',
    `      API_TOKEN: ${TOKEN}`,
    '',
  ].join('\n');
  const maskedTest = `      test: ["CMD", "wget", "-qO-", "http://localhost:8080/health?key=${star(TOKEN)}"]`;

  it('Compose: the echo of a secret moved to a Compose secret is an unchanged, masked line on both sides', async () => {
    const r = await hardenText({ path: 'compose.yml', text: compose }, { unsafe: true, only: ['BW-0026'] });
    expect(r.changes.map((c) => `${c.line}:${c.column} ${c.ruleId} ${c.applicability}`)).toEqual(['7:7 BW-0026 unsafe']);
    expect(r.output).toContain(`health?key=${TOKEN}`);
    expect(r.masked.original.split('\n')[4]).toBe(maskedTest);
    expect(r.masked.output.split('\n')[4]).toBe(maskedTest);
    const diff = unifiedDiff('compose.yml', r.masked.original, r.masked.output);
    expect(diff).not.toContain(TOKEN);
    expect(diff).toContain(`\n ${maskedTest}\n`);
    expect(diff.split('\n').filter((l) => /^[-+](?![-+])/.test(l))[0]).toBe(`-      API_TOKEN: ${star(TOKEN)}`);
  });

  it('run lines: echoes of a moved secret on lines around the run line stay masked on both sides', async () => {
    const text = `#!/bin/sh\necho "health?key=${TOKEN}"\ndocker run -d --name app -e API_TOKEN=${TOKEN} acme/app:1.0\necho done ${TOKEN}\n`;
    const r = await hardenText({ path: 'deploy.sh', text }, { unsafe: true, only: ['BW-0026'] });
    expect(r.changes.map((c) => `${c.line}:${c.column} ${c.ruleId}`)).toEqual(['3:26 BW-0026']);
    const diff = unifiedDiff('deploy.sh', r.masked.original, r.masked.output);
    expect(diff).not.toContain(TOKEN);
    expect(diff).toContain(`\n echo "health?key=${star(TOKEN)}"\n`);
    expect(diff).toContain(`\n echo done ${star(TOKEN)}\n`);
    expect(r.masked.output.split('\n')).toHaveLength(text.split('\n').length + 1);
  });

  it('the CLI prints no secret of the input, in text or json', async () => {
    const { runHarden } = await import('./cli.js');
    const dir = mkdtempSync(join(tmpdir(), 'harden-alike-'));
    const chunks: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const writeErr = process.stderr.write.bind(process.stderr);
    try {
      writeFileSync(join(dir, 'compose.yml'), compose);
      writeFileSync(join(dir, 'deploy.sh'), `#!/bin/sh\necho "health?key=${TOKEN}"\ndocker run -d --name app -e API_TOKEN=${TOKEN} acme/app:1.0\n`);
      process.stdout.write = ((c: string | Uint8Array) => (chunks.push(String(c)), true)) as typeof process.stdout.write;
      process.stderr.write = ((c: string | Uint8Array) => (chunks.push(String(c)), true)) as typeof process.stderr.write;
      for (const format of ['text', 'json'] as const) await runHarden([join(dir, 'compose.yml'), join(dir, 'deploy.sh')], { unsafeFixes: true, format });
    } finally {
      process.stdout.write = write;
      process.stderr.write = writeErr;
      rmSync(dir, { recursive: true, force: true });
    }
    const out = chunks.join('');
    expect(out).toContain('"ruleId": "BW-0026"');
    expect(out).toContain(`+++ ${dir}/compose.yml\n`);
    expect(out).toContain(`+++ ${dir}/deploy.sh\n`);
    expect(out).not.toContain(TOKEN);
  });
});

describe('maskAlike', () => {
  it('maps what one side masked onto text no edit touched on the other, both ways; edited text keeps its own masking', () => {
    const original = { text: 'A=pw\nB=xy\nC=zz\n', masked: 'A=**\nB=xy\nC=**\n' };
    // Round 1 inserts a line before A and replaces C's value; the output's audit masks B's value only.
    const history = [[{ start: 0, end: 0, text: 'X=0\n' }, { start: 12, end: 14, text: 'q' }]];
    const output = { text: 'X=0\nA=pw\nB=xy\nC=q\n', masked: 'X=0\nA=pw\nB=**\nC=q\n' };
    const r = maskAlike(original, output, history);
    expect(r.output).toBe('X=0\nA=**\nB=**\nC=q\n');
    expect(r.original).toBe('A=**\nB=**\nC=**\n');
    expect([...r.values]).toEqual([]);
  });
  it('masks every echo of a secret value of either side on both, and in messages', () => {
    const original = { text: 'T=Zt7pQ2vX9mK4wR8s\nU=Zt7pQ2vX9mK4wR8s\n', masked: 'T=****************\nU=Zt7pQ2vX9mK4wR8s\n' };
    const output = { text: 'T_FILE=/run/secrets/t\nU=Zt7pQ2vX9mK4wR8s\n', masked: 'T_FILE=/run/secrets/t\nU=Zt7pQ2vX9mK4wR8s\n' };
    const r = maskAlike(original, output, [[{ start: 0, end: 18, text: 'T_FILE=/run/secrets/t' }]]);
    expect(r.original).toBe('T=****************\nU=****************\n');
    expect(r.output).toBe('T_FILE=/run/secrets/t\nU=****************\n');
    expect(maskValues('key Zt7pQ2vX9mK4wR8s moved', r.values)).toBe('key **************** moved');
  });
});
