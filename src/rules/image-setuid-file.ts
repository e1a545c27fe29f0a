/**
 * BW-0405 image-setuid-file: a layer of the verified image holds a regular file with the setuid or setgid
 * bit (path and layer named) that the final image still shows: a file a later layer removed or replaced
 * without the bit (the rule's own remediation, `RUN find / -perm /6000 … chmod a-s`) is not reported.
 * CIS Docker Benchmark 1.6.0 4.8, R-G7, paper §V.2.7. `bulwark verify
 * --unpack` strips these bits unless `--keep-setuid`.
 */
import { defineRule } from './types.js';
import { inFinalTree, type ImageCheck } from '../verify/facts.js';

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

/** Reports every regular file with mode bits 04000 or 02000, per layer, that the container still sees (a later layer's `chmod a-s` or removal clears it). */
export const check: ImageCheck = (f, report) => {
  for (const l of f.layers) {
    for (const e of l.scan.entries) {
      if (e.type !== 'file' || (e.mode & 0o6000) === 0) continue;
      if (!inFinalTree(f, l.index, e)) continue; // removed or changed by a later layer: not in the container
      const bits = [e.mode & 0o4000 ? 'setuid' : '', e.mode & 0o2000 ? 'setgid' : ''].filter(Boolean).join('+');
      report({ at: { layer: l.index, path: e.name }, message: `${e.name} is ${bits} (mode ${(e.mode & 0o7777).toString(8).padStart(4, '0')}, uid ${e.uid}) in layer ${l.index + 1}`, data: { path: e.name, layer: l.index + 1, mode: (e.mode & 0o7777).toString(8).padStart(4, '0') } });
    }
  }
};

export default rule;
