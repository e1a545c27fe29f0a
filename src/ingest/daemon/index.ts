/**
 * The dockerd configuration ingester (input kind `daemon`): daemon.json, systemd units and drop-ins whose
 * `ExecStart=` runs dockerd, and files holding a dockerd command line (`ps` output, a wrapper script line,
 * `/proc/<pid>/cmdline` with NUL separators). CIS Docker Benchmark 1.6.0 section 2; paper §V.2.2, §V.2.11,
 * §V.2.15; requirements R-M, R-G2, R-G11, R-G15.
 */
import { emptyDaemon, type DaemonSpec } from '../../model/daemon.js';
import { SourceFile, type SourceRange } from '../../model/source.js';
import type { IngestResult, InputError } from '../../model/types.js';
import { tokenizeLine } from '../run/index.js';
import { isolateRegion, type IngestContext, type Region } from '../types.js';
import { applyDockerdFlags, dockerdArgsStart, type FlagWord } from './flags.js';
import { daemonFromJson } from './json.js';
import { daemonSecretRanges } from './secrets.js';
import { daemonFromUnit } from './systemd.js';

export { applyDockerdFlags, dockerdArgsStart, isDockerdWord, parseGoBool, parseUlimit, type FlagWord } from './flags.js';
export { daemonFromJson } from './json.js';
export { daemonSecretRanges } from './secrets.js';
export { BRIDGE_ICC_OPTION, daemonFromInfo, daemonNetworks, mergeDaemonSpecs, SWARM_EXTRA, type EngineNetwork } from './info.js';
export { daemonFromUnit, parseUnit, type UnitEntry } from './systemd.js';

/** Whether text is a systemd unit or drop-in (a section header or an `ExecStart=` line). */
function looksLikeUnit(text: string): boolean {
  return /^[ \t]*\[(?:Unit|Service|Install)\][ \t]*\r?$/m.test(text) || /^[ \t]*ExecStart[ \t]*=/m.test(text);
}

/**
 * dockerd command lines in plain text: one spec per line (backslash continuations joined) that runs
 * `dockerd`, `docker daemon` or `docker -d`; with NUL separators (`/proc/<pid>/cmdline`) the whole text is
 * one command. Target: the program word.
 */
export function daemonsFromCommandLines(file: SourceFile): { daemons: DaemonSpec[]; errors: InputError[] } {
  const text = file.text;
  const daemons: DaemonSpec[] = [];
  const errors: InputError[] = [];
  const one = (words: FlagWord[]) => {
    const k = dockerdArgsStart(words);
    if (k < 0) return;
    const prog = words[k - 1];
    const d = emptyDaemon({ kind: 'daemon', name: file.path, range: file.range(prog.start, prog.end) }, 'dockerd-flags', file.path, 'partial');
    errors.push(...applyDockerdFlags(d, words.slice(k), file.path, file));
    daemons.push(d);
  };
  if (text.includes('\0')) {
    const words: FlagWord[] = [];
    let s = 0;
    for (let k = 0; k <= text.length; k++) {
      if (k === text.length || text[k] === '\0') {
        if (k > s) words.push({ value: text.slice(s, k).replace(/\n$/, ''), start: s, end: k });
        s = k + 1;
      }
    }
    one(words);
    return { daemons, errors };
  }
  let k = 0;
  while (k < text.length) {
    let e = text.indexOf('\n', k);
    if (e === -1) e = text.length;
    while (e < text.length && /\\\r?$/.test(text.slice(k, e))) {
      const n = text.indexOf('\n', e + 1);
      e = n === -1 ? text.length : n;
    }
    if (/dockerd|docker/.test(text.slice(k, e))) one(tokenizeLine(text, k, e));
    k = e + 1;
  }
  return { daemons, errors };
}

/**
 * Ingests a daemon.json, a systemd unit or drop-in whose ExecStart runs dockerd, or a file holding a dockerd
 * command line (kind `daemon`; decided by content: a JSON object, a unit, else command lines). Every spec is
 * `partial`: findings about missing settings say "not set in this file". Never throws; a file that holds none
 * of these gives one input error (`unsupported`).
 */
export async function ingestDaemon(file: SourceFile, ctx: IngestContext, region?: Region): Promise<IngestResult> {
  const src = region ? new SourceFile(file.path, isolateRegion(file.text, region.start, region.end)) : file;
  const text = src.text;
  const result: IngestResult & { daemons: DaemonSpec[]; secretRanges: SourceRange[] } = { containers: [], images: [], errors: [], daemons: [], secretRanges: [] };
  try {
    if (text.trimStart().startsWith('{')) {
      const r = daemonFromJson(src);
      result.errors.push(...r.errors);
      if (r.daemon) {
        result.daemons.push(r.daemon);
        result.secretRanges.push(...daemonSecretRanges(r.daemon, text));
      }
    } else if (looksLikeUnit(text)) {
      const r = await daemonFromUnit(src, ctx);
      result.errors.push(...r.errors);
      result.secretRanges.push(...r.secretRanges);
      if (r.daemon) {
        result.daemons.push(r.daemon);
        result.secretRanges.push(...daemonSecretRanges(r.daemon, text));
      } else if (!r.errors.length) result.errors.push({ file: file.path, line: 1, column: 1, message: 'no ExecStart= in the [Service] section runs dockerd', code: 'unsupported' });
    } else {
      const r = daemonsFromCommandLines(src);
      result.errors.push(...r.errors);
      result.daemons.push(...r.daemons);
      for (const d of r.daemons) result.secretRanges.push(...daemonSecretRanges(d, text));
      if (!r.daemons.length) result.errors.push({ file: file.path, line: 1, column: 1, message: 'no dockerd configuration found: expected a daemon.json object, a systemd unit running dockerd, or a dockerd command line', code: 'unsupported' });
    }
  } catch (e) {
    result.errors.push({ file: file.path, message: `internal error while reading this file: ${String((e as Error)?.message ?? e).split('\n')[0]}`, code: 'internal' });
  }
  return result;
}
