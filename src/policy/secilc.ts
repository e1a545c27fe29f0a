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
 *
 * Source: secilc(8) (`-M` MLS, `-o` policy, `-f` file_contexts); libsepol's CIL compiler messages
 * (cil_resolve_ast.c "Failed to resolve … statement at FILE:LINE", cil_post.c bounds checking "Child type … exceeds
 * bounds of parent …"); R-PM2.
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

/** Most bytes of secilc output kept; a module whose messages exceed it is refused with the first ones. */
export const MAX_SECILC_OUTPUT = 8 << 20;

/**
 * Runs secilc on base + module text. `opts.timeoutMs` (default 60 000 ms) bounds the compile: a module that keeps
 * secilc busy longer, or makes it print more than {@link MAX_SECILC_OUTPUT} bytes, gives `ok: false` with a
 * message saying so (fail closed).
 * @throws SecilcUnavailable when secilc is not installed or cannot be started (not for a module it rejects).
 */
export async function compileWithSecilc(moduleText: string, moduleName: string, basePath: string, opts: { secilc?: string; timeoutMs?: number } = {}): Promise<SecilcResult> {
  const dir = await mkdtemp(join(tmpdir(), 'bw-secilc-'));
  try {
    const mod = join(dir, 'module.cil');
    await writeFile(mod, moduleText);
    const timeoutMs = opts.timeoutMs ?? 60_000;
    const { code, stderr, stdout, stopped } = await new Promise<{ code: number | null; stderr: string; stdout: string; stopped?: string }>((ok, fail) => {
      execFile(opts.secilc ?? 'secilc', ['-M', 'true', '-o', join(dir, 'policy'), '-f', join(dir, 'file_contexts'), basePath, mod], { timeout: timeoutMs, maxBuffer: MAX_SECILC_OUTPUT, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { killed?: boolean; signal?: string | null }) | null;
        if (e && e.code === 'ENOENT') return fail(new SecilcUnavailable('secilc is not installed (apt-get install secilc): the module cannot be compile-checked'));
        // A module that floods secilc's output or keeps it busy is refused (fail closed), not an unusable tool.
        if (e && e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return ok({ code: null, stderr: String(stderr), stdout: String(stdout), stopped: `secilc printed more than ${MAX_SECILC_OUTPUT} bytes of messages and was stopped; the first ones follow` });
        if (e && e.killed) return ok({ code: null, stderr: String(stderr), stdout: String(stdout), stopped: `secilc did not finish within ${timeoutMs / 1000} s and was stopped: refused (fail closed)` });
        if (e && typeof e.code !== 'number') return fail(new SecilcUnavailable(`secilc failed to run: ${e.message.split('\n')[0]}`));
        ok({ code: e ? ((e as { code?: unknown }).code as number) : 0, stderr: String(stderr), stdout: String(stdout) });
      });
    });
    const raw = (stderr + stdout).split(mod).join(moduleName).split(basePath).join(basename(basePath));
    const fileContexts = code === 0 ? await readFile(join(dir, 'file_contexts'), 'utf8').catch(() => undefined) : undefined;
    const messages = code === 0 ? [] : mapMessages(stderr + stdout, mod, basePath).map((m) => ({ ...m, message: m.message.split(mod).join(moduleName).split(basePath).join(basename(basePath)) }));
    if (stopped) messages.unshift({ message: stopped });
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
    // secilc's closing summaries carry no location; `Failed to resolve allow statement at module.cil:5` does and
    // is often the only reason given (an undeclared name, a foreign block), so it is kept.
    if (/^(Failed to|Post process failed)/.test(trimmed) && at(trimmed).line === undefined && at(trimmed).baseLine === undefined) continue;
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
