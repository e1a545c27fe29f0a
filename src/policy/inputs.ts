/**
 * The container `policy generate` describes, through the audit core's ingesters (src/ingest/): a Compose service
 * (`--compose FILE --service NAME`), a `docker run` line (`--run "…"`), `docker inspect` output (`--inspect FILE`)
 * or a container of a running engine (`--container NAME`, read with `GET /containers/{id}/json` as `audit --live`
 * does, src/live/client.ts).
 *
 * Errors are {@link PolicyInputError}s: one line with file:line when the input has one (exit 2 at the CLI).
 * Source: R-PM1; docs.docker.com "docker container inspect"; compose-spec.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { SourceFile } from '../model/source.js';
import type { ContainerSpec, IngestResult, Origin } from '../model/types.js';
import type { IngestContext } from '../ingest/types.js';

/** An input that cannot be used: the CLI prints it as one `bulwark: …` line and exits 2. */
export class PolicyInputError extends Error {
  override name = 'PolicyInputError';
}

/** Where the container comes from. */
export type ContainerSource =
  | { kind: 'compose'; file: string; service: string }
  | { kind: 'run'; line: string }
  | { kind: 'inspect'; file: string; container?: string }
  | { kind: 'container'; name: string; host?: string; tlsCaCert?: string; tlsCert?: string; tlsKey?: string; timeoutMs?: number };

/** A container and a short description of its source, for the module's header. */
export interface LoadedContainer {
  spec: ContainerSpec;
  from: string;
  /**
   * Where a setting of `spec` is written: `FILE:LINE` in the Compose or inspect file, `CONTAINER#POINTER` (a JSON
   * pointer into its inspect object) for an engine's container; undefined for a `--run` line (one line).
   */
  where: (o: Origin) => string | undefined;
}

/** {@link LoadedContainer.where} over the files read. */
function whereIn(files: SourceFile[]): (o: Origin) => string | undefined {
  return (o) => {
    if (o.kind === 'engine') return `${o.container}#${o.pointer}`;
    const f = files.find((x) => x.path === o.file);
    return f ? `${o.file}:${f.position(o.start).line}` : undefined;
  };
}

function ctxFor(file: string, env: Record<string, string | undefined>): IngestContext {
  return {
    env,
    async readFile(p: string) {
      try {
        return await readFile(isAbsolute(p) ? p : join(dirname(file), p), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new PolicyInputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function firstError(r: IngestResult): void {
  const e = r.errors.find((x) => x.code !== 'interpolation') ?? undefined;
  // The ingesters speak of auditing ("…; not audited"); here nothing is audited, a module cannot be generated.
  if (e && !r.containers.length) throw new PolicyInputError(`${e.file}${e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : ''}: ${e.message.replace(/;? ?not audited\.?$/, '')}: no module generated`);
}

function pick(r: IngestResult, want: string | undefined, what: string, file: string): ContainerSpec {
  firstError(r);
  const cs = r.containers;
  if (!cs.length) throw new PolicyInputError(`${file}: no container found`);
  if (want === undefined) {
    if (cs.length > 1) throw new PolicyInputError(`${file} describes ${cs.length} containers (${cs.map((c) => c.target.name).join(', ')}): choose one with ${what}`);
    return cs[0];
  }
  const c = cs.find((x) => x.target.name === want || x.target.name === want.replace(/^\//, ''));
  if (!c) throw new PolicyInputError(`${file}: no ${what.replace(/^--/, '')} "${want}" (found: ${cs.map((x) => x.target.name).join(', ')})`);
  return c;
}

/**
 * Loads the container.
 * @param env variables for Compose interpolation (default `process.env`; tests pass `{}`)
 * @throws PolicyInputError unreadable or unparseable input, no such service/container, several containers without a choice
 */
export async function loadContainer(src: ContainerSource, env: Record<string, string | undefined> = process.env): Promise<LoadedContainer> {
  switch (src.kind) {
    case 'compose': {
      const { ingestCompose } = await import('../ingest/compose/index.js');
      const sf = new SourceFile(src.file, await readText(src.file));
      const r = await ingestCompose([sf], ctxFor(src.file, env));
      return { spec: pick(r, src.service, '--service', src.file), from: `${src.file}, service ${src.service}`, where: whereIn([sf]) };
    }
    case 'run': {
      const { ingestShell } = await import('../ingest/run/index.js');
      const line = /^\s*(sudo\s+)?(docker|podman)\b/.test(src.line) ? src.line : `docker run ${src.line}`;
      const r = await ingestShell(new SourceFile('--run', line), ctxFor('.', env));
      if (!r.containers.length && !r.errors.length) throw new PolicyInputError('--run: no docker run / docker create command found');
      return { spec: pick(r, undefined, '--run', '--run'), from: `docker run line`, where: () => undefined };
    }
    case 'inspect': {
      const { ingestInspect } = await import('../ingest/inspect/index.js');
      const sf = new SourceFile(src.file, await readText(src.file));
      const r = await ingestInspect(sf, ctxFor(src.file, env));
      return { spec: pick(r, src.container, '--name', src.file), from: `${src.file}`, where: whereIn([sf]) };
    }
    case 'container': {
      const { connect, LiveError } = await import('../live/client.js');
      const { ingestInspect } = await import('../ingest/inspect/index.js');
      let api;
      try {
        ({ api } = await connect({ host: src.host, tlsCaCert: src.tlsCaCert, tlsCert: src.tlsCert, tlsKey: src.tlsKey, timeoutMs: src.timeoutMs }));
      } catch (e) {
        if (e instanceof LiveError) throw new PolicyInputError(e.message);
        throw e;
      }
      try {
        let obj: Record<string, unknown>;
        try {
          obj = await api.inspectContainer(src.name);
        } catch (e) {
          throw new PolicyInputError(`container ${src.name}: ${(e as { statusCode?: number }).statusCode === 404 ? 'no such container' : (e as Error).message.split('\n')[0]}`);
        }
        const path = `docker://containers/${src.name}`;
        const r = await ingestInspect(new SourceFile(path, JSON.stringify([obj], null, 2)), ctxFor('.', env));
        // The JSON was made here: a line in it means nothing to the user; the pointer does.
        return { spec: pick(r, undefined, '--container', path), from: `container ${src.name}`, where: (o) => (o.kind === 'file' && o.pointer ? `${src.name}#${o.pointer}` : o.kind === 'engine' ? `${o.container}#${o.pointer}` : undefined) };
      } finally {
        api.close();
      }
    }
  }
}
