/**
 * Compiles a module with `secilc` against the base policy (policy/base/base.cil), so libsepol's own checks —
 * name resolution, syntax, neverallow and `typebounds` bounds checking — confirm what ./check.ts found, and maps
 * secilc's messages back to the module's lines (R-PM2).
 *
 * secilc (from the SELinux userspace, Debian package `secilc`) is run as
 * `secilc -M true -o <tmp>/policy -f <tmp>/file_contexts base.cil <tmp>/module.cil`: the module is copied to a
 * temporary directory under a fixed name so that secilc's `at module.cil:N` references can be mapped back to the
 * user's file without depending on how the user spelled its path. Nothing is written outside the temp dir,
 * which is removed afterwards.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** One secilc message, mapped to the module (`line` set) or to the base policy (`baseLine`). */
export interface SecilcMessage {
  /** Line in the module when the message points into it. */
  line?: number;
  /** Line in base.cil when it points there. */
  baseLine?: number;
  message: string;
}

/** The result of a compile. */
export interface SecilcResult {
  /** True when secilc produced a binary policy. */
  ok: boolean;
  /** secilc's messages, grouped per error (the first line of each group with its location). */
  messages: SecilcMessage[];
  /** secilc's stderr, with the temporary path replaced by the module's name. */
  raw: string;
  /** The file_contexts secilc wrote (the module's filecon lines among the base's), when it compiled. */
  fileContexts?: string;
}

/** Thrown when secilc is not installed or cannot run (exit 2 at the CLI). */
export class SecilcUnavailable extends Error {
  override name = 'SecilcUnavailable';
}

/** Runs secilc on base + module text. @throws SecilcUnavailable when secilc cannot be started. */
export async function compileWithSecilc(moduleText: string, moduleName: string, basePath: string, opts: { secilc?: string; timeoutMs?: number } = {}): Promise<SecilcResult> {
  const dir = await mkdtemp(join(tmpdir(), 'bw-secilc-'));
  try {
    const mod = join(dir, 'module.cil');
    await writeFile(mod, moduleText);
    const { code, stderr, stdout } = await new Promise<{ code: number | null; stderr: string; stdout: string }>((ok, fail) => {
      execFile(opts.secilc ?? 'secilc', ['-M', 'true', '-o', join(dir, 'policy'), '-f', join(dir, 'file_contexts'), basePath, mod], { timeout: opts.timeoutMs ?? 60_000, maxBuffer: 8 << 20 }, (err, stdout, stderr) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') return fail(new SecilcUnavailable('secilc is not installed (apt-get install secilc): the module cannot be compile-checked'));
        if (err && typeof (err as { code?: unknown }).code !== 'number') return fail(new SecilcUnavailable(`secilc failed to run: ${err.message}`));
        ok({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr: String(stderr), stdout: String(stdout) });
      });
    });
    const raw = (stderr + stdout).split(mod).join(moduleName).split(basePath).join(basename(basePath));
    const fileContexts = code === 0 ? await readFile(join(dir, 'file_contexts'), 'utf8').catch(() => undefined) : undefined;
    const messages = code === 0 ? [] : mapMessages(stderr + stdout, mod, basePath).map((m) => ({ ...m, message: m.message.split(mod).join(moduleName).split(basePath).join(basename(basePath)) }));
    return { ok: code === 0, messages, raw, fileContexts };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Groups secilc's stderr into messages. secilc prints a headline (`Child type web.process exceeds bounds of
 * parent container_t`, `Bad typetransition declaration at /tmp/…/module.cil:7`), then for bounds violations the
 * offending rule and a trail (`allow at /tmp/…/module.cil:5`). Each headline or rule becomes a message at the
 * module line it names; lines with no location join the previous message.
 */
export function mapMessages(stderr: string, modulePath: string, basePath: string): SecilcMessage[] {
  const out: SecilcMessage[] = [];
  const lines = stderr.split('\n').map((l) => l.replace(/\s+$/, '')).filter(Boolean);
  const at = (l: string) => {
    // `… at FILE:LINE` (resolution, bounds) or `… at line LINE of FILE` (the parser)
    const a = / at (.+):(\d+)$/.exec(l);
    const b = / at line (\d+) of (.+)$/.exec(l);
    const [path, line] = a ? [a[1], Number(a[2])] : b ? [b[2], Number(b[1])] : [undefined, 0];
    if (path === modulePath) return { line };
    if (path === basePath) return { baseLine: line };
    return {};
  };
  let headline = '';
  let rule = '';
  for (const l of lines) {
    const trimmed = l.trim();
    if (/^(Failed to|Post process failed|Failed to generate binary|Failed to build policydb)/.test(trimmed)) continue;
    if (trimmed === '<root>' || /^(block|in|macro|call|optional|blockinherit) at /.test(trimmed)) continue;
    if (!/^\s/.test(l)) {
      headline = trimmed.replace(/ at .+:\d+$/, '').replace(/ at line \d+ of .+$/, '');
      rule = '';
      const loc = at(trimmed);
      if (loc.line !== undefined || loc.baseLine !== undefined) out.push({ ...loc, message: trimmed.replace(/ at .+:\d+$/, '').replace(/ at line \d+ of .+$/, '') });
      else if (!/exceeds bounds of parent/.test(trimmed)) out.push({ message: trimmed });
      continue;
    }
    if (/^\(/.test(trimmed)) {
      rule = trimmed;
      continue;
    }
    const loc = at(trimmed);
    if (loc.line !== undefined || loc.baseLine !== undefined) {
      const what = rule ? `${headline}: ${rule}` : `${headline}: ${trimmed.replace(/ at .+:\d+$/, '')}`;
      if (!out.some((o) => o.line === loc.line && o.baseLine === loc.baseLine && o.message === what)) out.push({ ...loc, message: what });
    }
  }
  return out;
}
