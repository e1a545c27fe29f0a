/**
 * The CIL syntax tree (SELinux Common Intermediate Language, the language `secilc` and `semodule` read).
 *
 * CIL is made of s-expressions: atoms (`container_t`, `"/usr/bin/x"`) and parenthesised lists. A statement is
 * a list whose first item is an atom keyword (`(allow web.process self (capability (chown)))`). The reader
 * (./parse.ts) keeps the position of every node; generated trees (../generate.ts) carry no position.
 *
 * Source: SELinux CIL reference guide (github.com/SELinuxProject/selinux, secilc/docs), R-PM1, R-PM2.
 */

/** A position in the module's text: UTF-16 offsets and the 1-based line/column of `start`. */
export interface CilPos {
  /** Offset of the first character (UTF-16 code units). */
  start: number;
  /** Offset just past the last character. */
  end: number;
  line: number;
  column: number;
}

/** An atom: a name, keyword, number or quoted string. `quoted` atoms were written (and print) in double quotes. */
export interface CilAtom {
  kind: 'atom';
  value: string;
  quoted: boolean;
  pos?: CilPos;
}

/** A parenthesised list. */
export interface CilList {
  kind: 'list';
  items: CilNode[];
  pos?: CilPos;
}

/**
 * A comment line (`; text`). The reader keeps comments apart (in {@link CilModule.comments}); generated trees
 * may put comments among the statements of a body, and the printer prints them on lines of their own.
 */
export interface CilComment {
  kind: 'comment';
  text: string;
  pos?: CilPos;
}

/** Any node. */
export type CilNode = CilAtom | CilList | CilComment;

/** A parse error: where and what. */
export interface CilParseError {
  line: number;
  column: number;
  offset: number;
  message: string;
}

/** The result of reading one CIL file. `statements` holds the top-level lists (and atoms, which CIL rejects). */
export interface CilModule {
  file: string;
  text: string;
  statements: CilNode[];
  comments: CilComment[];
  errors: CilParseError[];
}

/**
 * Statement keywords the reader and printer know by name (issue 6 "Parts"), with the body position of the
 * container statements: statements from that index on are nested statements.
 */
export const CONTAINER_BODY_START: Readonly<Record<string, number>> = {
  block: 2,
  in: 2,
  optional: 2,
  macro: 3,
  blockabstract: 99,
  booleanif: 2,
  tunableif: 2,
  true: 1,
  false: 1,
};

/** The statement kinds of issue 6 that the reader names; any other list is kept as a generic statement. */
export const KNOWN_STATEMENTS: readonly string[] = [
  'block', 'blockinherit', 'blockabstract', 'in', 'type', 'typealias', 'typealiasactual', 'typeattribute', 'typeattributeset',
  'typebounds', 'typetransition', 'typechange', 'typemember', 'typepermissive', 'allow', 'auditallow', 'dontaudit', 'neverallow',
  'allowx', 'auditallowx', 'dontauditx', 'neverallowx', 'permissionx', 'role', 'roletype', 'roleattribute', 'roleattributeset',
  'roleallow', 'roletransition', 'rolebounds', 'user', 'userrole', 'userlevel', 'userrange', 'userbounds', 'userprefix',
  'selinuxuser', 'selinuxuserdefault', 'sensitivity', 'sensitivityalias', 'sensitivityaliasactual', 'sensitivityorder',
  'category', 'categoryalias', 'categoryaliasactual', 'categoryorder', 'sensitivitycategory', 'level', 'levelrange',
  'boolean', 'tunable', 'booleanif', 'tunableif', 'macro', 'call', 'filecon', 'fsuse', 'portcon', 'genfscon', 'nodecon',
  'netifcon', 'ibpkeycon', 'ibendportcon', 'context', 'classpermission', 'classpermissionset', 'classmap', 'classmapping',
  'optional', 'class', 'classorder', 'common', 'classcommon', 'sid', 'sidorder', 'sidcontext', 'policycap', 'handleunknown',
  'mls', 'constrain', 'mlsconstrain', 'validatetrans', 'mlsvalidatetrans', 'defaultuser', 'defaultrole', 'defaulttype',
  'defaultrange', 'ioportcon', 'iomemcon', 'pirqcon', 'pcidevicecon', 'devicetreecon', 'expandtypeattribute', 'ipaddr',
  'deny',
];

const KNOWN = new Set(KNOWN_STATEMENTS);

/**
 * What kind of statement a node is: a known CIL statement (its keyword), a `generic` list (unknown keyword: kept,
 * never an error of the reader; `policy check` refuses it), or `not-a-statement` (an atom, a list without a keyword).
 */
export function statementKind(n: CilNode): { kind: 'known' | 'generic' | 'not-a-statement'; keyword?: string } {
  const kw = keywordOf(n);
  if (kw === undefined) return { kind: 'not-a-statement' };
  return { kind: KNOWN.has(kw) ? 'known' : 'generic', keyword: kw };
}

/** Builds an unpositioned atom (generation). */
export function atom(value: string, quoted = false): CilAtom {
  return { kind: 'atom', value, quoted };
}

/** Builds an unpositioned list from nodes or plain strings (strings become unquoted atoms). */
export function list(...items: (CilNode | string)[]): CilList {
  return { kind: 'list', items: items.map((i) => (typeof i === 'string' ? atom(i) : i)) };
}

/** Builds a comment node (generation). */
export function comment(text: string): CilComment {
  return { kind: 'comment', text };
}

/** The keyword of a statement (`allow` for `(allow …)`), or undefined when the node is not a list headed by an atom. */
export function keywordOf(n: CilNode): string | undefined {
  return n.kind === 'list' && n.items[0]?.kind === 'atom' && !n.items[0].quoted ? n.items[0].value : undefined;
}

/** Strips positions, so trees read from text and built in code compare equal (tests). */
export function stripPositions(n: CilNode): CilNode {
  if (n.kind === 'atom') return { kind: 'atom', value: n.value, quoted: n.quoted };
  if (n.kind === 'comment') return { kind: 'comment', text: n.text };
  return { kind: 'list', items: n.items.map(stripPositions) };
}
