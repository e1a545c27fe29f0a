import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SourceFile } from '../model/source.js';
import { locator, stringifyPositioned } from './json.js';

describe('stringifyPositioned', () => {
  it('is JSON.stringify(v, null, 2) for any JSON value, and every range holds that value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const { text, ranges } = stringifyPositioned(v);
        expect(text).toBe(JSON.stringify(v, null, 2));
        for (const [, [s, e]] of ranges) expect(() => JSON.parse(text.slice(s, e))).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('gives every value the same range as the straightforward writer it replaced (parts array, Object.entries, forEach)', () => {
    // The implementation before the speed work of issue 3, kept as the oracle.
    const reference = (value: unknown) => {
      const parts: string[] = [];
      const ranges = new Map<string, [number, number]>();
      let pos = 0;
      const put = (s: string) => {
        parts.push(s);
        pos += s.length;
      };
      const write = (v: unknown, pointer: string, indent: string): void => {
        const start = pos;
        if (v === null || v === undefined) put('null');
        else if (Array.isArray(v)) {
          if (!v.length) put('[]');
          else {
            const inner = indent + '  ';
            put('[\n');
            v.forEach((item, i) => {
              if (i) put(',\n');
              put(inner);
              write(item, `${pointer}/${i}`, inner);
            });
            put(`\n${indent}]`);
          }
        } else if (typeof v === 'object') {
          const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
          if (!entries.length) put('{}');
          else {
            const inner = indent + '  ';
            put('{\n');
            entries.forEach(([k, x], i) => {
              if (i) put(',\n');
              put(`${inner}${JSON.stringify(k)}: `);
              write(x, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, inner);
            });
            put(`\n${indent}}`);
          }
        } else if (typeof v === 'number') put(Number.isFinite(v) ? String(v) : 'null');
        else put(JSON.stringify(v));
        ranges.set(pointer, [start, pos]);
      };
      write(value, '', '');
      return { text: parts.join(''), ranges };
    };
    const key = fc.oneof(fc.string(), fc.constantFrom('a/b', '~', '~1', '/', 'Env', '0'));
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 1 }), fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(key, tie('v'), { maxKeys: 4 })),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        const got = stringifyPositioned(v);
        const want = reference(v);
        expect(got.text).toBe(want.text);
        expect([...got.ranges]).toEqual([...want.ranges]);
      }),
      { numRuns: 300 },
    );
    // An inspect answer's shape, exactly.
    const inspect = { Id: 'abc', Config: { Env: ['A=1'], Labels: { 'com.example/x~y': 'v' } }, HostConfig: { CapAdd: null, Privileged: true } };
    const doc = stringifyPositioned(inspect);
    expect(doc.ranges.get('/Config/Labels/com.example~1x~0y')).toEqual([104, 107]);
    expect(doc.text.slice(104, 107)).toBe('"v"');
    expect(doc.ranges.get('/HostConfig')).toEqual([135, 183]);
    expect(doc.text.slice(135, 183)).toBe('{\n    "CapAdd": null,\n    "Privileged": true\n  }');
    expect([...stringifyPositioned(inspect).ranges.keys()]).toEqual([
      '/Id',
      '/Config/Env/0',
      '/Config/Env',
      '/Config/Labels/com.example~1x~0y',
      '/Config/Labels',
      '/Config',
      '/HostConfig/CapAdd',
      '/HostConfig/Privileged',
      '/HostConfig',
      '',
    ]);
  });

  it('locates pointers (escaped keys, array items) and falls back to the nearest parent', () => {
    const obj = { Name: '/web', HostConfig: { Privileged: true, CapAdd: ['SYS_ADMIN'], 'a/b~c': 1 } };
    const doc = stringifyPositioned(obj);
    const at = locator('docker://localhost/containers/web', doc);
    const src = new SourceFile('x', doc.text);
    const show = (p: string) => {
      const o = at(p) as { start: number; end: number; pointer: string };
      const l = src.location(o);
      return `${o.pointer} ${l.startLine}:${l.startColumn}-${l.endLine}:${l.endColumn} ${doc.text.slice(o.start, o.end).split('\n')[0]}`;
    };
    expect(show('/HostConfig/Privileged')).toBe('/HostConfig/Privileged 4:19-4:23 true');
    expect(show('/HostConfig/CapAdd/0')).toBe('/HostConfig/CapAdd/0 6:7-6:18 "SYS_ADMIN"');
    expect(show('/HostConfig/a~1b~0c')).toBe('/HostConfig/a~1b~0c 8:14-8:15 1');
    expect(show('/HostConfig/Memory')).toBe('/HostConfig 3:17-9:4 {');
    expect(show('/Nope/deeper')).toBe(' 1:1-10:2 {');
    expect(at('/Name')).toMatchObject({ kind: 'file', file: 'docker://localhost/containers/web', pointer: '/Name' });
  });

  it('writes undefined members as absent and non-finite numbers as null, like JSON.stringify', () => {
    const v = { a: undefined, b: [undefined, NaN, 1], c: {} };
    const doc = stringifyPositioned(v);
    expect(doc.text).toBe(JSON.stringify(v, null, 2));
    expect(doc.ranges.has('/a')).toBe(false);
    expect(doc.text.slice(...doc.ranges.get('/b/0')!)).toBe('null');
    expect(doc.text.slice(...doc.ranges.get('/b/1')!)).toBe('null');
    expect(doc.text.slice(...doc.ranges.get('/c')!)).toBe('{}');
  });

  it('follows toJSON as JSON.stringify does (Dates), and escapes strings as it does', () => {
    const v = { when: new Date(0), s: 'a"b\\c\n\u0001\ud800é', list: [new Date(1)] };
    const doc = stringifyPositioned(v);
    expect(doc.text).toBe(JSON.stringify(v, null, 2));
    expect(doc.text.slice(...doc.ranges.get('/when')!)).toBe('"1970-01-01T00:00:00.000Z"');
    expect(doc.text.slice(...doc.ranges.get('/s')!)).toBe(JSON.stringify(v.s));
    expect(doc.text.slice(...doc.ranges.get('/list/0')!)).toBe('"1970-01-01T00:00:00.001Z"');
  });
});
