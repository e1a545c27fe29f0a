import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';
import { SCHEMA_VERSION } from '../engine/types.js';
import { fixtureResult } from './fixture.js';
import { renderJson } from './json.js';

// ajv is CommonJS; NodeNext typing of its default export needs the explicit type.
const require = createRequire(import.meta.url);
const Ajv2020: typeof import('ajv/dist/2020.js').default = require('ajv/dist/2020.js');

const schemaPath = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schema', 'audit-result.schema.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

function errorsOf(value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe('renderJson', () => {
  it('streams findings in batches and equals JSON.stringify of the result, for 0, 1 and 600 findings', () => {
    for (const n of [0, 1, 600]) {
      const r = fixtureResult();
      r.findings = Array.from({ length: n }, (_, i) => ({ ...r.findings[i % r.findings.length], message: `m${i}` }));
      const { sources: _s, ...rest } = r;
      const out = renderJson(r);
      expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(rest)));
      // One finding per line.
      const lines = out.split('\n').filter((l) => l.startsWith('    {"ruleId"'));
      expect(lines.length).toBe(n);
      // Each line is exactly JSON.stringify of its finding (the cached rule fields change nothing).
      lines.forEach((l, i) => expect(l.replace(/^ {4}/, '').replace(/,$/, '')).toBe(JSON.stringify(r.findings[i])));
    }
  });

  it('encodes every field shape byte-equal to JSON.stringify, across 1 MiB chunk boundaries', () => {
    const r = fixtureResult();
    const base = r.findings;
    r.findings = Array.from({ length: 5000 }, (_, i) => {
      const f = { ...base[i % base.length], message: i % 7 === 0 ? `naïve “quote” \u2014 ${i} \\ "x"\n` : `m${i}`, location: { ...base[i % base.length].location, startLine: i, endColumn: i * 13 } };
      if (i % 3 === 0) f.certainty = 'unknown';
      if (i % 5 === 0) f.data = { capability: 'SYS_ADMIN', n: i, ok: true };
      if (i % 11 === 0) f.target = { kind: 'service', name: `svc-§-${i % 4}` };
      return i % 2 === 0 ? { ...f, pointer: `/HostConfig/Binds/${i}` } : f;
    });
    const { sources: _s, ...rest } = r;
    const out = renderJson(r);
    expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(rest)));
    const lines = out.split('\n').filter((l) => l.startsWith('    {"ruleId"'));
    expect(lines.length).toBe(5000);
    lines.forEach((l, i) => expect(l.replace(/^ {4}/, '').replace(/,$/, '')).toBe(JSON.stringify(r.findings[i])));
    // A finding with fields in another order is still written exactly as JSON.stringify writes it.
    const { ruleId, ...others } = base[0];
    r.findings = [{ ...others, ruleId } as typeof base[0]];
    expect(renderJson(r).split('\n').find((l) => l.includes('"ruleId"'))).toBe('    ' + JSON.stringify(r.findings[0]));
  });

  it('writes any message, target, file and position byte-equal to JSON.stringify (ASCII, non-ASCII, lone surrogates, long strings, big numbers)', () => {
    const base = fixtureResult().findings[0];
    const text = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ minLength: 60, maxLength: 200 }), fc.constant('\ud800x'));
    const pos = fc.oneof(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constant(2 ** 31), fc.constant(10 ** 12));
    fc.assert(
      fc.property(text, text, text, pos, pos, (message, name, file, line, column) => {
        const r = fixtureResult();
        r.findings = [{ ...base, message, target: { kind: 'service', name }, location: { file, startLine: line, startColumn: column, endLine: line, endColumn: column } }];
        expect(renderJson(r).split('\n').find((l) => l.startsWith('    {"ruleId"'))).toBe('    ' + JSON.stringify(r.findings[0]));
      }),
      { numRuns: 400 },
    );
  });

  it('prints the enumerable fields, two-space indented, without the source texts', () => {
    const r = fixtureResult();
    const out = renderJson(r);
    expect(out.endsWith('}\n')).toBe(true);
    expect(out.startsWith('{\n  "schemaVersion": "1.0.0",\n  "tool": {\n    "name": "bulwark",')).toBe(true);
    const parsed = JSON.parse(out);
    expect(Object.keys(parsed)).toEqual(['schemaVersion', 'tool', 'findings', 'errors', 'files', 'suppressions', 'rules', 'summary']);
    expect(parsed.findings).toHaveLength(5);
    expect(parsed.findings[1]).toEqual({
      ruleId: 'BW-0001',
      slug: 'privileged-container',
      title: 'Container runs privileged',
      severity: 'critical',
      message: 'container runs privileged',
      attackClasses: ['R-B', 'R-K'],
      requirements: ['R-B', 'R-G5'],
      cis: { '1.6.0': ['5.4'], '1.8.0': ['5.5'] },
      target: { kind: 'service', name: 'web' },
      location: { file: 'compose.yaml', startLine: 4, startColumn: 5, endLine: 4, endColumn: 21 },
      certainty: 'definite',
      data: {},
      remediation: 'privileged: false  # or remove the key',
      fix: 'safe',
      helpUri: 'docs/rules/privileged-container.md',
    });
    expect(out).not.toContain('sources');
  });

  it('leaves out `sources` even when a caller made it enumerable', () => {
    const r = fixtureResult();
    const plain = { ...r, sources: r.sources };
    expect(Object.keys(JSON.parse(renderJson(plain)))).not.toContain('sources');
  });
});

describe('schema/audit-result.schema.json', () => {
  it('declares schemaVersion 1.0.0, the engine constant', () => {
    expect(schema.properties.schemaVersion.const).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe('1.0.0');
  });

  it('accepts the hand-built result', () => {
    expect(errorsOf(JSON.parse(renderJson(fixtureResult())))).toEqual([]);
  });

  it('accepts notes (verify: blobs not in the archive), shaped as input errors', () => {
    const r = fixtureResult();
    r.notes = [{ file: 'image.tar', message: 'not in the archive, not verified: linux/arm64 manifest sha256:ab', code: 'verify-not-in-archive' }];
    const doc = JSON.parse(renderJson(r));
    expect([errorsOf(doc), doc.notes]).toEqual([[], r.notes]);
    doc.notes[0].level = 'warning';
    expect(errorsOf(doc)).toEqual(['/notes/0 must NOT have additional properties']);
  });

  it('rejects unknown fields, a wrong version, a bad severity and a 0 line', () => {
    const base = () => JSON.parse(renderJson(fixtureResult()));
    const extra = base();
    extra.findings[0].secretValue = 'x';
    expect(errorsOf(extra)).toEqual(['/findings/0 must NOT have additional properties']);
    const version = base();
    version.schemaVersion = '2.0.0';
    expect(errorsOf(version)).toEqual(['/schemaVersion must be equal to constant']);
    const severity = base();
    severity.findings[2].severity = 'severe';
    expect(errorsOf(severity)).toEqual(['/findings/2/severity must be equal to one of the allowed values']);
    const line = base();
    line.findings[0].location.startLine = 0;
    expect(errorsOf(line)).toEqual(['/findings/0/location/startLine must be >= 1']);
  });

  it('describes every property it declares', () => {
    const missing: string[] = [];
    const walk = (node: Record<string, unknown>, path: string) => {
      const props = node.properties as Record<string, Record<string, unknown>> | undefined;
      for (const [k, v] of Object.entries(props ?? {})) {
        // Severity counts are self-explanatory; everything else carries its docstring.
        if (!v.description && !v.$ref && !path.endsWith('bySeverity')) missing.push(`${path}/${k}`);
        walk(v, `${path}/${k}`);
      }
    };
    walk(schema, '');
    for (const [k, v] of Object.entries(schema.$defs as Record<string, Record<string, unknown>>)) {
      if (!v.description && k !== 'cisIds') missing.push(`$defs/${k}`);
      walk(v, `$defs/${k}`);
    }
    expect(missing).toEqual([]);
  });

  it('accepts real engine output: a Compose file, a run line, a parse error (end to end)', async () => {
    const r = await auditSources(
      [
        { path: 'compose.yaml', text: 'services:\n  web:\n    image: nginx:latest\n    privileged: true\n    environment:\n      DB_PASSWORD: hunter2hunter2\n' },
        { path: 'deploy.sh', text: '#!/bin/sh\ndocker run --cap-add SYS_ADMIN -v /:/host nginx\n' },
        { path: 'broken.yaml', kind: 'compose', text: 'services: [\n' },
      ],
      { env: {} },
    );
    const parsed = JSON.parse(renderJson(r));
    expect(errorsOf(parsed)).toEqual([]);
    expect(parsed.findings.length).toBeGreaterThan(0);
    expect(parsed.errors.length).toBeGreaterThan(0);
    expect(parsed.rules.length).toBeGreaterThan(0);
  });
});
