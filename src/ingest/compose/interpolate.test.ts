/** Interpolation (compose-spec 12-interpolation.md), `.env` parsing and unit conversions. "Facts from today's engines": unresolved stays unknown. */
import { describe, expect, it } from 'vitest';
import { interpolate, parseDotEnv } from './interpolate.js';
import { parseBool, parseBytes, parseNanoCpus, shellSplit } from './units.js';
import { at, fakeCtx, ingestText } from './test-helpers.js';

describe('interpolate', () => {
  const vars = { SET: 'v', EMPTY: '' };
  it.each([
    ['${SET}', 'v', false],
    ['$SET/x', 'v/x', false],
    ['${MISSING}', '${MISSING}', true],
    ['$MISSING', '$MISSING', true],
    ['${MISSING:-d}', 'd', false],
    ['${EMPTY:-d}', 'd', false],
    ['${EMPTY-d}', '', false],
    ['${MISSING-d}', 'd', false],
    ['${SET:+alt}', 'alt', false],
    ['${EMPTY:+alt}', '', false],
    ['${EMPTY+alt}', 'alt', false],
    ['${MISSING+alt}', '', false],
    ['${MISSING:-${SET}}', 'v', false],
    ['$$SET', '$SET', false],
    ['a$', 'a$', false],
  ])('%s → %s', (input, value, unresolved) => {
    const r = interpolate(input, vars);
    expect([r.value, r.unresolved]).toEqual([value, unresolved]);
  });
  it('a name of an inherited method is an unset variable (process.env has Object.prototype: ${constructor} was a function)', () => {
    const env = Object.assign(Object.create(Object.prototype) as Record<string, string>, { TAG: '1.27' });
    expect(['x:${constructor}', '${toString:-d}', '$hasOwnProperty', '${TAG}'].map((t) => [interpolate(t, env).value, interpolate(t, env).unresolved])).toEqual([
      ['x:${constructor}', true],
      ['d', false],
      ['$hasOwnProperty', true],
      ['1.27', false],
    ]);
  });
  it('$$ is not a variable reference', () => {
    expect(interpolate('$$X', {}).hasVars).toBe(false);
    expect(interpolate('${X:-1}', {}).hasVars).toBe(true);
  });
  it('${VAR:?err} and ${VAR?err} report an error when missing', () => {
    expect(interpolate('${A:?need A}', { A: '' }).errors).toEqual(['required variable A is missing a value: need A']);
    expect(interpolate('${A?need A}', { A: '' }).errors).toEqual([]);
    expect(interpolate('${A?x}', {}).unresolved).toBe(true);
  });
});

describe('parseDotEnv', () => {
  it('KEY=VAL, export, quotes, comments, interpolation of earlier keys', () => {
    const env = parseDotEnv(`# comment
A=1
export B = two # inline
C='lit $A #x'
D="line\\nnext $A"
E=\${A}-\${OUTER}
bad line
`, { OUTER: 'o' });
    expect(env).toEqual({ A: '1', B: 'two', C: 'lit $A #x', D: 'line\nnext 1', E: '1-o' });
  });
});

describe('units', () => {
  it('byte values are base 1024', () => {
    expect([parseBytes('512m'), parseBytes('1g'), parseBytes('1.5GB'), parseBytes('100000'), parseBytes(2048), parseBytes('2KiB'), parseBytes('lots')]).toEqual([
      512 * 1024 ** 2, 1024 ** 3, 1610612736, 100000, 2048, 2048, undefined,
    ]);
  });
  it('cpus to nanoCPUs, booleans, shell words', () => {
    expect([parseNanoCpus(0.5), parseNanoCpus('1.25'), parseNanoCpus('x')]).toEqual([5e8, 1.25e9, undefined]);
    expect([parseBool('TRUE'), parseBool('no'), parseBool(false), parseBool('maybe')]).toEqual([true, false, false, undefined]);
    // compose-go toBoolean also takes y / n (any case): `read_only: "Y"` is true, not an input error.
    expect([parseBool('Y'), parseBool('y'), parseBool('N'), parseBool('yy')]).toEqual([true, true, false, undefined]);
    expect(shellSplit(`a 'b c' "d \\"e\\"" f\\ g`)).toEqual(['a', 'b c', 'd "e"', 'f g']);
  });
});

describe('interpolation in services', () => {
  it('user: ${APP_UID} with no value is unresolved, kept as written', async () => {
    const { r, sf } = await ingestText('services:\n  a:\n    user: ${APP_UID}\n    privileged: ${PRIV}\n    mem_limit: ${MEM}\n');
    const c = r.containers[0];
    expect(c.user).toEqual({ value: '${APP_UID}', raw: '${APP_UID}', how: 'unresolved', origin: { kind: 'file', file: 'compose.yml', start: 25, end: 35 } });
    expect(at(sf, c.user?.origin)).toBe('3:11-3:21');
    expect(c.privileged?.how).toBe('unresolved');
    expect(c.resources.memory?.how).toBe('unresolved');
    expect(Number.isNaN(c.resources.memory?.value)).toBe(true);
    expect(r.errors).toEqual([]);
  });
  it('ctx.env wins over .env beside the first file; defaults apply', async () => {
    const ctx = fakeCtx({ UID: '2000' }, { 'proj/.env': 'UID=1000\nMEM=256m\nPW=s3cret\n' });
    const { r } = await ingestText('services:\n  a:\n    user: ${UID}\n    mem_limit: ${MEM}\n    cpus: ${CPUS:-0.5}\n    environment:\n      - PASSWORD=${PW}\n', ctx, 'proj/compose.yml');
    const c = r.containers[0];
    expect(c.user).toMatchObject({ value: '2000', how: 'explicit', raw: '${UID}' });
    expect(c.resources.memory?.value).toBe(256 * 1024 ** 2);
    expect(c.resources.nanoCpus?.value).toBe(5e8);
    expect(c.env[0]).toMatchObject({ name: 'PASSWORD', value: 's3cret', kind: 'interpolated', raw: '${PW}' });
  });
  it('${VAR:?err} with no value is unresolved, not an input error (the file is valid; CI audits run without secrets)', async () => {
    const { r } = await ingestText('services:\n  a:\n    image: ${IMG:?set IMG}\n    privileged: true\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD:?set it}\n');
    expect(r.errors).toEqual([]);
    expect(r.containers[0].env.map((e) => [e.name, e.kind])).toEqual([['DB_PASSWORD', 'interpolated']]);
    expect(r.containers[0].image?.how).toBe('unresolved');
    expect(r.containers[0].privileged?.value).toBe(true);
  });
  it('$$ escapes in values', async () => {
    const { r } = await ingestText('services:\n  a:\n    command: echo $$HOME\n');
    expect(r.containers[0].command?.value).toEqual(['echo', '$HOME']);
  });
});
