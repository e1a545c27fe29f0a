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
    expect(stringifyPositioned(v).text).toBe(JSON.stringify(v, null, 2));
  });
});
