import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SourceFile } from '../../model/source.js';
import type { ShellCall } from './shell.js';
import { parseWithMvdan } from './shell.js';
import { lexCalls } from './lex.js';

/** Calls without the circular `pipeline` links: the pipeline as word lists. */
function plain(calls: ShellCall[] | undefined) {
  return calls?.map((c) => ({
    words: c.words,
    wordRanges: c.wordRanges.map((r) => [r.start, r.end]),
    range: [c.range.start, c.range.end],
    redirects: c.redirects,
    inHeredoc: c.inHeredoc,
    pipeline: c.pipeline?.map((p) => calls.indexOf(p)),
  }));
}

function both(src: string, base = 0) {
  const file = new SourceFile('Dockerfile', ' '.repeat(base) + src);
  return { fast: plain(lexCalls(file, src, base, false)), slow: plain(parseWithMvdan(file, src, base, false)) };
}

// A grammar of the supported subset (R-P: the df-* rules read these calls).
const lit = fc.stringMatching(/^[a-z0-9./:,@%+=_-]{1,6}$/).filter((s) => !s.startsWith('='));
const escaped = fc.constantFrom('\\ ', '\\"', "\\'", '\\$', '\\&', '\\|', '\\;', '\\<', '\\>', '\\#', '\\\\', '\\a', '\\*');
const param = fc.constantFrom('$HOME', '${X}', '${X:-d/e}', '${#X}', '$1', '$@', '$?', '$$', '$X_1');
const sq = fc.stringMatching(/^[a-z $"\\&|;#<>()`]{0,6}$/).map((s) => `'${s}'`);
const dqPart = fc.oneof(
  fc.stringMatching(/^[a-z '&|;#<>()]{1,5}$/),
  fc.constantFrom('\\"', '\\$', '\\\\', '\\`', '\\a', '\\\n'),
  param,
);
const dq = fc.array(dqPart, { maxLength: 4 }).map((ps) => `"${ps.join('')}"`);
const wordPart = fc.oneof({ weight: 4, arbitrary: lit }, escaped, param, sq, dq, fc.constant('\\\n'));
const word = fc
  .array(wordPart, { minLength: 1, maxLength: 4 })
  .map((ps) => ps.join(''))
  .filter((w) => !w.startsWith('\\\n') && !w.endsWith('\\\n') && !/^[#0-9]/.test(w) && !/\\\n$/.test(w));
const blank = fc.constantFrom(' ', '  ', '\t', ' \\\n    ');
const cmdName = fc.constantFrom('apt-get', 'chmod', 'curl', 'sh', 'echo', 'rm', '/usr/bin/env', 'sudo');
const assign = fc.tuple(fc.constantFrom('A', 'DEBIAN_FRONTEND', 'X1'), fc.oneof(fc.constant(''), word)).map(([n, v]) => `${n}=${v}`);
const redirect = fc
  .tuple(fc.constantFrom('>', '>>', '<', '2>', '2>&', '>&', '&>', '&>>', '>|', '<>', '1<&'), fc.constantFrom('', ' '), fc.oneof(lit, dq, sq))
  .map(([op, sp, t]) => `${op}${sp}${t}`);
const command = fc
  .tuple(fc.array(assign, { maxLength: 2 }), cmdName, fc.array(fc.oneof({ weight: 5, arbitrary: word }, redirect), { maxLength: 5 }), fc.array(blank, { minLength: 10, maxLength: 10 }))
  .map(([as, name, args, bl]) => [...as, name, ...args].map((w, k) => (k === 0 ? w : bl[k % bl.length] + w)).join(''));
const op = fc.constantFrom(' && ', '&&', ' || ', ' ; ', ';', ' | ', '|', ' & ', '\n', ' && \\\n    ', ' |\n ', ' &&\n\n  ');
const list = fc
  .tuple(command, fc.array(fc.tuple(op, command), { maxLength: 5 }), fc.constantFrom('', ';', ' &', ' # done; a && b', '\n'))
  .map(([first, rest, end]) => first + rest.map(([o, c]) => o + c).join('') + end)
  // An expansion directly followed by a line continuation is a documented fallback (tested below).
  .filter((src) => !/(?:\$(?:[A-Za-z_][A-Za-z0-9_]*|[@*#?$!0-9-])|\$\{[^}]*\})\\\n/.test(src));

describe('lexCalls (fast path) ≡ mvdan-sh path', () => {
  it('gives the same calls (words, ranges, pipelines, redirects) on the supported subset', () => {
    fc.assert(
      fc.property(list, fc.nat(3), (src, base) => {
        const { fast, slow } = both(src, base);
        expect(fast).toBeDefined();
        expect(fast).toEqual(slow);
      }),
      { numRuns: 400 },
    );
  });

  it('handles a typical apt-get RUN exactly', () => {
    const src = 'apt-get update \\\n    && apt-get install -y --no-install-recommends \\\n       curl \\\n    && rm -rf /var/lib/apt/lists/*';
    const { fast, slow } = both(src);
    expect(fast).toEqual(slow);
    expect(fast!.map((c) => c.words)).toEqual([
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', '--no-install-recommends', 'curl'],
      ['rm', '-rf', '/var/lib/apt/lists/*'],
    ]);
    expect(fast![1].wordRanges[4]).toEqual([src.indexOf('curl'), src.indexOf('curl') + 4]);
  });

  it('links the commands of a pipeline and unquotes double-quoted escapes', () => {
    const { fast, slow } = both('curl -fsSL "https://x/\\"a\\"" | sh 2>&1 && echo "$SECRET" > /tmp/x');
    expect(fast).toEqual(slow);
    expect(fast).toEqual([
      { words: ['curl', '-fsSL', 'https://x/"a"'], wordRanges: [[0, 4], [5, 10], [11, 28]], range: [0, 28], redirects: [], inHeredoc: false, pipeline: [0, 1] },
      { words: ['sh'], wordRanges: [[31, 33]], range: [31, 33], redirects: [{ op: '>&', target: '1' }], inHeredoc: false, pipeline: [0, 1] },
      { words: ['echo', '$SECRET'], wordRanges: [[42, 46], [47, 56]], range: [42, 56], redirects: [{ op: '>', target: '/tmp/x' }], inHeredoc: false, pipeline: undefined },
    ]);
  });

  it.each([
    ['heredoc', 'cat <<EOF\nx\nEOF'],
    ['here-string', 'cat <<< x'],
    ['if', 'if true; then chmod 4755 x; fi'],
    ['for', 'for f in a b; do rm $f; done'],
    ['while', 'while read l; do echo $l; done'],
    ['until', 'until false; do :; done'],
    ['case', 'case $x in a) echo;; esac'],
    ['function', 'f() { echo; }'],
    ['function keyword', 'function f { echo; }'],
    ['subshell', '(cd /x && make)'],
    ['brace group', '{ echo a; echo b; }'],
    ['command substitution', 'echo $(nproc)'],
    ['arithmetic', 'echo $((1+2))'],
    ['backquotes', 'echo `uname -m`'],
    ['process substitution', 'diff <(a) b'],
    ['ansi-c quote', "echo $'a\\n'"],
    ['negation', '! grep x y'],
    ['test clause', '[[ -f x ]] && echo'],
    ['export', 'export A=1 && echo'],
    ['local', 'local a=1'],
    ['let', 'let a=1'],
    ['array assignment', 'A=(1 2) echo'],
    ['indexed assignment', 'A[1]=2 echo'],
    ['pipe-and', 'a |& b'],
    ['unterminated single quote', "echo 'abc"],
    ['unterminated double quote', 'echo "abc'],
    ['operator without a command', 'echo a && '],
    ['leading operator', '&& echo a'],
    ['double semicolon', 'echo a;; echo b'],
    ['nested expansion', 'echo ${A:-$B}'],
    ['trailing backslash', 'echo a\\'],
    ['expansion before a line continuation', 'echo $HOME\\\nx'],
  ])('falls back to mvdan-sh on %s', (_name, src) => {
    const file = new SourceFile('Dockerfile', src);
    expect(lexCalls(file, src, 0, false)).toBeUndefined();
  });

  it('keeps assignments out of the words and comments out of the calls', () => {
    const { fast, slow } = both('DEBIAN_FRONTEND=noninteractive apt-get install -y x # apt-get upgrade\n# rm -rf /\nA=1');
    expect(fast).toEqual(slow);
    expect(fast!.map((c) => c.words)).toEqual([['apt-get', 'install', '-y', 'x']]);
  });

  it('positions words in UTF-16 offsets after non-ASCII text', () => {
    const { fast, slow } = both('echo "héllo 🐳" && chmod 4755 /x');
    expect(fast).toEqual(slow);
    expect(fast![1].wordRanges).toEqual([[19, 24], [25, 29], [30, 32]]);
  });
});
