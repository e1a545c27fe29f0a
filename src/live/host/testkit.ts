/**
 * Test support for host facts and host rules: a fake filesystem tree for {@link gatherHost}'s `root`
 * option, a scripted `exec`, and a runner that applies one rule's `checkHost` to a HostSpec the way the
 * audit engine does (findings located in the host facts document). Used by src/live/host/*.test.ts and
 * src/rules/host-*.test.ts only.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SourceFile, type SourceRange } from '../../model/source.js';
import type { HostSpec } from '../../model/host.js';
import type { Origin, Sourced } from '../../model/types.js';
import type { ReportDescriptor, Rule } from '../../rules/types.js';
import { gatherHost, hostFactsText, type GatherHostOptions, type HostExec } from './index.js';

/**
 * A file of the fake tree: text content, or `{dir: true}`, with an optional mode (default 0644 / 0755);
 * `gzip: true` writes the text gzip-compressed (a `changelog.Debian.gz`); `mtimeMs` sets its modification time
 * (ms since the epoch).
 */
export type FakeEntry = string | { text?: string; dir?: boolean; mode?: number; gzip?: boolean; mtimeMs?: number };

/**
 * Creates a fake root under the system temp directory. The current process's uid and gid are named
 * `owner` and `group` in the tree's /etc/passwd and /etc/group (default `root`/`root`), so ownership
 * checks can be tested without being root.
 * @returns the root path and a `cleanup` to remove it
 */
export function fakeRoot(entries: Record<string, FakeEntry>, ids: { owner?: string; group?: string } = {}): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'bwh-'));
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  const all: Record<string, FakeEntry> = {
    '/etc/passwd': `${ids.owner ?? 'root'}:x:${uid}:${gid}::/root:/bin/sh\n`,
    '/etc/group': `${ids.group ?? 'root'}:x:${gid}:\n`,
    '/proc/sys/kernel/hostname': 'testhost\n',
    ...entries,
  };
  for (const [p, e] of Object.entries(all)) {
    const full = join(root, p);
    const entry = typeof e === 'string' ? { text: e } : e;
    if (entry.dir) {
      mkdirSync(full, { recursive: true });
      chmodSync(full, entry.mode ?? 0o755);
    } else {
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, entry.gzip ? gzipSync(entry.text ?? '') : (entry.text ?? ''));
      chmodSync(full, entry.mode ?? 0o644);
      if (entry.mtimeMs !== undefined) utimesSync(full, entry.mtimeMs / 1000, entry.mtimeMs / 1000);
    }
  }
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** An exec that answers from a table keyed by `cmd args…`; anything else is "not found" (127). */
export function scriptedExec(table: Record<string, { code?: number; stdout: string }>): HostExec & { calls: string[] } {
  const calls: string[] = [];
  const fn = async (cmd: string, args: string[]) => {
    const key = [cmd, ...args].join(' ');
    calls.push(key);
    const r = table[key];
    return r ? { code: r.code ?? 0, stdout: r.stdout } : { code: 127, stdout: '' };
  };
  return Object.assign(fn, { calls });
}

/** Outputs of a healthy, current toolchain (upstream builds). */
export const CURRENT_TOOLS = {
  'runc --version': { stdout: 'runc version 1.1.12\ncommit: v1.1.12-0-g51d5e94\nspec: 1.0.2-dev\n' },
  'containerd --version': { stdout: 'containerd containerd.io 1.6.28 ae07eda36dd25f8a1b98dfbf587313b99c0190bb\n' },
  'dockerd --version': { stdout: 'Docker version 25.0.3, build f417435\n' },
};

/** A finding as the host rule tests compare it: 1-based, end column exclusive. */
export interface HostFinding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The text of the line the finding starts on. */
  lineText: string;
  message: string;
  severity: string;
  certainty: 'definite' | 'unknown';
  data: Record<string, string | number | boolean>;
  /** The finding's own remediation (`ReportDescriptor.fix`), when the rule gives one. */
  fix?: string;
}

/** Runs one rule's `checkHost` on `h` as the engine does, locating findings in the facts document. */
export function runHostRule(rule: Rule, h: HostSpec): HostFinding[] {
  const src = new SourceFile(h.target.range.file, hostFactsText(h));
  const out: HostFinding[] = [];
  const rangeOf = (at: ReportDescriptor['at']): SourceRange => {
    if (!at) return h.target.range;
    const o = ('origin' in at && 'how' in at ? (at as Sourced<unknown>).origin : at) as Origin | SourceRange;
    return { file: (o as SourceRange).file, start: (o as SourceRange).start, end: (o as SourceRange).end };
  };
  rule.checkHost?.(h, {
    source: src,
    report(d) {
      const r = rangeOf(d.at);
      if (r.file !== src.path) throw new Error(`finding points outside the host facts document: ${r.file}`);
      const loc = src.location(r);
      out.push({
        line: loc.startLine,
        column: loc.startColumn,
        endLine: loc.endLine,
        endColumn: loc.endColumn,
        lineText: src.lineText(loc.startLine),
        message: d.message,
        severity: d.severity ?? rule.meta.severity,
        certainty: d.certainty ?? 'definite',
        data: d.data ?? {},
        ...(d.fix !== undefined ? { fix: d.fix } : {}),
      });
    },
  });
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Builds a fake tree, gathers it with a scripted exec, runs `rule`, and cleans up. */
export async function checkFakeHost(
  rule: Rule,
  entries: Record<string, FakeEntry>,
  exec: Record<string, { code?: number; stdout: string }> = CURRENT_TOOLS,
  opts: Omit<GatherHostOptions, 'root' | 'exec'> & { owner?: string; group?: string } = {},
): Promise<{ host: HostSpec; findings: HostFinding[] }> {
  const { owner, group, ...rest } = opts;
  const { root, cleanup } = fakeRoot(entries, { owner, group });
  try {
    const host = await gatherHost({ ...rest, root, exec: scriptedExec(exec) });
    return { host, findings: runHostRule(rule, host) };
  } finally {
    cleanup();
  }
}
