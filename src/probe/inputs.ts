/**
 * What `bulwark probe` probes, as a {@link ContainerSpec}: a `docker run` line (src/ingest/run), a Compose
 * service (src/ingest/compose), or a container's `docker inspect` JSON (src/ingest/inspect), through the same
 * ingesters `bulwark audit` uses (src/engine/audit.ts).
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { SourceFile } from '../model/source.js';
import type { ContainerSpec, InputError, InputKind } from '../model/types.js';
import type { IngestContext } from '../ingest/types.js';

/** A bad input (unreadable file, parse error, unknown service): one line with file:line; exit 2. */
export class ProbeInputError extends Error {
  override name = 'ProbeInputError';
}

/** One probed subject: its model, and its source text (for `harden`). */
export interface Subject {
  spec: ContainerSpec;
  /** `--run "…"`, `compose.yaml service web`, `container web`. */
  title: string;
  /** The text the spec was read from, its path and kind (for harden + re-ingest in `--matrix`). */
  source: { path: string; text: string; kind: InputKind };
}

function firstError(errors: InputError[]): string | undefined {
  const e = errors[0];
  if (!e) return undefined;
  return `${e.file}${e.line ? `:${e.line}` : ''}${e.column ? `:${e.column}` : ''}: ${e.message}`;
}

function ctxFor(file: string): IngestContext {
  const base = dirname(resolve(file));
  return {
    readFile: async (p) => readFile(isAbsolute(p) ? p : join(base, p), 'utf8').catch(() => undefined),
    env: process.env,
  };
}

/**
 * The container of a `docker run …` / `docker create …` line.
 * @throws ProbeInputError when the line has no docker run command or does not parse
 */
export async function specFromRun(line: string, path = '<--run>'): Promise<ContainerSpec> {
  const { ingestShell } = await import('../ingest/run/index.js');
  const r = await ingestShell(new SourceFile(path, line), ctxFor('.'));
  const err = firstError(r.errors);
  if (err) throw new ProbeInputError(err);
  if (r.containers.length !== 1) {
    throw new ProbeInputError(`${path}: expected one "docker run …" command, found ${r.containers.length}`);
  }
  return r.containers[0];
}

/**
 * One service of a Compose file, after interpolation with the caller's environment and `.env`.
 * @throws ProbeInputError when the file cannot be read, does not parse, or has no such service
 */
export async function specFromCompose(path: string, service: string, text?: string): Promise<ContainerSpec> {
  let t = text;
  if (t === undefined) {
    try {
      t = await readFile(path, 'utf8');
    } catch (e) {
      throw new ProbeInputError(`${path}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  const { ingestCompose } = await import('../ingest/compose/index.js');
  const r = await ingestCompose([new SourceFile(path, t)], ctxFor(path));
  const err = firstError(r.errors.filter((e) => e.code !== 'interpolation'));
  if (err && !r.containers.length) throw new ProbeInputError(err);
  const spec = r.containers.find((c) => c.target.kind === 'service' && c.target.name === service);
  if (!spec) {
    const names = r.containers.map((c) => c.target.name);
    throw new ProbeInputError(`${path}: no service "${service}"${names.length ? ` (services: ${names.join(', ')})` : ''}`);
  }
  // The ingester resolves a relative host path against the Compose file's directory as the path was given
  // (`examples/shop/uploads` for `./uploads` in examples/shop/compose.yaml): relative to the working directory,
  // which the engine does not know, so make it absolute here (compose-spec: relative to the file's directory).
  for (const m of spec.mounts) {
    if (m.type === 'bind' && m.source && !m.unresolved && !isAbsolute(m.source)) m.source = resolve(m.source);
  }
  return spec;
}

/**
 * A container from its inspect JSON (an object, as the engine returns it).
 * @throws ProbeInputError when the JSON is not a container
 */
export async function specFromInspect(inspect: unknown, name: string): Promise<{ spec: ContainerSpec; text: string; path: string }> {
  const { ingestInspect } = await import('../ingest/inspect/index.js');
  const path = `docker://containers/${name}`;
  const text = JSON.stringify([inspect], null, 2);
  const r = await ingestInspect(new SourceFile(path, text), ctxFor('.'));
  const spec = r.containers[0];
  if (!spec) throw new ProbeInputError(firstError(r.errors) ?? `${path}: not a container`);
  // Docker computes `rslave` for a bind whose source holds its own data root; asked for explicitly on a source that
  // is not a shared or slave mount, the engine refuses it ("not a shared or slave mount"), so the probe would report
  // a refusal for a container that runs. The engine's own choice (`propagationEffective`) is left to it again.
  for (const m of spec.mounts) if (m.propagationEffective) m.propagation = undefined;
  return { spec, text, path };
}

/**
 * `line` with its secret values masked (`-e DB_PASSWORD=*******`, a password in a URL, `docker login -p`), as
 * `bulwark audit` masks its sources (src/engine/audit.ts `auditSources`, R-S: secrets are never printed), and
 * backslash-newline continuations joined into one line: the probe's reports and progress lines name the probed
 * line through this.
 */
export async function maskedRunLine(line: string, path = '<--run>'): Promise<string> {
  const { auditSources } = await import('../engine/audit.js');
  const r = await auditSources([{ path, text: line, kind: 'run' }]);
  // a line continued with backslash-newline (a README's run line) is shown as the one line the shell reads
  return (r.sources.get(path)?.text ?? line).replace(/[ \t]*\\\r?\n[ \t]*/g, ' ');
}
