/**
 * Two fixes of one `--mount` flag: BW-0011 makes a bind of the host root read-only, BW-0013 removes it (a bind of `/`
 * exposes the engine socket). The removal wins; the read-only edit must not land on the flag written before the
 * mount (qa-b 2: `-e FOO=bar,readonly`, `--name web,readonly`, `--rm,readonly` that broke the whole file).
 */
import { describe, expect, it } from 'vitest';
import { hardenText } from './index.js';

describe('harden: a mount both made read-only and removed', () => {
  it.each([
    ['-e FOO=bar', '-e FOO=bar'],
    ['--name web', '--name web'],
    ['--rm', '--rm'],
  ])('the flag before it (%s) is kept as written', async (before, kept) => {
    const text = `docker run ${before} --mount type=bind,src=/,dst=/host alpine\n`;
    const r = await hardenText({ path: 'x.sh', text }, { unsafe: true, only: ['BW-0011', 'BW-0013'] });
    expect(r.output).toBe(`docker run ${kept} alpine\n`);
    // BW-0011's edits come first (the changes list them as made), then BW-0013's removal takes the whole flag: the
    // file ends as the removal leaves it.
    expect(r.changes.map((c) => c.ruleId)).toEqual(['BW-0011', 'BW-0011', 'BW-0013']);
  });

  it('a mount only made read-only gets ,readonly at its end', async () => {
    const r = await hardenText({ path: 'x.sh', text: 'docker run -e A=b --mount type=bind,src=/etc,dst=/host/etc alpine\n' }, { only: ['BW-0011'] });
    expect(r.output).toBe('docker run -e A=b --mount type=bind,src=/etc,dst=/host/etc,readonly alpine\n');
  });
});

describe('harden: a flag written twice', () => {
  it.each([
    ['docker run --net=host --network host alpine\n', 'BW-0015', 'docker run alpine\n'],
    ['docker run --network host --net=host -p 80:80 alpine\n', 'BW-0015', 'docker run -p 80:80 alpine\n'],
    ['docker run --privileged --privileged=true alpine\n', 'BW-0001', 'docker run alpine\n'],
  ])('%j: every use goes (the one left would still set it; qa-b 4)', async (text, rule, out) => {
    const r = await hardenText({ path: 'x.sh', text }, { unsafe: true, only: [rule] });
    expect(r.output).toBe(out);
    expect(r.notes).toEqual([]);
  });
});

describe('harden: one variable name, two values in two services (BW-0026; qa-b 5)', () => {
  it('each value gets its own host variable and secret; the same value in both would share one', async () => {
    const text = 'services:\n  billing:\n    image: billing\n    environment:\n      DB_PASSWORD: billing-pw-111\n  reports:\n    image: reports\n    environment:\n      DB_PASSWORD: reports-pw-222\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { unsafe: true, only: ['BW-0026'] });
    const secrets = [...r.output.matchAll(/^ {2}(\w+):\n {4}environment: (\w+)/gm)].map((m) => [m[1], m[2]]);
    expect(secrets).toEqual([
      ['billing_db_password', 'BILLING_DB_PASSWORD'],
      ['db_password', 'DB_PASSWORD'],
    ]);
    // A qualified name another service already uses (cache's APP_DB_PASSWORD) is not taken over.
    const three = await hardenText({ path: 'compose.yaml', text: text.replace('  reports:', '  app:\n    image: app\n    environment:\n      DB_PASSWORD: app-pw-333\n  cache:\n    image: cache\n    environment:\n      APP_DB_PASSWORD: cache-pw-444\n  reports:') }, { unsafe: true, only: ['BW-0026'] });
    expect(new Set([...three.output.matchAll(/^ {2}(\w+):\n {4}environment: (\w+)/gm)].map((m) => m[2])).size).toBe(4);
    const same = await hardenText({ path: 'compose.yaml', text: text.replace('reports-pw-222', 'billing-pw-111') }, { unsafe: true, only: ['BW-0026'] });
    expect([...same.output.matchAll(/^ {2}(\w+):\n {4}environment: (\w+)/gm)].map((m) => [m[1], m[2]])).toEqual([['db_password', 'DB_PASSWORD']]);
  });
});

describe('harden: a continued first line that ends in a flag awaiting its value (qa-c 8)', () => {
  it('new flags go right after run, never between --name and its value on the next line', async () => {
    const r = await hardenText({ path: 'x.sh', text: 'docker run -d --name \\\n  web \\\n  nginx:1.27\n' }, { only: ['BW-0007'] });
    expect(r.output).toBe('docker run --security-opt no-new-privileges:true -d --name \\\n  web \\\n  nginx:1.27\n');
  });

  it('a first line ending in a boolean flag with a value, or in a word, keeps the one-flag-per-line layout', async () => {
    const r = await hardenText({ path: 'x.sh', text: 'docker run \\\n  --name web \\\n  nginx:1.27\n' }, { only: ['BW-0007'] });
    expect(r.output).toBe('docker run \\\n  --security-opt no-new-privileges:true \\\n  --name web \\\n  nginx:1.27\n');
  });
});
