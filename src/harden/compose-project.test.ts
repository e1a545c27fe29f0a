/**
 * harden of Compose projects (QA round A): fixes planned from the merged project's findings, as audit groups the
 * files (a base with its override, the files COMPOSE_FILE names, included files), each edit where it takes effect and
 * never weaker than what the base sets; values Compose does not take (empty, `null`, `!reset`) replaced, not doubled;
 * services written as an alias hardened; and a new audit of the output has no finding a fix was made for.
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { auditSources } from '../engine/audit.js';
import { hardenProject, hardenText, type HardenResult } from './index.js';

/**
 * The findings of a new audit of the outputs (one project, merged in order) that harden has a fix for at the level
 * (`unsafe`): their fix label is `safe`, or `unsafe` with --unsafe-fixes. None may be left.
 */
async function leftOver(results: HardenResult[], unsafe = false, only?: string[]): Promise<string[]> {
  const audit = await auditSources(
    results.map((r) => ({ path: r.path, text: r.output })),
    { env: {}, ...(results.length > 1 ? { composeProject: results.map((r) => r.path) } : {}) },
  );
  return audit.findings.filter((f) => (!only || only.includes(f.ruleId)) && (f.fix === 'safe' || (unsafe && f.fix === 'unsafe'))).map((f) => `${f.ruleId} ${f.target.name} ${f.message}`);
}

/** Each output parses as YAML, without duplicate keys. */
function parses(results: HardenResult[]): void {
  for (const r of results) for (const d of parseAllDocuments(r.output)) expect(d.errors.map((e) => e.message)).toEqual([]);
}

const summary = (r: HardenResult) => r.changes.map((c) => `${c.ruleId} ${c.file}:${c.line}:${c.column} ${c.applicability}`);

describe('harden: a base file and its override are one project (qa-a 1)', () => {
  const BASE = 'services:\n  web:\n    image: nginx:1.27\n    user: "101:101"\n    pids_limit: 100\n    mem_limit: 256m\n    cpus: 0.5\n';
  const OVERRIDE = 'services:\n  web:\n    ports: ["8080:80"]\n';

  it('--unsafe-fixes: only what the merged project lacks is added, to the base; the override is left as written', async () => {
    const rs = await hardenProject(
      [
        { path: 'd1/compose.yaml', text: BASE },
        { path: 'd1/compose.override.yaml', text: OVERRIDE },
      ],
      { unsafe: true },
    );
    expect(rs.map((r) => r.path)).toEqual(['d1/compose.yaml', 'd1/compose.override.yaml']);
    expect(rs[1].output).toBe(OVERRIDE);
    expect(rs[1].changes).toEqual([]);
    // No user, memory, CPU or pids limit: the base sets them (101:101, 256m, 0.5, 100), and none is weakened.
    expect(summary(rs[0])).toEqual(['BW-0003 d1/compose.yaml:2:3 unsafe', 'BW-0006 d1/compose.yaml:2:3 unsafe', 'BW-0007 d1/compose.yaml:2:3 safe']);
    expect(rs[0].output).toBe(
      BASE + '    cap_drop:\n      - ALL\n    read_only: true\n    tmpfs:\n      - "/tmp:mode=1777,uid=101,gid=101"\n      - "/run:mode=1777,uid=101,gid=101"\n    security_opt:\n      - no-new-privileges:true\n',
    );
    expect(rs.flatMap((r) => [...r.notes, ...r.failures])).toEqual([]);
    expect(await leftOver(rs, true)).toEqual([]);
  });

  it('COMPOSE_FILE-style project, safe fixes: no pids_limit over the base\'s 100', async () => {
    const base = 'services:\n  web:\n    image: nginx:1.27\n    pids_limit: 100\n';
    const prod = 'services:\n  web:\n    ports: ["127.0.0.1:8080:80"]\n';
    const rs = await hardenProject([
      { path: 'docker-compose.yml', text: base },
      { path: 'docker-compose.prod.yml', text: prod },
    ]);
    expect(rs[1].output).toBe(prod);
    expect(rs[0].output).toBe(base + '    cap_drop:\n      - NET_RAW\n    security_opt:\n      - no-new-privileges:true\n');
    expect(rs[0].unsafeAvailable + rs[1].unsafeAvailable).toBe(5);
    expect(await leftOver(rs)).toEqual([]);
  });

  it('a setting the override resets (`!reset null`) is written there, replacing the reset; privileged is removed where it is written', async () => {
    const base = 'services:\n  app:\n    image: ghcr.io/acme/app:1.0\n    pids_limit: 100\n';
    const over = 'services:\n  app:\n    pids_limit: !reset null\n    privileged: true\n';
    const safe = await hardenProject([
      { path: 'compose.yaml', text: base },
      { path: 'compose.override.yaml', text: over },
    ]);
    expect(safe[1].output).toBe('services:\n  app:\n    pids_limit: 256  # bulwark: pids limit from the harden profile\n    privileged: true\n');
    // The base's finding (at its service key), fixed in the override.
    expect(summary(safe[1])).toEqual(['BW-0010 compose.yaml:2:3 safe']);
    expect(safe[0].output).toBe(base + '    security_opt:\n      - no-new-privileges:true\n');
    expect(safe.flatMap((r) => r.failures)).toEqual([]);
    parses(safe);
    expect(await leftOver(safe)).toEqual([]);

    const all = await hardenProject(
      [
        { path: 'compose.yaml', text: base },
        { path: 'compose.override.yaml', text: over },
      ],
      { unsafe: true },
    );
    expect(all[1].output).toBe('services:\n  app:\n    pids_limit: 256  # bulwark: pids limit from the harden profile\n');
    expect(summary(all[1])).toEqual(['BW-0010 compose.yaml:2:3 safe', 'BW-0001 compose.override.yaml:4:17 unsafe']);
    parses(all);
    expect(await leftOver(all, true)).toEqual([]);
  });

  it('privileged written in the base and the override: the override says false (removing it would bring the base\'s back)', async () => {
    const base = 'services:\n  app:\n    image: ghcr.io/acme/app:1.0\n    privileged: true\n';
    const over = 'services:\n  app:\n    privileged: true\n';
    const rs = await hardenProject(
      [
        { path: 'compose.yaml', text: base },
        { path: 'compose.override.yaml', text: over },
      ],
      { unsafe: true, only: ['BW-0001'] },
    );
    expect(rs.map((r) => r.output)).toEqual([base, 'services:\n  app:\n    privileged: false\n']);
    expect(await leftOver(rs, true, ['BW-0001'])).toEqual([]);
  });

  it('lists an override resets (`!reset []`, `!reset null`) become `!override` lists: the base\'s items stay dropped, the new ones are taken (qa-a 5)', async () => {
    const base = 'services:\n  app:\n    image: ghcr.io/acme/app:1.0\n    user: "1000:1000"\n    read_only: true\n    cap_drop: [ALL]\n    security_opt:\n      - no-new-privileges:true\n    pids_limit: 100\n    mem_limit: 256m\n    cpus: 0.5\n';
    const over = 'services:\n  app:\n    security_opt: !reset []\n    cap_drop: !reset null\n    user: !reset ""\n    pids_limit: !reset null\n';
    const rs = await hardenProject(
      [
        { path: 'compose.yaml', text: base },
        { path: 'compose.override.yaml', text: over },
      ],
      { unsafe: true },
    );
    expect(rs[0].output).toBe(base);
    expect(rs[1].output).toBe(
      'services:\n  app:\n    security_opt: !override ["no-new-privileges:true"]\n    cap_drop: !override [ALL]\n    user: "65532:65532"  # bulwark: non-root uid:gid from the harden profile\n    pids_limit: 256  # bulwark: pids limit from the harden profile\n',
    );
    expect(rs.flatMap((r) => [...r.notes, ...r.failures])).toEqual([]);
    expect(await leftOver(rs, true)).toEqual([]);
  });
});

describe('harden: a value Compose does not take is replaced, never doubled (qa-a 2)', () => {
  it.each([
    ['pids_limit: null', ['BW-0010'], 'pids_limit: 256  # bulwark: pids limit from the harden profile'],
    ['pids_limit: !reset null', ['BW-0010'], 'pids_limit: 256  # bulwark: pids limit from the harden profile'],
    ['mem_limit:', ['BW-0008'], 'mem_limit: 512m  # bulwark: memory limit from the harden profile'],
    ['cpus:', ['BW-0009'], 'cpus: 1.0  # bulwark: CPU limit from the harden profile'],
    ['user:', ['BW-0004'], 'user: "65532:65532"  # bulwark: non-root uid:gid from the harden profile'],
    ['read_only:   # decided later', ['BW-0006'], 'read_only: true   # decided later'],
  ])('%s', async (line, only, fixed) => {
    const text = `services:\n  app:\n    image: ghcr.io/acme/app:1.0\n    ${line}\n    ports: ["127.0.0.1:80:80"]\n`;
    const r = await hardenText({ path: 'compose.yaml', text }, { unsafe: true, only });
    const tmpfs = only[0] === 'BW-0006' ? '    tmpfs:\n      - "/tmp:mode=1777,uid=65532,gid=65532"\n      - "/run:mode=1777,uid=65532,gid=65532"\n' : '';
    expect(r.output).toBe(`services:\n  app:\n    image: ghcr.io/acme/app:1.0\n    ${fixed}\n    ports: ["127.0.0.1:80:80"]\n${tmpfs}`);
    expect(r.changes.map((c) => c.ruleId)).toEqual(only);
    expect(r.notes).toEqual([]);
    expect(r.failures).toEqual([]);
    parses([r]);
    expect(await leftOver([r], true, only)).toEqual([]);
  });

  it('`security_opt: !reset []` in a single file (an empty list): the new list is written untagged (qa-a 5)', async () => {
    const text = 'services:\n  app:\n    image: ghcr.io/acme/app:1.0\n    security_opt: !reset []\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0007'] });
    expect(r.output).toBe('services:\n  app:\n    image: ghcr.io/acme/app:1.0\n    security_opt: ["no-new-privileges:true"]\n');
    expect(r.notes).toEqual([]);
    expect(await leftOver([r], false, ['BW-0007'])).toEqual([]);
  });

  it('a file that keeps a tagged list written earlier (`!reset ["no-new-privileges:true"]`) gets the tag dropped', async () => {
    const text = 'services:\n  app:\n    image: ghcr.io/acme/app:1.0\n    security_opt: !reset ["no-new-privileges:true"]\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0007'] });
    expect(r.output).toBe('services:\n  app:\n    image: ghcr.io/acme/app:1.0\n    security_opt: ["no-new-privileges:true"]\n');
  });
});

describe('harden: a service written as an alias of an anchored mapping (qa-a 3)', () => {
  const TEXT = 'x-worker: &worker {image: ghcr.io/acme/worker:5, environment: {QUEUE: default}}\nservices:\n  worker-1: *worker\n';

  it('is written as a mapping merging the anchor, with the fixes added to it', async () => {
    const r = await hardenText({ path: 'compose.yaml', text: TEXT });
    expect(r.output).toBe(
      'x-worker: &worker {image: ghcr.io/acme/worker:5, environment: {QUEUE: default}}\nservices:\n  worker-1:\n    <<: *worker\n    cap_drop:\n      - NET_RAW\n    security_opt:\n      - no-new-privileges:true\n    pids_limit: 256  # bulwark: pids limit from the harden profile\n',
    );
    expect(summary(r)).toEqual(['BW-0003 compose.yaml:3:3 safe', 'BW-0007 compose.yaml:3:3 safe', 'BW-0010 compose.yaml:3:3 safe']);
    expect(r.notes).toEqual([]);
    expect(r.unsafeAvailable).toBe(5);
    expect(await leftOver([r])).toEqual([]);
  });

  it('in a flow mapping of services: `{<<: *worker, …}`', async () => {
    const text = 'x-worker: &worker {image: ghcr.io/acme/worker:5}\nservices: {worker-1: *worker}\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0007', 'BW-0010'] });
    expect(r.output).toBe('x-worker: &worker {image: ghcr.io/acme/worker:5}\nservices: {worker-1: {<<: *worker, security_opt: ["no-new-privileges:true"], pids_limit: 256}}  # bulwark: limits and user from the harden profile\n');
    expect(await leftOver([r])).toEqual([]);
  });
});

describe('harden: a Compose file that includes another (qa-a 4)', () => {
  const MAIN = 'include:\n  - ./db.yaml\nservices:\n  app:\n    image: ghcr.io/acme/app:1.0\n';
  const DB = 'services:\n  db:\n    image: postgres:16\n    privileged: true\n';
  const files: Record<string, string> = { 'inc/db.yaml': DB };
  const readFile = async (p: string) => files[p];

  it('the included file is hardened with it when allowed: a result of its own', async () => {
    const rs = await hardenProject([{ path: 'inc/compose.yaml', text: MAIN }], { unsafe: true, readFile, only: ['BW-0001', 'BW-0003', 'BW-0007'] }, { editIncluded: true });
    expect(rs.map((r) => r.path)).toEqual(['inc/compose.yaml', 'inc/db.yaml']);
    expect(rs[0].output).toBe(MAIN + '    cap_drop:\n      - ALL\n    security_opt:\n      - no-new-privileges:true\n');
    expect(rs[1].output).toBe('services:\n  db:\n    image: postgres:16\n    security_opt:\n      - no-new-privileges:true\n    cap_drop:\n      - ALL\n');
    expect(summary(rs[1])).toEqual(['BW-0007 inc/db.yaml:2:3 safe', 'BW-0001 inc/db.yaml:4:17 unsafe', 'BW-0003 inc/db.yaml:2:3 unsafe']);
    expect(rs.flatMap((r) => r.notes)).toEqual([]);
  });

  it('hardenText (one result): the included file\'s findings are named as not fixed, and not counted in the hint', async () => {
    const r = await hardenText({ path: 'inc/compose.yaml', text: MAIN }, { readFile, only: ['BW-0001', 'BW-0003', 'BW-0007'] });
    expect(r.output).toBe(MAIN + '    cap_drop:\n      - NET_RAW\n    security_opt:\n      - no-new-privileges:true\n');
    expect(r.unsafeAvailable).toBe(1);
    expect(r.notes).toEqual([
      'inc/db.yaml: 2 findings with a fix left as they are: inc/db.yaml is included by inc/compose.yaml and was not given to harden: harden it as well (bulwark harden inc/db.yaml, or the directory)',
    ]);
  });
});
