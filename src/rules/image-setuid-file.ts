/**
 * BW-0405 image-setuid-file: a layer of the verified image holds a regular file with the setuid or setgid
 * bit (path and layer named) that the final image still shows: a file a later layer removed or replaced
 * without the bit (the rule's own remediation, `RUN find / -perm /6000 … chmod a-s`) is not reported. A hard
 * link to such a file is reported under its own name: it is the same file, and whiting out the original name
 * leaves it setuid.
 * CIS Docker Benchmark 1.6.0 4.8, R-G7, paper §V.2.7. `bulwark verify
 * --unpack` strips these bits unless `--keep-setuid`.
 */
import { defineRule } from './types.js';
import { finalTreeNode, type ImageCheck } from '../verify/facts.js';

export const rule = defineRule({
  meta: {
    id: 'BW-0405',
    slug: 'image-setuid-file',
    title: 'Image layer holds a setuid/setgid file',
    severity: 'medium',
    attackClasses: ['R-K', 'R-P'],
    requirements: ['R-G7', 'R-P', 'R-K'],
    cis: { '1.6.0': ['4.8'] },
    paper: '§V.2.7',
    inputs: ['image'],
    description: 'A setuid/setgid executable lets any process in the container gain the file owner\'s identity — usually root — which turns an application compromise into root in the container.',
    remediation: { dockerfile: 'RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +\n# and run with --security-opt no-new-privileges --cap-drop SETUID --cap-drop SETGID' },
    breaks: 'Programs relying on the bit (su, sudo, ping on old systems) lose that privilege.',
    fix: 'manual',
  },
});

/**
 * Reports every regular file with mode bits 04000 or 02000, per layer, that the container still sees (a later
 * layer's `chmod a-s` or removal clears it); and every hard link the container still sees to such a file: a link
 * names the same inode, so the bits stay reachable under the link's name even when a later layer whites out (or
 * replaces) the name it was linked to (tree.ts `Node.setid`).
 */
export const check: ImageCheck = (f, report) => {
  for (const l of f.layers) {
    for (const e of l.scan.entries) {
      if (e.type !== 'file' && e.type !== 'link') continue;
      if (e.type === 'file' && (e.mode & 0o6000) === 0) continue;
      const node = finalTreeNode(f, l.index, e);
      if (!node) continue; // removed or changed by a later layer: not in the container
      const setid = e.type === 'file' ? e.mode & 0o6000 : (node.setid ?? 0);
      if (!setid) continue;
      const bits = [setid & 0o4000 ? 'setuid' : '', setid & 0o2000 ? 'setgid' : ''].filter(Boolean).join('+');
      // A link's own header mode is not the file's: the file keeps the mode it was written with.
      const mode = (((e.type === 'link' ? (node.hardlinkMode ?? e.mode) : e.mode) & 0o7777) | setid).toString(8).padStart(4, '0');
      const link = e.type === 'link' ? `, a hard link to ${node.hardlinkTo}` : '';
      report({ at: { layer: l.index, path: e.name }, message: `${e.name} is ${bits} (mode ${mode}, uid ${e.uid}${link}) in layer ${l.index + 1}`, data: { path: e.name, layer: l.index + 1, mode, ...(e.type === 'link' ? { hardlinkTo: node.hardlinkTo! } : {}) } });
    }
  }
};

export default rule;
