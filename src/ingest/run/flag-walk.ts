/**
 * The option walk of a Docker CLI command line, as spf13/pflag does it with interspersed options off (docker/cli):
 * `--flag value`, `--flag=value`, boolean `--flag` or `--flag=bool`; short groups `-itd`, where a value flag takes
 * the rest of the group (`-itp80:80`, `-p=80:80`) or the next word; `--` ends the options; the first word that is no
 * option is the first operand (the image), everything after it belongs to the program. Shared by `docker run|create`
 * (./parse.ts) and `docker service create` (./service.ts), which differ only in their flag tables and in what a use
 * does (the visitor).
 */
import type { Word } from './word.js';

/** What the walk needs of a flag of a table: its long name and whether it takes a value. */
export interface WalkedFlag {
  long: string;
  value: boolean;
}

/** What a command does with each use of its flags. */
export interface FlagVisitor<D extends WalkedFlag> {
  byLong(name: string): D | undefined;
  byShort(ch: string): D | undefined;
  /** A value flag: `value` is in `valueWord` from index `valueIndex` (the flag's own word for `--f=v`, `-pv`). */
  onValue(def: D, flagWord: Word, valueWord: Word, valueIndex: number, value: string): void;
  /**
   * A boolean flag: `eqValue` is what follows `=` (from index `eqIndex` of `w`), undefined when the flag stands alone;
   * `letter`: its index in a short group.
   */
  onBool(def: D, w: Word, eqValue: string | undefined, eqIndex: number, letter?: number): void;
  /** A `--name` no table knows. */
  onUnknownLong(name: string, w: Word): void;
  /** A usage problem at character `at` of `w` (its start when undefined): an unknown short flag, a missing value. */
  error(message: string, w: Word, at?: number): void;
  /** A word that is no option: true to keep walking (an expansion that holds options), false when it is the first operand. */
  onOperand?(w: Word, i: number): boolean;
}

/**
 * Walks the options of `words` from index `start`.
 * @returns the first operand (`undefined` when there is none), the index after it, and `help` when `--help` was
 *   given (the command then runs nothing)
 */
export function walkFlags<D extends WalkedFlag>(words: Word[], start: number, v: FlagVisitor<D>): { operand?: Word; next: number; help: boolean } {
  let i = start;
  for (; i < words.length; i++) {
    const w = words[i];
    const word = w.value;
    if (word === '--') return { operand: words[i + 1], next: i + 2, help: false };
    if (word.startsWith('--') && word.length > 2) {
      const eq = word.indexOf('=');
      const name = eq === -1 ? word.slice(2) : word.slice(2, eq);
      if (name === 'help') return { next: i, help: true };
      const def = v.byLong(name);
      if (!def) v.onUnknownLong(name, w);
      else if (!def.value) v.onBool(def, w, eq === -1 ? undefined : word.slice(eq + 1), eq + 1);
      else if (eq !== -1) v.onValue(def, w, w, eq + 1, word.slice(eq + 1));
      else if (i + 1 < words.length) {
        const vw = words[++i];
        v.onValue(def, w, vw, 0, vw.value);
      } else v.error(`flag needs an argument: --${name}`, w);
      continue;
    }
    if (word.startsWith('-') && word.length > 1) {
      // A short-flag group: booleans until a value flag, which takes the rest or the next word.
      for (let k = 1; k < word.length; k++) {
        const ch = word[k];
        const def = v.byShort(ch);
        if (!def) {
          v.error(`unknown shorthand flag: '${ch}' in ${word}`, w, k);
          continue;
        }
        if (!def.value) {
          if (word[k + 1] !== '=') {
            v.onBool(def, w, undefined, word.length, k);
            continue;
          }
          v.onBool(def, w, word.slice(k + 2), k + 2, k);
          break;
        }
        if (k + 1 < word.length) {
          const at = word[k + 1] === '=' ? k + 2 : k + 1;
          v.onValue(def, w, w, at, word.slice(at));
        } else if (i + 1 < words.length) {
          const vw = words[++i];
          v.onValue(def, w, vw, 0, vw.value);
        } else v.error(`flag needs an argument: '${ch}' in ${word}`, w);
        break;
      }
      continue;
    }
    if (v.onOperand?.(w, i)) continue;
    return { operand: w, next: i + 1, help: false };
  }
  return { next: i, help: false };
}
