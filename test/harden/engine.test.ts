/**
 * Issue 4, "Proof on a real engine": every Compose service and `docker run` line of the shared corpus and
 * examples/, hardened (safe fixes, then with --unsafe-fixes), is created on a private engine from the
 * hardened model (src/emit/engine.ts `toEngineConfig`), started with a smoke command, checked to run, and
 * inspected to show the hardening is real; then removed.
 *
 * What the test swaps, because it cannot exist here (each listed per container in the failure message):
 *  - the image: the locally imported busybox (there is no registry), entrypoint `sh -c`, command
 *    `echo ok`;
 *  - networks and published ports: `toEngineConfig` gives every container `NetworkMode: none` (its `dropped`);
 *  - bind mounts whose host path does not exist on this machine (`/path/to/your/config`, relative paths):
 *    a fresh empty temp directory as the source;
 *  - devices that do not exist here (`/dev/apex_0`, `/dev/dri/renderD128`): left out.
 * With the safe fixes a `--privileged` container is created and inspected but NOT started: this engine's
 * dockerd lacks CAP_SYS_RESOURCE, so a privileged container cannot start on this VM. With --unsafe-fixes
 * privileged is removed (BW-0001's unsafe fix): those same containers start and run here, and inspect
 * shows `HostConfig.Privileged` false (R-B, R-G5, CIS 5.5).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
}

describeEngine('hardened containers run on a real engine', () => {
  const eng = useEngine();
  const scratch = mkdtempSync(join(tmpdir(), 'bw-harden-binds-'));

  async function runOne(docker: Docker, image: string, c: ContainerSpec, name: string): Promise<Outcome> {
    const cfg = toEngineConfig(c, { image, name, entrypoint: ['sh', '-c'], cmd: ['echo ok'], labels: { 'io.bulwark.test': 'harden' } });
    const swapped: string[] = cfg.dropped.map((d) => `${d.setting}: ${d.reason}`);
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
      };
    } finally {
      await ctr.remove({ force: true, v: true });
    }
  }

  for (const unsafe of [false, true]) {
    it(`${unsafe ? 'with --unsafe-fixes' : 'safe fixes'}: every service and run line starts, runs its smoke command, and inspect shows the hardening`, async () => {
      const docker = new Docker({ socketPath: eng().socket });
      const image = await eng().importBusybox();
      const outcomes: (Outcome & { file: string; privileged: boolean })[] = [];
      let n = 0;
      const errors: string[] = [];
      for (const file of RUNNABLE) {
        const r = await hardenText({ path: file, text: readFileSync(file, 'utf8') }, { unsafe });
        for (const c of await containersOf(file, r.output)) {
          const where = `${relative(ROOT, file)} ${c.target.name}`;
          try {
            const o = await runOne(docker, image, c, `bw-harden-${unsafe ? 'u' : 's'}-${n++}`);
            outcomes.push({ ...o, file: where, privileged: c.privileged?.value === true });
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
        if (!o.capDrop.includes(unsafe ? 'ALL' : 'NET_RAW') && !o.capDrop.includes('ALL')) why.push(`CapDrop ${JSON.stringify(o.capDrop)}`);
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

const EXPECTED_CONTAINERS = 24;
const PRIVILEGED: string[] = [
  'examples/shop/compose.yaml agent',
  // Named relative to the repository, wherever the corpus is found (../shared/corpus beside a clone, or /work/shared/corpus).
  `${relative(ROOT, join(CORPUS_DIR, 'compose/frigate-privileged-devices-longsyntax-tmpfs.yml'))} frigate`,
  `${relative(ROOT, join(CORPUS_DIR, 'run/falco-privileged-host-dev-usr-etc.sh'))} falcosecurity/falco:latest`,
];
