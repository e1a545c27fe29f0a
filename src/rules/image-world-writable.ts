/**
 * BW-0406 image-world-writable: a layer of the verified image holds a world-writable regular file, or a
 * world-writable directory without the sticky bit (path and layer named). Any user in the container can
 * replace its content. R-P, R-G7, paper §IV.4; CIS Docker Benchmark 1.6.0 4.8 is the nearest id.
 */
import { defineRule } from './types.js';
import { inFinalTree, type ImageCheck } from '../verify/facts.js';

export const rule = defineRule({
  meta: {
    id: 'BW-0406',
    slug: 'image-world-writable',
    title: 'Image layer holds a world-writable file or directory',
    severity: 'low',
    attackClasses: ['R-P'],
    requirements: ['R-P', 'R-G7'],
    cis: { '1.6.0': ['4.8'] },
    paper: '§IV.4',
    inputs: ['image'],
    description: 'A world-writable file (or a world-writable directory without the sticky bit) can be changed by any user in the container: a non-root compromise can plant code that a more privileged process later runs.',
    remediation: { dockerfile: 'RUN chmod o-w <path>   # directories shared by users: chmod 1777 <dir>' },
    breaks: 'Software that expects to write the file as another user must get group ownership instead.',
    fix: 'manual',
  },
});

/** Reports files with mode bit 0002, and directories with 0002 but not 01000, that the final image still shows (last written by that layer, same mode). */
export const check: ImageCheck = (f, report) => {
  for (const l of f.layers) {
    for (const e of l.scan.entries) {
      if ((e.mode & 0o002) === 0) continue;
      if (e.type !== 'file' && !(e.type === 'directory' && (e.mode & 0o1000) === 0)) continue;
      if (!inFinalTree(f, l.index, e)) continue; // removed or changed by a later layer: not in the container
      const mode = (e.mode & 0o7777).toString(8).padStart(4, '0');
      report({ at: { layer: l.index, path: e.name }, message: `${e.type === 'file' ? 'file' : 'directory'} ${e.name} is world-writable (mode ${mode}) in layer ${l.index + 1}`, data: { path: e.name, layer: l.index + 1, mode } });
    }
  }
};

export default rule;
