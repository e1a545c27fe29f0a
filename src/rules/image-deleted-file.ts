/**
 * BW-0408 image-deleted-file: a file written by one layer is deleted by a whiteout of a later layer: it is
 * gone from the container's view but its bytes still ship in the archive (and in every registry copy).
 * Often a secret or a build artefact someone meant to remove. R-S, R-P, paper §IV.4 / §IV.5; OCI image
 * spec layer.md (whiteouts).
 */
import { defineRule } from './types.js';
import type { ImageCheck } from '../verify/facts.js';

export const rule = defineRule({
  meta: {
    id: 'BW-0408',
    slug: 'image-deleted-file',
    title: 'File deleted by a later layer still ships in the image',
    severity: 'low',
    attackClasses: ['R-S', 'R-P'],
    requirements: ['R-S', 'R-P'],
    cis: {},
    paper: '§IV.4, §IV.5',
    inputs: ['image'],
    description: 'Deleting a file in a later Dockerfile step hides it from containers but keeps it in the earlier layer; anyone with the image can read it.',
    remediation: { dockerfile: '# create and delete the file in the same RUN, or use a multi-stage build that copies only what ships' },
    breaks: 'Nothing.',
    fix: 'manual',
  },
});

/** Reports every deleted file with size > 0, with its layer and the layer that deleted it. */
export const check: ImageCheck = (f, report) => {
  for (const d of f.deleted) {
    report({ at: { layer: d.layer, path: d.path }, message: `${d.path} (${d.size} bytes) from layer ${d.layer + 1} is deleted in layer ${d.deletedIn + 1} but still in the archive`, data: { path: d.path, layer: d.layer + 1, deletedIn: d.deletedIn + 1, size: d.size } });
  }
};

export default rule;
