/**
 * A unified diff (GNU diff -u format, 3 lines of context) of two texts, line by line, from a Myers
 * shortest edit script (jsdiff). Used for `bulwark harden`'s output; `patch -p0` and `git apply` accept it.
 */
import { diffArrays } from 'diff';

type Op = { kind: ' ' | '-' | '+'; line: string };

function splitLines(t: string): string[] {
  if (t === '') return [];
  const lines = t.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else lines[lines.length - 1] += '\n\\ No newline at end of file';
  return lines;
}

/** jsdiff's `diffArrays` (Myers' O(ND) algorithm) as an edit script. */
function myers(a: string[], b: string[]): Op[] {
  const ops: Op[] = [];
  for (const c of diffArrays(a, b)) {
    const kind = c.added ? '+' : c.removed ? '-' : ' ';
    for (const line of c.value) ops.push({ kind, line });
  }
  return ops;
}

/**
 * Index pairs `[i, j]` with `a[i] === b[j]` for the lines that occur exactly once in each of `a` and `b`, the longest
 * run of them in an order both keep (patience sorting): patience diff's anchors (Bram Cohen; `git diff --patience`).
 */
function uniqueAnchors(a: string[], b: string[]): [number, number][] {
  const count = new Map<string, { a: number; b: number; j: number }>();
  for (const l of a) {
    const c = count.get(l);
    if (c) c.a++;
    else count.set(l, { a: 1, b: 0, j: -1 });
  }
  b.forEach((l, j) => {
    const c = count.get(l);
    if (c) {
      c.b++;
      c.j = j;
    }
  });
  const pairs: [number, number][] = [];
  a.forEach((l, i) => {
    const c = count.get(l)!;
    if (c.a === 1 && c.b === 1) pairs.push([i, c.j]);
  });
  // Longest increasing subsequence of the b indexes (pairs are in a order).
  const tails: number[] = [];
  const prev = new Int32Array(pairs.length).fill(-1);
  pairs.forEach(([, j], k) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]][1] < j) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[k] = tails[lo - 1];
    tails[lo] = k;
  });
  const out: [number, number][] = [];
  for (let k = tails.length ? tails[tails.length - 1] : -1; k !== -1; k = prev[k]) out.push(pairs[k]);
  return out.reverse();
}

/**
 * The edit script of two line arrays: common head and tail kept, the rest cut at patience anchors (lines unique in
 * both texts, such as each Compose service's key) and each piece diffed by {@link myers}. Hardening changes a few
 * lines in each of many places; one Myers run over 2,000 services' edits took minutes, the pieces take milliseconds.
 */
function editScript(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const ops: Op[] = a.slice(0, head).map((line) => ({ kind: ' ', line }));
  const ma = a.slice(head, a.length - tail);
  const mb = b.slice(head, b.length - tail);
  let i = 0;
  let j = 0;
  for (const [ai, bj] of uniqueAnchors(ma, mb)) {
    ops.push(...myers(ma.slice(i, ai), mb.slice(j, bj)), { kind: ' ', line: ma[ai] });
    i = ai + 1;
    j = bj + 1;
  }
  ops.push(...myers(ma.slice(i), mb.slice(j)));
  for (const line of a.slice(a.length - tail)) ops.push({ kind: ' ', line });
  return ops;
}

/**
 * The unified diff of `before` → `after` with `context` lines around each change, headed
 * `--- a/<path>` / `+++ b/<path>` (an absolute path as it is, for `patch -p0`); `''` when the texts are equal.
 */
export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = editScript(a, b);
  const abs = path.startsWith('/');
  const out: string[] = [`--- ${abs ? path : `a/${path}`}\n`, `+++ ${abs ? path : `b/${path}`}\n`];
  // Positions of each op in a and b.
  const pos: { ai: number; bi: number }[] = [];
  let ai = 0;
  let bi = 0;
  for (const o of ops) {
    pos.push({ ai, bi });
    if (o.kind !== '+') ai++;
    if (o.kind !== '-') bi++;
  }
  let i = 0;
  while (i < ops.length) {
    if (ops[i].kind === ' ') {
      i++;
      continue;
    }
    const start = Math.max(0, i - context);
    let end = i;
    // Extend the hunk while changes are within 2*context lines of each other.
    for (;;) {
      while (end < ops.length && ops[end].kind !== ' ') end++;
      let j = end;
      while (j < ops.length && ops[j].kind === ' ' && j - end < 2 * context) j++;
      if (j < ops.length && ops[j].kind !== ' ' && j - end <= 2 * context) end = j;
      else break;
    }
    const stop = Math.min(ops.length, end + context);
    const hunk = ops.slice(start, stop);
    const aLen = hunk.filter((o) => o.kind !== '+').length;
    const bLen = hunk.filter((o) => o.kind !== '-').length;
    const aStart = aLen ? pos[start].ai + 1 : pos[start].ai;
    const bStart = bLen ? pos[start].bi + 1 : pos[start].bi;
    out.push(`@@ -${aStart}${aLen === 1 ? '' : `,${aLen}`} +${bStart}${bLen === 1 ? '' : `,${bLen}`} @@\n`);
    for (const o of hunk) out.push(`${o.kind}${o.line}\n`);
    i = stop;
  }
  return out.join('');
}
