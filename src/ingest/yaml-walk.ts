/**
 * A walk over the nodes of a parsed `yaml` document, in document order, for the hot paths (the Compose ingester's
 * alias table, harden's anchor table and node lookup) that yaml's own `visit` made slow: `visit` freezes a fresh
 * copy of the path for every node it enters (`Object.freeze(path.concat(node))`), which cost more than the work
 * done at each node (~180 ms of a 2,000-file Compose audit). This walk keeps no path and allocates nothing.
 *
 * Order and coverage are `visit`'s: a document's contents; a collection's items; a pair's key, then its value.
 * Aliases are reported, not followed (a document with `*a` inside `&a` cannot loop).
 */
import { isAlias, isCollection, isDocument, isPair, isScalar, type Document, type Node } from 'yaml';

/**
 * Calls `fn` on every node under `root` (a Document, or any node: Scalar, Alias, YAMLMap, YAMLSeq; a Pair is
 * entered, not reported), in document order. `fn` returning `true` stops the walk.
 * @returns `true` when `fn` stopped the walk, else `false`
 */
export function walkNodes(root: Document | Node | null | undefined, fn: (n: Node) => boolean | void): boolean {
  const start = isDocument(root) ? root.contents : root;
  return start ? walk(start, fn) : false;
}

function walk(n: unknown, fn: (n: Node) => boolean | void): boolean {
  if (isPair(n)) return (n.key != null && walk(n.key, fn)) || (n.value != null && walk(n.value, fn));
  if (isScalar(n) || isAlias(n)) return fn(n) === true;
  if (isCollection(n)) {
    if (fn(n) === true) return true;
    const items = n.items as unknown[];
    for (let i = 0; i < items.length; i++) if (items[i] != null && walk(items[i], fn)) return true;
  }
  return false;
}
