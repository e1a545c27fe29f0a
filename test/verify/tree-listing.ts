/**
 * Lists a directory tree as comparable lines (`path type mode size link-target`), for the unpack tests
 * and the comparison with `docker export` (issue 7).
 */
import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/** One entry of a tree listing. */
export interface TreeEntry {
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'fifo' | 'char' | 'block' | 'other';
  /** `mode & 0o7777` in octal, 4 digits. */
  mode: string;
  /** Bytes for files, 0 otherwise. */
  size: number;
  link?: string;
}

/** Lists `root` recursively (links not followed), sorted by path; `root` itself is not listed. */
export function listTree(root: string): TreeEntry[] {
  const out: TreeEntry[] = [];
  const walk = (rel: string) => {
    for (const n of readdirSync(join(root, rel)).sort()) {
      const r = rel ? `${rel}/${n}` : n;
      const st = lstatSync(join(root, r));
      const type = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : st.isFIFO() ? 'fifo' : st.isCharacterDevice() ? 'char' : st.isBlockDevice() ? 'block' : 'other';
      out.push({ path: r, type, mode: (st.mode & 0o7777).toString(8).padStart(4, '0'), size: type === 'file' ? st.size : 0, ...(type === 'symlink' ? { link: readlinkSync(join(root, r)) } : {}) });
      if (type === 'dir') walk(r);
    }
  };
  walk('');
  return out;
}

/** A listing as lines `path type mode size [-> link]`. */
export function treeLines(entries: TreeEntry[]): string[] {
  return entries.map((e) => `${e.path} ${e.type} ${e.mode} ${e.size}${e.link !== undefined ? ` -> ${e.link}` : ''}`);
}
