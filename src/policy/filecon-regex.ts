/**
 * Reads the regular expression of a CIL `filecon` and decides whether every path it can label lies under one of
 * the image's own directories (R-PM2, the `filecon` violation of ./check.ts).
 *
 * How a host uses it: libselinux's label_file backend compiles each file-context specification as `^` + spec +
 * `$` — the anchors are pasted around the text, not around a group — and searches the path with it (PCRE2 on
 * current distributions, POSIX extended regcomp on older ones). So `A|B` becomes `^A|B$`: only the first branch is
 * anchored at the start and only the last at the end, and a later branch matches any path that merely contains
 * (or ends with) a match of it. An expression is therefore confined only when
 *  - it has no `|` outside parentheses (brackets and escapes read correctly: `[(]|x` has one, `[]|(]` and `\(|x`
 *    too — the `(` of a bracket expression or an escape opens no group), and
 *  - its literal beginning — the characters that every match starts with: literals (escaped punctuation decoded)
 *    up to the first character class, group, wildcard, anchor or quantified atom — starts with an image root.
 *
 * Only the part of the syntax that PCRE2 and POSIX extended regular expressions read alike is accepted; anything
 * else is refused (fail closed) with the reason: a backslash inside a bracket expression (a literal to POSIX, an
 * escape to PCRE2: `[\]|x]`), a backslash before a letter or a digit (PCRE2's `\Q…\E` quoting, back-references,
 * `\d`-style classes and anchors), `(?` (PCRE2's comments, inline options such as `(?x)` and look-arounds), a
 * `{` that is not a bound, a quantifier with nothing to repeat, unbalanced parentheses or an unterminated bracket
 * expression. Path expressions never need these.
 *
 * Source: libselinux `label_file.h` `compile_regex()` (the `^…$` anchoring), `regex.c` (PCRE2 or POSIX regcomp);
 * POSIX.1-2017 XBD 9.3.5 "RE Bracket Expression" (`]` first is literal, `[:class:]`, `[=equiv=]`, `[.coll.]`),
 * 9.4 "Extended Regular Expressions"; pcre2pattern(3) ("Quoting", "Comments", "Internal option setting").
 */

/** Whether an expression is confined, and why not. */
export type FileconVerdict = { confined: true } | { confined: false; why: string };

/** An atom of the expression, as far as the confinement check needs it. */
type Atom = { kind: 'literal'; ch: string } | { kind: 'other' };

/** A branch: its atoms in order, each with whether it is repeated or optional (any quantifier). */
interface Branch {
  atoms: { atom: Atom; quantified: boolean }[];
}

/** Characters that take a backslash to be literal, in both dialects. */
const ESCAPABLE = new Set([...'.[]()*+?{}|^$\\/-']);

/**
 * Parses `re` into its top-level branches. @throws Error with the reason when the expression uses syntax outside
 * the common subset (see the module comment) or is malformed.
 */
export function topLevelBranches(re: string): Branch[] {
  const branches: Branch[] = [{ atoms: [] }];
  let depth = 0;
  let i = 0;
  const cur = () => branches[branches.length - 1];
  /** Atoms appended at depth 0 go to the current branch; inside groups only the group's presence matters. */
  const push = (atom: Atom) => {
    if (depth === 0) cur().atoms.push({ atom, quantified: false });
  };
  let last: 'atom' | 'open' | 'start' = 'start';
  while (i < re.length) {
    const c = re[i];
    if (c === '\\') {
      const n = re[i + 1];
      if (n === undefined) throw new Error('a backslash at the end');
      if (!ESCAPABLE.has(n)) throw new Error(`\\${n}: only punctuation may be escaped (PCRE2 and POSIX read \\ before a letter or a digit differently)`);
      push({ kind: 'literal', ch: n });
      i += 2;
      last = 'atom';
      continue;
    }
    if (c === '[') {
      i = bracketEnd(re, i);
      push({ kind: 'other' });
      last = 'atom';
      continue;
    }
    if (c === '(') {
      if (re[i + 1] === '?') throw new Error('(?: PCRE2 syntax (comments, options, look-arounds) that POSIX does not have');
      if (depth === 0) cur().atoms.push({ atom: { kind: 'other' }, quantified: false });
      depth++;
      i++;
      last = 'open';
      continue;
    }
    if (c === ')') {
      if (depth === 0) throw new Error('a ) without a matching (');
      depth--;
      i++;
      last = 'atom';
      continue;
    }
    if (c === '|') {
      if (depth === 0) branches.push({ atoms: [] });
      i++;
      last = 'start';
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') {
      const q = i;
      let end = i + 1;
      if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(re.slice(i));
        if (!m) throw new Error('a { that is not a bound {n}, {n,} or {n,m}');
        end = i + m[0].length;
      }
      if (last !== 'atom') throw new Error(`${re.slice(i, end)} with nothing to repeat`);
      if (depth === 0) cur().atoms[cur().atoms.length - 1].quantified = true;
      i = end;
      // PCRE2's possessive / lazy suffixes and stacked quantifiers: not POSIX.
      if (re[i] === '+' || re[i] === '?' || re[i] === '*' || re[i] === '{') throw new Error(`${re.slice(q, i + 1)}: stacked quantifiers (PCRE2 reads them as lazy or possessive, POSIX does not)`);
      continue;
    }
    // `.`, `^`, `$` and every other character.
    push(c === '.' || c === '^' || c === '$' ? { kind: 'other' } : { kind: 'literal', ch: c });
    i++;
    last = 'atom';
  }
  if (depth !== 0) throw new Error('a ( without a matching )');
  return branches;
}

/**
 * The index just past the bracket expression starting at `re[start]` (`[`). `]` right after `[` or `[^` is a
 * member; `[:class:]`, `[=x=]` and `[.x.]` are read whole. @throws Error when unterminated or holding a backslash.
 */
function bracketEnd(re: string, start: number): number {
  let i = start + 1;
  if (re[i] === '^') i++;
  if (re[i] === ']') i++;
  while (i < re.length) {
    const c = re[i];
    if (c === '\\') throw new Error('a backslash inside a bracket expression (a literal to POSIX, an escape to PCRE2)');
    if (c === ']') return i + 1;
    if (c === '[' && (re[i + 1] === ':' || re[i + 1] === '=' || re[i + 1] === '.')) {
      const close = re.indexOf(re[i + 1] + ']', i + 2);
      if (close < 0) throw new Error(`an unterminated [${re[i + 1]} in a bracket expression`);
      i = close + 2;
      continue;
    }
    i++;
  }
  throw new Error('an unterminated bracket expression [');
}

/**
 * Whether the `filecon` expression `re` can label only paths under one of `roots` (each ending in `/`), once a
 * host anchors it as `^re$` (see the module comment).
 */
export function fileconConfinement(re: string, roots: readonly string[]): FileconVerdict {
  let branches: Branch[];
  try {
    branches = topLevelBranches(re);
  } catch (e) {
    return { confined: false, why: `the regular expression is refused: ${(e as Error).message}` };
  }
  if (branches.length > 1) return { confined: false, why: 'it has a | outside parentheses: libselinux anchors it as ^…$, so the branches after the first match paths anywhere' };
  let prefix = '';
  for (const { atom, quantified } of branches[0].atoms) {
    if (atom.kind !== 'literal' || quantified) break;
    prefix += atom.ch;
  }
  if (!roots.some((r) => prefix.startsWith(r))) return { confined: false, why: prefix ? `every path it matches starts with ${prefix}, which is under none of them` : 'it does not start with a literal path' };
  return { confined: true };
}
