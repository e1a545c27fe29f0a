/**
 * The layer model shared by the analysis and the unpacker of `bulwark verify` (issue 7; paper §IV.4):
 * applies layer entries in order to an in-memory tree, with OCI whiteouts (`.wh.<name>` removes a lower
 * entry, `.wh..wh..opq` empties a directory of lower layers' entries), and judges every entry BEFORE it
 * would be written:
 *  - `absolute`: the name starts with `/`;
 *  - `traversal`: a `..` component;
 *  - `through-symlink`: a parent component is a symbolic link created by an earlier entry or layer
 *    (writing through it is how a "symlink then file" archive escapes; real layer diffs never do it);
 *  - `parent-not-directory`: a parent component is a file;
 *  - `symlink-escape`: a relative symlink target that climbs above the root — lexically when the entry
 *    is applied, and once all layers are applied by resolving it through the symbolic links of the final
 *    tree the way the host kernel would ({@link LayerTree.escapeOf}: `x/a -> ..` then `y -> x/a/../etc`
 *    leads out of DIR although each target alone stays inside);
 *  - `hardlink-escape`: a hardlink target that is absolute, climbs with `..`, goes through a symlink, or
 *    names nothing (or a directory) in the tree;
 *  - `device`: character / block devices and fifos, unless allowed;
 *  - `unsupported`: other entry types (GNU sparse files, unknown type flags), and names or link targets
 *    that are not valid UTF-8 or hold a NUL: the tar reader decodes invalid bytes to U+FFFD, so two
 *    names Docker keeps apart would be one name here (a whiteout of one would hide the other).
 * Absolute symlink targets are kept as written (they resolve inside the root when the tree is used as a
 * container root filesystem, as `docker export` shows them); the unpacker never follows a link.
 *
 * Sources: OCI image spec v1.1 layer.md ("Whiteouts", "Opaque Whiteout"); CVE-2018-15664 /
 * CVE-2019-14271 class of archive escapes; GNU tar's refusal of `..` members.
 */
import type { EntryType, LayerEntry } from './types.js';

/** Why an entry is refused. */
export type Refusal = 'absolute' | 'traversal' | 'through-symlink' | 'parent-not-directory' | 'symlink-escape' | 'hardlink-escape' | 'device' | 'unsupported';

/** A node of the tree. */
export interface Node {
  type: EntryType;
  mode: number;
  size: number;
  linkname?: string;
  /** Index of the layer that wrote it (0-based). */
  layer: number;
  /**
   * Regular files (hard links too): the setuid / setgid bits (04000 / 02000) the file's inode may carry. A hard
   * link names its target's inode, so it keeps the target's bits — even once a later layer removes or replaces
   * the target's name — and those of its own header (an extractor may chmod the shared inode with the link
   * header's mode: moby's `handleLChmod`). Absent when none.
   */
  setid?: number;
  /** Hard links: the path of the file it was linked to. */
  hardlinkTo?: string;
  /** Hard links: the mode of the file (inode) it was linked to, as that file was written. */
  hardlinkMode?: number;
}

/** What to do with one entry. */
export type Plan =
  | { op: 'skip' }
  | { op: 'refuse'; reason: Refusal; message: string }
  | { op: 'whiteout'; target: string; removed: Removed[] }
  | { op: 'opaque'; dir: string; removed: Removed[] }
  | { op: 'write'; path: string; type: EntryType; replaces?: Node; removed: Removed[]; linkTarget?: string };

/** A node taken out of the tree by a whiteout or a replacement. */
export interface Removed {
  path: string;
  node: Node;
}

/** Splits a tar name into clean components; `undefined` components mean refusal. */
export function components(name: string): { parts: string[] } | { reason: 'absolute' | 'traversal' } {
  if (name.startsWith('/')) return { reason: 'absolute' };
  const parts = name.split('/').filter((s) => s !== '' && s !== '.');
  if (parts.includes('..')) return { reason: 'traversal' };
  return { parts };
}

/** False when a tar name was not valid UTF-8 (decoded to U+FFFD) or holds a NUL (possible through PAX). */
export function wellFormedName(name: string): boolean {
  return !name.includes('\uFFFD') && !name.includes('\0');
}

/** Most symbolic links followed when resolving one path (Linux's limit, `ELOOP`). */
const MAX_SYMLINK_HOPS = 40;

/** The in-memory tree of an image's layers applied in order. */
export class LayerTree {
  readonly nodes = new Map<string, Node>();
  /** Children by directory path ('' is the root), for whiteouts. */
  private readonly children = new Map<string, Set<string>>();

  constructor(private readonly opts: { allowDevices?: boolean } = {}) {}

  private link(path: string): void {
    const i = path.lastIndexOf('/');
    const dir = i < 0 ? '' : path.slice(0, i);
    let s = this.children.get(dir);
    if (!s) this.children.set(dir, (s = new Set()));
    s.add(path);
  }

  /** Removes `path` and everything under it (but nodes `keep` accepts, and their parents); returns what was removed, deepest first. */
  remove(path: string, keep?: (n: Node) => boolean): Removed[] {
    const out: Removed[] = [];
    const rec = (p: string): boolean => {
      const n = this.nodes.get(p);
      let emptied = true;
      for (const c of [...(this.children.get(p) ?? [])]) if (!rec(c)) emptied = false;
      if (!n) return emptied;
      if (keep?.(n) || !emptied) return false;
      this.nodes.delete(p);
      this.children.get(p)?.clear();
      const i = p.lastIndexOf('/');
      this.children.get(i < 0 ? '' : p.slice(0, i))?.delete(p);
      out.push({ path: p, node: n });
      return true;
    };
    rec(path);
    return out;
  }

  /**
   * Resolves the relative symbolic link at `path` through the symbolic links of the tree, as the host
   * kernel would if DIR were walked from outside (no root clamping): returns the link through which it
   * climbs above the root (`path` itself when its own target does), or undefined when it stays inside.
   * Absolute targets (its own or met on the way) are not judged: they are kept as written (see the module
   * comment). More than {@link MAX_SYMLINK_HOPS} links: undefined (the kernel says ELOOP).
   */
  escapeOf(path: string): { via: string; target: string } | undefined {
    const first = this.nodes.get(path);
    if (first?.type !== 'symlink' || !first.linkname || first.linkname.startsWith('/')) return undefined;
    const stack = path.split('/').slice(0, -1);
    let queue = first.linkname.split('/');
    let via = { via: path, target: first.linkname };
    let hops = 0;
    while (queue.length) {
      const c = queue.shift()!;
      if (c === '' || c === '.') continue;
      if (c === '..') {
        if (!stack.length) return via;
        stack.pop();
        continue;
      }
      stack.push(c);
      const n = this.nodes.get(stack.join('/'));
      if (n?.type !== 'symlink') continue;
      if (++hops > MAX_SYMLINK_HOPS) return undefined;
      const t = n.linkname ?? '';
      if (t.startsWith('/')) return undefined;
      via = { via: stack.join('/'), target: t };
      stack.pop();
      queue = [...t.split('/'), ...queue];
    }
    return undefined;
  }

  /** Children of a directory path. */
  childrenOf(dir: string): string[] {
    return [...(this.children.get(dir) ?? [])];
  }

  /** First symlink or non-directory among the proper prefixes of `parts`. */
  private blockedParent(parts: string[]): { at: string; node: Node } | undefined {
    for (let i = 1; i < parts.length; i++) {
      const at = parts.slice(0, i).join('/');
      const n = this.nodes.get(at);
      if (n && n.type !== 'directory') return { at, node: n };
    }
    return undefined;
  }

  /**
   * Judges one entry of layer `layer` and, unless refused, applies it to the tree. Returns what the
   * unpacker must do.
   */
  apply(e: LayerEntry, layer: number): Plan {
    if (!wellFormedName(e.name) || (e.linkname !== undefined && !wellFormedName(e.linkname)))
      return { op: 'refuse', reason: 'unsupported', message: `${JSON.stringify(e.name)}${e.linkname !== undefined && !wellFormedName(e.linkname) ? ` -> ${JSON.stringify(e.linkname)}` : ''}: name is not valid UTF-8 or holds a NUL (Docker would write other bytes than bulwark reads)` };
    const c = components(e.name);
    if ('reason' in c) return { op: 'refuse', reason: c.reason, message: c.reason === 'absolute' ? `absolute path ${e.name}` : `path traversal (..) in ${e.name}` };
    const parts = c.parts;
    if (parts.length === 0) return { op: 'skip' };
    const path = parts.join('/');
    const blocked = this.blockedParent(parts);
    if (blocked) {
      return blocked.node.type === 'symlink'
        ? { op: 'refuse', reason: 'through-symlink', message: `${path} goes through the symbolic link ${blocked.at} -> ${blocked.node.linkname} (layer ${blocked.node.layer + 1})` }
        : { op: 'refuse', reason: 'parent-not-directory', message: `${path}: parent ${blocked.at} is not a directory` };
    }
    const base = parts[parts.length - 1];
    const dir = parts.slice(0, -1).join('/');
    if (base.startsWith('.wh.')) {
      if (base === '.wh..wh..opq') {
        const removed: Removed[] = [];
        for (const ch of this.childrenOf(dir)) removed.push(...this.remove(ch, (n) => n.layer === layer));
        return { op: 'opaque', dir, removed };
      }
      const name = base.slice(4);
      if (!name || name === '.' || name === '..' || name.startsWith('.wh.')) return { op: 'refuse', reason: 'traversal', message: `invalid whiteout ${e.name}` };
      const target = dir ? `${dir}/${name}` : name;
      return { op: 'whiteout', target, removed: this.remove(target) };
    }
    if (e.type === 'character-device' || e.type === 'block-device' || e.type === 'fifo') {
      if (!this.opts.allowDevices) return { op: 'refuse', reason: 'device', message: `${e.type === 'fifo' ? 'fifo' : `${e.type.replace('-device', '')} device`} ${path}` };
    } else if (e.type === 'other') return { op: 'refuse', reason: 'unsupported', message: `unsupported entry type for ${path}` };
    let linkTarget: string | undefined;
    if (e.type === 'symlink') {
      const t = e.linkname ?? '';
      if (!t.startsWith('/')) {
        let depth = parts.length - 1;
        for (const s of t.split('/')) {
          if (s === '..') depth--;
          else if (s !== '' && s !== '.') depth++;
          if (depth < 0) return { op: 'refuse', reason: 'symlink-escape', message: `symbolic link ${path} -> ${t} leads outside the root` };
        }
      }
    }
    if (e.type === 'link') {
      const t = components(e.linkname ?? '');
      if ('reason' in t || t.parts.length === 0) return { op: 'refuse', reason: 'hardlink-escape', message: `hard link ${path} -> ${e.linkname} leads outside the root` };
      const tb = this.blockedParent(t.parts);
      const tp = t.parts.join('/');
      if (tb) return { op: 'refuse', reason: 'hardlink-escape', message: `hard link ${path} -> ${e.linkname} goes through ${tb.node.type === 'symlink' ? 'the symbolic link' : 'the file'} ${tb.at}` };
      const tn = this.nodes.get(tp);
      if (!tn || tn.type === 'directory') return { op: 'refuse', reason: 'hardlink-escape', message: `hard link ${path} -> ${e.linkname}: ${tn ? 'target is a directory' : 'target is not in the image'}` };
      if (tn.type === 'symlink') return { op: 'refuse', reason: 'hardlink-escape', message: `hard link ${path} -> ${e.linkname}: target is a symbolic link` };
      linkTarget = tp;
    }
    const old = this.nodes.get(path);
    let removed: Removed[] = [];
    if (old && !(old.type === 'directory' && e.type === 'directory')) removed = this.remove(path);
    // Implicit parents.
    for (let i = 1; i < parts.length; i++) {
      const p = parts.slice(0, i).join('/');
      if (!this.nodes.has(p)) {
        this.nodes.set(p, { type: 'directory', mode: 0o755, size: 0, layer });
        this.link(p);
      }
    }
    const target = e.type === 'link' ? this.nodes.get(linkTarget!) : undefined;
    const size = e.type === 'link' ? (target?.size ?? 0) : e.size;
    const setid = e.type === 'file' ? e.mode & 0o6000 : e.type === 'link' ? ((target?.setid ?? 0) | (e.mode & 0o6000)) : undefined;
    this.nodes.set(path, {
      type: e.type === 'link' ? 'file' : e.type,
      mode: e.mode,
      size: e.type === 'file' || e.type === 'link' ? size : 0,
      linkname: e.type === 'symlink' ? e.linkname : undefined,
      layer,
      ...(setid ? { setid } : {}),
      ...(e.type === 'link' ? { hardlinkTo: linkTarget, hardlinkMode: target?.hardlinkMode ?? target?.mode } : {}),
    });
    if (!old || removed.length) this.link(path);
    return { op: 'write', path, type: e.type, replaces: old, removed, linkTarget };
  }
}
