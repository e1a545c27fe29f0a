/**
 * Deterministic CIL printer: the same tree always prints to the same bytes.
 *
 * Layout: one statement per line; the bodies of container statements (`block`, `in`, `optional`, `macro`,
 * `booleanif`, `tunableif` and their `true`/`false` branches) indented by two spaces per level, with the closing
 * parenthesis on a line of its own; every other list on one line with single spaces. Atoms print as written;
 * quoted atoms (and any atom that would not read back as one symbol) print in double quotes. Comment nodes print
 * as `; text` lines, one per line of their text (a line break never ends a comment early), control characters shown
 * as visible pictures (U+2400…). The output ends with a
 * newline.
 *
 * `parseCil(printCil(m))` gives back the same tree (without positions): tested as a property in print.test.ts.
 *
 * Source: SELinux CIL reference guide "CIL Syntax"; R-PM1 (generation builds a tree, then prints it).
 */
import { printable } from '../../report/text.js';
import { CONTAINER_BODY_START, keywordOf, type CilAtom, type CilNode } from './ast.js';

const INDENT = '  ';

/** Whether an atom must be quoted to read back as one atom. */
function needsQuotes(a: CilAtom): boolean {
  return a.quoted || a.value === '' || /[\s();"]/.test(a.value);
}

/**
 * Prints one atom.
 * @throws Error when the value holds a double quote or a line break, which CIL strings cannot carry (never true of
 * parsed atoms; a generator bug otherwise).
 */
export function printAtom(a: CilAtom): string {
  if (/["\n\r]/.test(a.value)) throw new Error(`CIL cannot represent the string ${JSON.stringify(a.value)}`);
  return needsQuotes(a) ? `"${a.value}"` : a.value;
}

/** Prints a node on one line (comments inside a flat list are dropped: they cannot share a line). */
export function printFlat(n: CilNode): string {
  if (n.kind === 'atom') return printAtom(n);
  if (n.kind === 'comment') return '';
  return `(${n.items.filter((i) => i.kind !== 'comment').map(printFlat).join(' ')})`;
}

function printNode(n: CilNode, depth: number, out: string[]): void {
  const pad = INDENT.repeat(depth);
  if (n.kind === 'comment') {
    // A line break would end the comment and turn the rest into statements (text from a Compose file or a
    // `docker run` line reaches generated comments): every line of the text is a comment line of its own.
    // Its other control characters (an escape sequence in a service name or a host path) are shown as visible
    // pictures (report/text.ts `printable`): a comment is for reading, and `cat` of the module must not drive the terminal.
    for (const raw of n.text.split(/\r\n|\r|\n/)) {
      const line = printable(raw);
      out.push(`${pad};${line === '' || line.startsWith(' ') ? line : ' ' + line}`);
    }
    return;
  }
  const kw = keywordOf(n);
  const bodyStart = kw !== undefined ? CONTAINER_BODY_START[kw] : undefined;
  if (n.kind === 'list' && bodyStart !== undefined && n.items.length > bodyStart && n.items.slice(bodyStart).some((i) => i.kind !== 'atom')) {
    const head = n.items.slice(0, bodyStart).filter((i) => i.kind !== 'comment').map(printFlat).join(' ');
    out.push(`${pad}(${head}`);
    for (const c of n.items.slice(bodyStart)) printNode(c, depth + 1, out);
    out.push(`${pad})`);
    return;
  }
  out.push(pad + printFlat(n));
}

/** Prints statements (a module's top level) to CIL text, one statement per line, ending with a newline. */
export function printCil(statements: readonly CilNode[]): string {
  const out: string[] = [];
  for (const s of statements) printNode(s, 0, out);
  return out.length ? out.join('\n') + '\n' : '';
}
