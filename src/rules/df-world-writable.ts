/**
 * BW-0113 df-world-writable: a shipped stage makes a file or directory world-writable: `chmod 777 x`,
 * `chmod -R 0777 /app`, `chmod o+w x`, `chmod a+rwx x`, `install -m 666 …`, `mkdir -m 777 dir`, `COPY --chmod=777 …`. Any user in
 * the container can then change it, so a compromise of one non-root process can plant code that a more
 * privileged process (or the entrypoint, at the next start) runs. The Dockerfile side of BW-0406
 * (image-world-writable, which finds such files in the layers of an image archive). R-P ("world-writable files
 * in layers"), R-G7, paper §IV.4; CIS Docker Benchmark 1.6.0 4.8 is the nearest id.
 * Not reported: the sticky bit with it (`chmod 1777 /tmp`: the usual mode of shared temporary directories,
 * where users cannot delete each other's files), `chmod +w` without `o`/`a` (the umask keeps others out),
 * builder stages that are not shipped. A later `chmod o-w` of the same path (or a numeric mode without the bit)
 * clears it. data `{ mode, path }`.
 */
import { defineRule } from './types.js';
import { callsMatching, commandOf, shippedInstructions } from '../ingest/dockerfile/facts.js';
import type { SourceRange } from '../model/source.js';
import { installMode } from './df-setuid-binary.js';

/**
 * What a chmod mode does to the "others may write" bit: `'set'` (`777`, `0666`, `o+w`, `a+w`, `o=rwx`),
 * `'cleared'` (`755`, `o-w`, `a-w`, `o=rx`), or `undefined` when it leaves the bit alone. A numeric mode with
 * the sticky bit (`1777`) counts as not world-writable (chmod(1), "RESTRICTED DELETION FLAG").
 */
export function othersWrite(mode: string): 'set' | 'cleared' | undefined {
  if (/^[0-7]+$/.test(mode)) {
    const n = parseInt(mode, 8);
    return (n & 0o002) !== 0 && (n & 0o1000) === 0 ? 'set' : 'cleared';
  }
  let out: 'set' | 'cleared' | undefined;
  for (const clause of mode.split(',')) {
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!m || !/[oa]/.test(m[1])) continue;
    if (m[2] === '-') {
      if (m[3].includes('w')) out = 'cleared';
    } else if (m[3].includes('w')) out = m[3].includes('t') ? 'cleared' : 'set';
    else if (m[2] === '=') out = 'cleared';
  }
  return out;
}

/**
 * The mode and directories of a `mkdir` call with a mode (mkdir(1): `-m MODE`, `-mMODE`, `-pm 777` with boolean
 * short options `-p`/`-v` clustered before `m`, `--mode=MODE`, `--mode MODE`): `undefined` without a mode.
 * With `-p` the mode applies to the last directory of each operand only; the operands are returned as written.
 */
export function mkdirMode(words: string[]): { mode: string; targets: string[] } | undefined {
  let mode: string | undefined;
  const targets: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') {
      targets.push(...words.slice(i + 1));
      break;
    }
    const long = /^--mode(?:=(.*))?$/.exec(w);
    const short = /^-[pv]*m(.*)$/.exec(w);
    if (long) mode = long[1] ?? words[++i];
    else if (short) mode = short[1] !== '' ? short[1] : words[++i];
    else if (!w.startsWith('-')) targets.push(w);
  }
  return mode === undefined ? undefined : { mode, targets };
}

const norm = (p: string) => p.replace(/\/+$/, '') || '/';

/**
 * The paths a shell-form `COPY`/`ADD` creates (Dockerfile reference, COPY): with several sources or a destination
 * ending in `/` (or `/`, `.`), each source lands in the destination directory under its base name
 * (`COPY --chmod=777 entrypoint /` creates `/entrypoint`, not a world-writable `/`); else the destination itself.
 * A source written as `dir/` or `.` puts its contents into the destination (reported as the destination). Quotes are
 * stripped; a JSON-array form is read the same way.
 */
export function copiedPaths(args: string): string[] {
  const words = (/^\s*\[/.test(args) ? [...args.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]) : args.trim().split(/\s+/)).map((w) =>
    w.replace(/^["']|["']$/g, ''),
  );
  const dest = words.pop() ?? '';
  if (words.length > 1 || dest.endsWith('/') || dest === '.' || dest === '/')
    return words.map((src) => {
      // A source directory given as `dir/` or `.` has its contents copied into the destination.
      if (src.endsWith('/') || src === '.') return norm(dest);
      const b = src;
      const name = b.slice(b.lastIndexOf('/') + 1);
      return norm(dest === '.' ? name : `${norm(dest) === '/' ? '' : norm(dest)}/${name}`);
    });
  return [norm(dest)];
}
const under = (p: string, dir: string) => p === dir || p.startsWith(dir === '/' ? '/' : dir + '/');

export default defineRule({
  meta: {
    id: 'BW-0113',
    slug: 'df-world-writable',
    title: 'Dockerfile makes a file or directory world-writable',
    severity: 'low',
    attackClasses: ['R-P'],
    requirements: ['R-P', 'R-G7'],
    cis: { '1.6.0': ['4.8'] },
    paper: '§IV.4',
    inputs: ['dockerfile'],
    description:
      'A world-writable file or directory (mode 777, 666, o+w) in the image can be changed by any user in the container: a compromise of one non-root process can plant code that a more privileged process, or the entrypoint at the next start, then runs. Directories several users share need the sticky bit (1777); files a non-root user must write need that user as owner or group.',
    remediation: {
      dockerfile: 'RUN chown -R app:app /app && chmod -R u+rwX,go-w /app   # or, for a shared scratch directory: chmod 1777 /data/tmp',
    },
    breaks: 'A process running as another user that wrote the path relies on the open mode: give it ownership or a shared group instead.',
    fix: 'manual',
  },
  checkImage(img, ctx) {
    const file = ctx.source;
    if (!file) return;
    const open = new Map<string, { mode: string; at: SourceRange; recursive: boolean }>();
    const clear = (paths: string[], recursive: boolean) => {
      for (const p of paths.map(norm)) for (const k of [...open.keys()]) if (k === p || (recursive && under(k, p))) open.delete(k);
    };
    for (const instr of shippedInstructions(img)) {
      if ((instr.keyword === 'COPY' || instr.keyword === 'ADD') && instr.flags.chmod && othersWrite(instr.flags.chmod) === 'set') {
        const header = file.text.slice(instr.range.start, instr.argsRange.start);
        const i = header.search(/--chmod=/i);
        const start = instr.range.start + Math.max(i, 0);
        const at = file.range(start, start + (i >= 0 ? 8 + instr.flags.chmod.length : 0));
        for (const p of copiedPaths(instr.args)) open.set(p, { mode: instr.flags.chmod, at, recursive: false });
        continue;
      }
      if (instr.keyword !== 'RUN') continue;
      for (const call of callsMatching(file, img, instr, /chmod|install|mkdir/)) {
        const c = commandOf(call);
        if (!c || (c.name !== 'chmod' && c.name !== 'install' && c.name !== 'mkdir')) continue;
        const rest = call.words.slice(c.at + 1);
        let mode: string | undefined;
        let targets: string[];
        let recursive = false;
        if (c.name === 'chmod') {
          const modeAt = rest.findIndex((w) => !/^-[A-Za-z]+$/.test(w) && !w.startsWith('--'));
          if (modeAt < 0) continue;
          recursive = rest.slice(0, modeAt).some((o) => o === '--recursive' || /^-[A-Za-z]*R/.test(o));
          mode = rest[modeAt];
          targets = rest.slice(modeAt + 1).filter((w) => !w.startsWith('-'));
        } else if (c.name === 'mkdir') {
          const mm = mkdirMode(rest);
          if (!mm) continue;
          mode = mm.mode;
          targets = mm.targets;
        } else {
          // install(1) options and operands, read as BW-0104 reads them (`-m MODE`, `-Dm0666`, `--mode=`, `-t DIR`).
          const im = installMode(rest);
          if (!im) continue;
          mode = im.mode;
          targets = im.targets;
        }
        if (!mode || targets.length === 0) continue;
        const effect = othersWrite(mode);
        if (effect === 'cleared') clear(targets, recursive);
        else if (effect === 'set') for (const t of targets) open.set(norm(t), { mode, at: call.range, recursive });
      }
    }
    const reported = new Set<string>();
    for (const [path, o] of open) {
      const key = `${o.at.start}:${o.at.end}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const paths = [...open].filter(([, x]) => x.at.start === o.at.start && x.at.end === o.at.end).map(([p]) => p);
      ctx.report({
        message: `mode ${o.mode} makes ${paths.join(', ')} world-writable${o.recursive ? ' (recursively)' : ''}: any user in the container can change it`,
        at: o.at,
        data: { mode: o.mode, path },
      });
    }
  },
});
