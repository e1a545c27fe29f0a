/**
 * Issue 4, "Proof on a real engine": every Compose service and `docker run` line of the shared corpus and
 * examples/, hardened (safe fixes, then with --unsafe-fixes), is created on a private engine from the
 * hardened model (src/emit/engine.ts `toEngineConfig`), started with a smoke command, checked to run, and
 * inspected to show the hardening is real; then removed.
 *
 * What the test swaps, because it cannot exist here (each listed per container in the failure message):
 *  - the image: the locally imported busybox (there is no registry), entrypoint `sh -c`, a smoke command
 *    printing `ok` ({@link SMOKE});
 *  - networks and published ports: `toEngineConfig` gives every container `NetworkMode: none` (its `dropped`),
 *    including the user-defined `--network bulwark` of BW-0038's fix (the line creating that network is run
 *    on its own against this engine: it creates the network once);
 *  - secret files of BW-0026's fix: a run line's `--mount type=bind,source="${NAME_FILE:?…}",…` (no host path
 *    here) and a Compose service's `secrets:` get a real temp file at their /run/secrets target; the smoke
 *    command reads every `*_FILE` variable's file, and fails (checked) when one is missing;
 *  - bind mounts whose host path does not exist on this machine (`/path/to/your/config`, relative paths):
 *    a fresh empty temp directory as the source;
 *  - devices that do not exist here (`/dev/apex_0`, `/dev/dri/renderD128`): left out.
 * With the safe fixes a `--privileged` container is created and inspected but NOT started: this engine's
 * dockerd lacks CAP_SYS_RESOURCE, so a privileged container cannot start on this VM. With --unsafe-fixes
 * privileged is removed (BW-0001's unsafe fix): those same containers start and run here, and inspect
 * shows `HostConfig.Privileged` false (R-B, R-G5, CIS 5.5).
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import Docker from 'dockerode';
import { expect, it } from 'vitest';
import { toEngineConfig } from '../../src/emit/engine.js';
import { CORPUS_DIR } from '../support/corpus.js';
import { hardenText } from '../../src/harden/index.js';
import { ingestCompose } from '../../src/ingest/compose/index.js';
import { ingestMarkdown } from '../../src/ingest/markdown/index.js';
import { ingestShell } from '../../src/ingest/run/index.js';
import { SourceFile } from '../../src/model/source.js';
import type { ContainerSpec } from '../../src/model/types.js';
import { describeEngine, useEngine } from '../support/engine.js';
import { HARDEN_INPUTS } from './inputs.js';

const ROOT = join(import.meta.dirname, '..', '..');
const RUNNABLE = HARDEN_INPUTS.filter((f) => !/Dockerfile$/.test(f));

async function containersOf(path: string, text: string): Promise<ContainerSpec[]> {
  const file = new SourceFile(path, text);
  const ctx = { env: {}, readFile: async () => undefined };
  const r = /\.md$/.test(path) ? await ingestMarkdown(file, ctx) : /\.sh$/.test(path) ? await ingestShell(file, ctx) : await ingestCompose([file], ctx);
  return r.containers;
}

interface Outcome {
  name: string;
  started: boolean;
  exit?: number;
  logs?: string;
  capDrop: string[];
  securityOpt: string[];
  pidsLimit: number;
  readOnly: boolean;
  memory: number;
  nanoCpus: number;
  user: string;
  /** `HostConfig.Privileged` as the engine reports it. */
  privilegedNow: boolean;
  swapped: string[];
  /** Targets of the secret files the container got (and its smoke command read through `*_FILE`). */
  secrets: string[];
}

describeEngine('hardened containers run on a real engine', () => {
  const eng = useEngine();
  const scratch = mkdtempSync(join(tmpdir(), 'bw-harden-binds-'));

  /** A fresh file holding a made-up secret, readable by any uid (the hardened containers run as 65532). */
  function secretFile(): string {
    const f = join(mkdtempSync(join(scratch, 'secret-')), 'value');
    writeFileSync(f, 'not-a-real-secret\n', { mode: 0o444 });
    chmodSync(f, 0o444);
    return f;
  }

  async function runOne(docker: Docker, image: string, c: ContainerSpec, name: string): Promise<Outcome> {
    // Secret files (BW-0026's fix): a run line's `--mount type=bind,source="${NAME_FILE:?…}",target=/run/secrets/…`
    // has no host path here (toEngineConfig drops a bind whose source is an unresolved variable), and a Compose
    // service's `secrets:` are mounted by Compose, not by the engine: each gets a real temp file, read-only at
    // its target (Compose mounts a secret at /run/secrets/<name>). The smoke command then reads every
    // `*_FILE=/run/secrets/…` variable's file, so the hardened container finds its secrets where NAME_FILE says.
    const secrets: { type: 'bind'; source: string; target: string; readOnly: true }[] = [];
    const swappedSecrets: string[] = [];
    for (const m of c.mounts) {
      if (m.type === 'bind' && m.unresolved && m.target.startsWith('/run/secrets/')) {
        secrets.push({ type: 'bind', source: secretFile(), target: m.target, readOnly: true });
        swappedSecrets.push(`bind ${m.target}: source ${m.sourceRaw ?? m.source} → a temp file`);
      }
    }
    for (const s of c.secrets) {
      secrets.push({ type: 'bind', source: secretFile(), target: `/run/secrets/${s.value}`, readOnly: true });
      swappedSecrets.push(`secret ${s.value} → a temp file at /run/secrets/${s.value}`);
    }
    const cfg = toEngineConfig(c, { image, name, entrypoint: ['sh', '-c'], cmd: [SMOKE], labels: { 'io.bulwark.test': 'harden' }, extraMounts: secrets });
    const swapped: string[] = [...cfg.dropped.map((d) => `${d.setting}: ${d.reason}`), ...swappedSecrets];
    const hc = cfg.body.HostConfig;
    hc.Mounts = (hc.Mounts ?? []).map((m) => {
      if (m.BindOptions?.Propagation && /slave|shared/.test(m.BindOptions.Propagation)) {
        // Needs the host mount to be shared or slave; this VM's / is private.
        swapped.push(`bind ${m.Source} propagation ${m.BindOptions.Propagation} left out`);
        m = { ...m, BindOptions: undefined };
      }
      if (m.Type !== 'bind' || (m.Source && existsSync(m.Source))) return m;
      swapped.push(`bind ${m.Source} → empty temp dir`);
      return { ...m, Source: mkdtempSync(join(scratch, 'src-')) };
    });
    hc.Devices = (hc.Devices ?? []).filter((d) => {
      if (existsSync(d.PathOnHost)) return true;
      swapped.push(`device ${d.PathOnHost} left out (not on this machine)`);
      return false;
    });
    const ctr = await docker.createContainer(cfg.body as Docker.ContainerCreateOptions);
    try {
      let started = false;
      let exit: number | undefined;
      let logs: string | undefined;
      if (!hc.Privileged) {
        await ctr.start();
        const w = (await ctr.wait()) as { StatusCode: number };
        exit = w.StatusCode;
        logs = (await ctr.logs({ stdout: true, stderr: true })).toString('utf8').replace(/[\x00-\x08][\s\S]{7}/g, '');
        started = true;
      }
      const info = await ctr.inspect();
      return {
        name,
        started,
        exit,
        logs,
        capDrop: info.HostConfig.CapDrop ?? [],
        securityOpt: info.HostConfig.SecurityOpt ?? [],
        pidsLimit: info.HostConfig.PidsLimit ?? 0,
        readOnly: info.HostConfig.ReadonlyRootfs === true,
        memory: info.HostConfig.Memory ?? 0,
        nanoCpus: info.HostConfig.NanoCpus ?? 0,
        user: info.Config.User,
        privilegedNow: info.HostConfig.Privileged === true,
        swapped,
        secrets: secrets.map((m) => m.target),
      };
    } finally {
      await ctr.remove({ force: true, v: true });
    }
  }

  it('the smoke command fails when a *_FILE file is missing; the network line harden inserts creates the network once', async () => {
    const image = await eng().importBusybox();
    const missing = await eng().docker(['run', '--rm', '--network', 'none', '-e', 'DB_PASSWORD_FILE=/run/secrets/db_password', '--entrypoint', 'sh', image, '-c', SMOKE]);
    expect([missing.code, missing.stdout]).toEqual([3, 'cannot read /run/secrets/db_password\n']);
    const f = secretFile();
    const found = await eng().docker(['run', '--rm', '--network', 'none', '--user', '65532:65532', '--read-only', '--tmpfs', '/run', '--mount', `type=bind,source=${f},target=/run/secrets/db_password,readonly`, '-e', 'DB_PASSWORD_FILE=/run/secrets/db_password', '--entrypoint', 'sh', image, '-c', SMOKE]);
    expect([found.code, found.stdout]).toEqual([0, 'ok\n']);
    // The `docker network inspect bulwark … || docker network create bulwark` line of the hardened examples/shop/deploy.sh,
    // run twice through a shell against this engine: created the first time, found the second. No container joins it.
    const deploy = join(ROOT, 'examples/shop/deploy.sh');
    const r = await hardenText({ path: deploy, text: readFileSync(deploy, 'utf8') }, { unsafe: true });
    const line = r.output.split('\n').find((l) => /network create/.test(l))!;
    expect(line).toBe('docker network inspect bulwark >/dev/null 2>&1 || docker network create bulwark   # bulwark: user-defined network (R-G15)');
    const bin = mkdtempSync(join(scratch, 'bin-'));
    const real = spawnSync('/bin/sh', ['-c', 'command -v docker'], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(join(bin, 'docker'), `#!/bin/sh\nexec '${real}' -H '${eng().host}' "$@"\n`, { mode: 0o755 });
    const sh = (cmd: string) => spawnSync('/bin/sh', ['-c', cmd], { encoding: 'utf8', env: { PATH: `${bin}:${process.env.PATH}`, HOME: scratch } });
    try {
      const first = sh(line);
      expect(first.status).toBe(0);
      expect(first.stdout).toMatch(/^[0-9a-f]{64}\n$/);
      expect([sh(line).status, sh(line).stdout]).toEqual([0, '']);
      expect((await eng().docker(['network', 'inspect', '--format', '{{.Driver}}', 'bulwark'])).stdout).toBe('bridge\n');
    } finally {
      await eng().docker(['network', 'rm', 'bulwark']);
    }
  }, 120_000);

  for (const unsafe of [false, true]) {
    it(`${unsafe ? 'with --unsafe-fixes' : 'safe fixes'}: every service and run line starts, runs its smoke command, and inspect shows the hardening`, async () => {
      const docker = new Docker({ socketPath: eng().socket });
      const image = await eng().importBusybox();
      const outcomes: (Outcome & { file: string; privileged: boolean; runLine: boolean })[] = [];
      let n = 0;
      const errors: string[] = [];
      for (const file of RUNNABLE) {
        const r = await hardenText({ path: file, text: readFileSync(file, 'utf8') }, { unsafe });
        for (const c of await containersOf(file, r.output)) {
          const where = `${relative(ROOT, file)} ${c.target.name}`;
          try {
            const o = await runOne(docker, image, c, `bw-harden-${unsafe ? 'u' : 's'}-${n++}`);
            outcomes.push({ ...o, file: where, privileged: c.privileged?.value === true, runLine: c.source === 'run' });
          } catch (e) {
            errors.push(`${where}: ${(e as Error).message}`);
          }
        }
      }
      const bad: string[] = [];
      for (const o of outcomes) {
        const why: string[] = [];
        if (!o.privileged && !(o.started && o.exit === 0 && o.logs === 'ok\n')) why.push(`did not run: exit ${o.exit}, logs ${JSON.stringify(o.logs)}`);
        if (!o.securityOpt.some((s) => /^no-new-privileges(:true|=true)?$/.test(s))) why.push(`no no-new-privileges in ${JSON.stringify(o.securityOpt)}`);
        // A privileged container holds every capability whatever is dropped: harden adds no cap_drop to it in safe mode.
        if (!(o.privileged && !unsafe) && !o.capDrop.includes(unsafe ? 'ALL' : 'NET_RAW') && !o.capDrop.includes('ALL')) why.push(`CapDrop ${JSON.stringify(o.capDrop)}`);
        if (!(o.pidsLimit > 0)) why.push(`PidsLimit ${o.pidsLimit}`);
        if (unsafe) {
          if (!o.readOnly) why.push('root filesystem not read-only');
          if (!(o.memory > 0)) why.push(`Memory ${o.memory}`);
          if (o.user === '' || /^(root|0)(:|$)/.test(o.user)) why.push(`User ${JSON.stringify(o.user)}`);
        }
        if (why.length) bad.push(`${o.file}: ${why.join('; ')} (swapped: ${o.swapped.join(', ')})`);
      }
      expect(errors).toEqual([]);
      expect(bad).toEqual([]);
      // BW-0026's secret files (unsafe): each container found every file its *_FILE variables name (its smoke
      // command, which fails on a missing one, printed ok above).
      expect(outcomes.filter((o) => o.secrets.length).map((o) => [o.file, o.secrets])).toEqual(unsafe ? SECRET_FILES : []);
      // BW-0038's `--network bulwark` (unsafe) is carried as NetworkMode none, like every network here.
      // Every run line here was on the default bridge (or on the host network, removed by BW-0015's fix).
      const runLines = outcomes.filter((o) => o.runLine).map((o) => o.file);
      expect(runLines.length).toBe(9);
      expect(outcomes.filter((o) => o.swapped.includes('networks bulwark: every container bulwark creates has no network (NetworkMode none)')).map((o) => o.file)).toEqual(unsafe ? runLines : []);
      // The corpus and examples hold this many containers; the privileged ones are created, not started.
      expect(outcomes.length).toBe(EXPECTED_CONTAINERS);
      expect(outcomes.filter((o) => o.privileged).map((o) => o.file)).toEqual(unsafe ? [] : PRIVILEGED);
      expect(outcomes.filter((o) => o.privilegedNow).map((o) => o.file)).toEqual(unsafe ? [] : PRIVILEGED);
      expect(outcomes.filter((o) => o.started).length).toBe(unsafe ? EXPECTED_CONTAINERS : EXPECTED_CONTAINERS - PRIVILEGED.length);
      if (unsafe) {
        // The previously privileged containers: privileged removed, so they start and run here.
        const was = outcomes.filter((o) => PRIVILEGED.includes(o.file));
        expect(was.map((o) => [o.file, o.privilegedNow, o.started, o.exit, o.logs])).toEqual(PRIVILEGED.map((f) => [f, false, true, 0, 'ok\n']));
      }
    }, 600_000);
  }
});

/**
 * The smoke command: every `*_FILE` variable naming a file under /run/secrets must be readable (the
 * secret files of BW-0026's fix), then `ok`. Shell builtins only (`export -p`, `read`, `case`, `test`): the
 * imported busybox image has no `env` or `sed` applet links.
 */
const SMOKE = 'export -p | while read -r _ kv; do case "$kv" in *_FILE=*/run/secrets/*) f=${kv#*=}; f=${f#\\\'}; f=${f%\\\'}; test -r "$f" || { echo "cannot read $f"; exit 3; };; esac; done && echo ok';

const EXPECTED_CONTAINERS = 24;
/** Containers that get secret files with --unsafe-fixes (BW-0026), and their targets. */
const SECRET_FILES: [string, string[]][] = [
  // DATABASE_URL holds `${DB_PASSWORD}`, unset as harden reads it: a secret filled in from a variable (BW-0026), moved
  // whole into a secret file (the fix's `breaks` text: export the composite value as DATABASE_URL).
  ['examples/shop/compose.yaml web', ['/run/secrets/database_url', '/run/secrets/stripe_api_key', '/run/secrets/session_secret']],
  ['examples/shop/compose.yaml db', ['/run/secrets/postgres_password']],
  ['examples/shop/deploy.sh backup', ['/run/secrets/aws_access_key_id', '/run/secrets/aws_secret_access_key']],
  [`${relative(ROOT, join(CORPUS_DIR, 'compose/awesome-compose-pihole-cloudflared-netadmin.yaml'))} pihole`, ['/run/secrets/pihole_pw']],
  [`${relative(ROOT, join(CORPUS_DIR, 'compose/frigate-privileged-devices-longsyntax-tmpfs.yml'))} frigate`, ['/run/secrets/frigate_rtsp_password']],
  [`${relative(ROOT, join(CORPUS_DIR, 'compose/mysql-seccomp-unconfined-literal-rootpw.yml'))} db`, ['/run/secrets/mysql_root_password']],
];
const PRIVILEGED: string[] = [
  'examples/shop/compose.yaml agent',
  // Named relative to the repository, wherever the corpus is found (../shared/corpus beside a clone, or /work/shared/corpus).
  `${relative(ROOT, join(CORPUS_DIR, 'compose/frigate-privileged-devices-longsyntax-tmpfs.yml'))} frigate`,
  `${relative(ROOT, join(CORPUS_DIR, 'run/falco-privileged-host-dev-usr-etc.sh'))} falcosecurity/falco:latest`,
];
