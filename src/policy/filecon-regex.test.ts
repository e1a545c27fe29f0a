/**
 * The confinement of filecon regular expressions as libselinux anchors them (`^` + spec + `$`; QA vp 3):
 * `/a/[(]|/var/lib/docker/volumes/.*` labelled every path under volumes because `(` inside a bracket expression
 * was read as a group.
 */
import { describe, expect, it } from 'vitest';
import { fileconConfinement, topLevelBranches } from './filecon-regex.js';

const ROOTS = ['/var/lib/docker/overlay2/', '/var/lib/containers/storage/overlay/'];
const v = (re: string) => fileconConfinement(re, ROOTS);
const ALT = { confined: false, why: 'it has a | outside parentheses: libselinux anchors it as ^…$, so the branches after the first match paths anywhere' };

describe('fileconConfinement', () => {
  it('the expressions generate writes, and grouped alternatives after the root, are confined', () => {
    for (const re of ['/var/lib/docker/overlay2/[^/]+/diff/usr/bin/start', '/var/lib/docker/overlay2/[^/]+/diff/srv/app(/.*)?', '/var/lib/containers/storage/overlay/[^/]+/diff/opt/(a|b)/x\\.conf', '/var/lib/docker/overlay2/[]a]+/diff/x', '/var/lib/docker/overlay2/[^]a]+/diff/x', '/var/lib/docker/overlay2/[[:alnum:]_]+/diff/x', '/var/lib/docker/overlay2/.*'])
      expect([re, v(re)]).toEqual([re, { confined: true }]);
  });
  it('a ( or | inside a bracket expression opens no group: the | after it is top level (the QA case)', () => {
    expect(v('/var/lib/docker/overlay2/[(]|/var/lib/docker/volumes/.*')).toEqual(ALT);
    expect(v('/var/lib/docker/overlay2/[]|(]|/etc/shadow')).toEqual(ALT);
    expect(v('/var/lib/docker/overlay2/[^](]|/etc/shadow')).toEqual(ALT);
    expect(v('/var/lib/docker/overlay2/[[:alpha:](]|/etc/shadow')).toEqual(ALT);
    expect(v('/var/lib/docker/overlay2/\\(|/etc/shadow')).toEqual(ALT);
    expect(v('/var/lib/docker/overlay2/x|/etc/shadow')).toEqual(ALT);
    expect(v('/var/lib/docker/overlay2/(x)|/etc/shadow')).toEqual(ALT);
  });
  it('the literal beginning must be under a root: a wildcard, group, class or quantifier ends it', () => {
    expect(v('/etc/shadow')).toEqual({ confined: false, why: 'every path it matches starts with /etc/shadow, which is under none of them' });
    expect(v('/var/lib/docker/overlay2.*')).toEqual({ confined: false, why: 'every path it matches starts with /var/lib/docker/overlay2, which is under none of them' });
    expect(v('/var/lib/docker/overlay2/?x')).toEqual({ confined: false, why: 'every path it matches starts with /var/lib/docker/overlay2, which is under none of them' });
    expect(v('(/var/lib/docker/overlay2/x|/etc/shadow)')).toEqual({ confined: false, why: 'it does not start with a literal path' });
    expect(v('/var/lib/docker/overlay2\\/x')).toEqual({ confined: true });
  });
  it('syntax the two engines read differently is refused, with the reason', () => {
    const refused = (re: string) => (v(re) as { why: string }).why;
    expect(refused('/var/lib/docker/overlay2/[\\]|(]x')).toBe('the regular expression is refused: a backslash inside a bracket expression (a literal to POSIX, an escape to PCRE2)');
    expect(refused('/var/lib/docker/overlay2/\\Q(\\E|/etc/shadow')).toBe('the regular expression is refused: \\Q: only punctuation may be escaped (PCRE2 and POSIX read \\ before a letter or a digit differently)');
    expect(refused('/var/lib/docker/overlay2/(?#()|/etc/shadow')).toBe('the regular expression is refused: (?: PCRE2 syntax (comments, options, look-arounds) that POSIX does not have');
    expect(refused('/var/lib/docker/overlay2/x{|/etc/shadow')).toBe('the regular expression is refused: a { that is not a bound {n}, {n,} or {n,m}');
    expect(refused('/var/lib/docker/overlay2/x*+')).toBe('the regular expression is refused: *+: stacked quantifiers (PCRE2 reads them as lazy or possessive, POSIX does not)');
    expect(refused('/var/lib/docker/overlay2/(*x)')).toBe('the regular expression is refused: * with nothing to repeat');
    expect(refused('/var/lib/docker/overlay2/[x')).toBe('the regular expression is refused: an unterminated bracket expression [');
    expect(refused('/var/lib/docker/overlay2/(x')).toBe('the regular expression is refused: a ( without a matching )');
    expect(refused('/var/lib/docker/overlay2/x)')).toBe('the regular expression is refused: a ) without a matching (');
    expect(refused('/var/lib/docker/overlay2/x\\')).toBe('the regular expression is refused: a backslash at the end');
  });
  it('branches and their literal atoms', () => {
    expect(topLevelBranches('/a[|]b|c(d|e)*').map((b) => b.atoms.map((a) => (a.atom.kind === 'literal' ? a.atom.ch : '·') + (a.quantified ? '*' : '')).join(''))).toEqual(['/a·b', 'c·*']);
  });
});
