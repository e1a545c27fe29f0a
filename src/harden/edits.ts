/**
 * Applying text edits (ESLint's `source-code-fixer` shape): edits are sorted by position; an edit that
 * overlaps one already taken is left for the next round; insertions at the same offset keep their order.
 */
import type { TextEdit } from './types.js';

/** True if two edits touch the same characters (two insertions at one offset do not overlap; an insertion inside a replaced range does). */
export function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return false;
  if (a.start === a.end) return a.start > b.start && a.start < b.end;
  if (b.start === b.end) return b.start > a.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

/**
 * Chooses the edits of one round: groups of edits (one group = one fix, all or nothing) in order; a
 * group any of whose edits overlaps an edit already chosen is deferred. Returns the chosen groups' indexes.
 */
export function chooseGroups(groups: TextEdit[][]): number[] {
  const taken = new TakenEdits();
  const chosen: number[] = [];
  const key = (e: TextEdit) => `${e.start}\0${e.end}\0${e.text}`;
  const takenKeys = new Set<string>();
  groups.forEach((g, i) => {
    // A group made only of edits already taken (the same fix of the same line for another loop iteration): chosen,
    // {@link applyEdits} makes each edit once.
    if (g.length > 0 && g.every((e) => takenKeys.has(key(e)))) {
      chosen.push(i);
      return;
    }
    if (g.some((e) => !takenKeys.has(key(e)) && taken.overlapsAny(e))) return;
    // Within a group, edits must not overlap each other either.
    if (g.some((e, j) => g.some((f, k) => k !== j && overlaps(e, f)))) return;
    for (const e of g) {
      taken.add(e);
      takenKeys.add(key(e));
    }
    chosen.push(i);
  });
  return chosen;
}

/**
 * The edits chosen so far, sorted by start, which never overlap one another ({@link overlaps}): whether a new edit
 * overlaps one of them is a binary search and a short walk back, not a pass over all of them (2,000 Compose
 * services make ~20,000 edits a round).
 */
class TakenEdits {
  private readonly sorted: TextEdit[] = [];

  /** Index of the first edit that starts at or after `offset`. */
  private firstAtOrAfter(offset: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid].start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(e: TextEdit): void {
    this.sorted.splice(this.firstAtOrAfter(e.start + 1), 0, e);
  }

  overlapsAny(e: TextEdit): boolean {
    // Candidates start at or before e's end; walking back, a replacement (not an insertion) that ends at or before
    // e's start ends the walk: every earlier edit ends at or before its start, since the taken edits do not overlap
    // (an insertion may share a replacement's start, so it cannot end the walk).
    // An insertion before e's start bounds the walk too: an earlier edit reaching past it would hold it inside (an
    // overlap), so only the edits sharing its offset remain to be seen.
    let bound = -1;
    for (let i = this.firstAtOrAfter(e.end + 1) - 1; i >= 0; i--) {
      const t = this.sorted[i];
      if (t.start < bound) return false;
      if (overlaps(e, t)) return true;
      if (t.start < t.end && t.end <= e.start) return false;
      if (t.start === t.end && t.start < e.start) bound = t.start;
    }
    return false;
  }
}

/**
 * Applies non-overlapping edits to `text` (offsets into `text`, UTF-16). Insertions at the same offset
 * are applied by `rank`, then in the order given. The same edit made twice (same range, same text) is made once:
 * one `docker run` line in a `for` loop is several targets, whose fixes are the same edits of that line.
 * @throws Error when two edits overlap (a caller bug: use {@link chooseGroups} first)
 */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const seen = new Set<string>();
  const unique = edits.filter((e) => {
    const k = `${e.start}\0${e.end}\0${e.text}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const sorted = unique.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || (a.e.rank ?? 0) - (b.e.rank ?? 0) || a.i - b.i);
  let out = '';
  let pos = 0;
  for (const { e } of sorted) {
    if (e.start < pos) throw new Error(`overlapping edits at offset ${e.start}`);
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos);
}

/**
 * The variable that names the file a secret moves to: `NAME_FILE` (the official postgres, mysql and mariadb images'
 * convention), or `NAME__FILE` for Gitea's `GITEA__section__KEY` variables, which its environment-to-ini reads
 * only in that form (Gitea docs, "Installation with Docker": `GITEA__database__PASSWD__FILE`).
 */
export function fileVariable(name: string): string {
  return /^GITEA__/.test(name) ? `${name}__FILE` : `${name}_FILE`;
}
