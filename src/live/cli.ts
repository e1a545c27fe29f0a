/**
 * The `--live` part of `bulwark audit` (src/cli/main.ts calls {@link liveAuditFromFlags}): flag parsing
 * and validation, and the progress bar (cli-progress, on stderr, only when stderr is a TTY).
 */
import type { BulwarkConfig } from '../engine/config.js';
import type { AuditResult } from '../engine/types.js';
import { auditLive, DEFAULT_CONCURRENCY } from './audit.js';
import { DEFAULT_TIMEOUT_MS, LiveError } from './client.js';

/** The `audit --live` flags as commander gives them (strings, `filter` repeated). */
export interface LiveFlags {
  host?: string;
  tlscacert?: string;
  tlscert?: string;
  tlskey?: string;
  filter?: string[];
  concurrency?: string;
  timeout?: string;
  configFile?: string;
}

function positiveInt(v: string | undefined, flag: string, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new LiveError(`${flag} must be a positive integer, got "${v}"`);
  return n;
}

/**
 * Runs the live audit for the CLI.
 * @throws LiveError for bad flag values and for an engine that cannot be reached (the CLI exits 2)
 */
export async function liveAuditFromFlags(flags: LiveFlags, config: BulwarkConfig): Promise<AuditResult> {
  const concurrency = positiveInt(flags.concurrency, '--concurrency', DEFAULT_CONCURRENCY);
  const timeoutMs = positiveInt(flags.timeout, '--timeout', DEFAULT_TIMEOUT_MS);
  let bar: { start(total: number, v: number): void; setTotal(t: number): void; update(v: number): void; stop(): void } | undefined;
  if (process.stderr.isTTY) {
    const { default: progress } = await import('cli-progress');
    bar = new progress.SingleBar({ stream: process.stderr, format: 'inspecting containers [{bar}] {value}/{total}', clearOnComplete: true, hideCursor: true }, progress.Presets.shades_classic);
  }
  let started = false;
  try {
    return await auditLive({
      host: flags.host,
      tlsCaCert: flags.tlscacert,
      tlsCert: flags.tlscert,
      tlsKey: flags.tlskey,
      filters: flags.filter,
      concurrency,
      timeoutMs,
      configFile: flags.configFile,
      config,
      onProgress: bar
        ? (done, total) => {
            if (!started) {
              bar!.start(total, done);
              started = true;
            } else bar!.update(done);
          }
        : undefined,
    });
  } finally {
    if (started) bar?.stop();
  }
}
