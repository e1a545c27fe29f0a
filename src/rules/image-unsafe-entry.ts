/**
 * BW-0410 image-unsafe-entry: a layer entry that an unpacker must refuse: absolute path, `..` traversal,
 * a write through a symbolic link created earlier, a symlink or hardlink leading outside the root, a
 * device node or fifo (src/verify/tree.ts). `bulwark verify` lists them; `--unpack` refuses the image.
 * R-B, R-P, paper §IV.4 ("[decompress] -> [tarsum] -> [unpack]" on unauthenticated input);
 * CVE-2018-15664, CVE-2019-14271 class.
 */
import { defineRule } from './types.js';
import type { ImageCheck } from '../verify/facts.js';

export const rule = defineRule({
  meta: {
    id: 'BW-0410',
    slug: 'image-unsafe-entry',
    title: 'Image layer entry escapes the root or creates a device',
    severity: 'high',
    attackClasses: ['R-B', 'R-P'],
    requirements: ['R-P', 'R-B'],
    cis: {},
    paper: '§IV.4',
    inputs: ['image'],
    description: 'A layer contains an entry that, unpacked naively, writes outside the target directory (absolute path, `..`, links leading out, a file written through a symlink) or creates a device node. Legitimate images never need these; they are how hostile archives attack the host that unpacks them.',
    remediation: { dockerfile: '# do not load or unpack this image; rebuild it from a trusted Dockerfile' },
    breaks: 'Nothing legitimate.',
    fix: 'manual',
  },
});

/** Reports every refused entry; devices and fifos at medium. */
export const check: ImageCheck = (f, report) => {
  for (const r of f.refused) {
    report({ at: { layer: r.layer, path: r.path }, message: `layer ${r.layer + 1}: ${r.message} (${r.reason})`, data: { path: r.path, layer: r.layer + 1, reason: r.reason }, severity: r.reason === 'device' ? 'medium' : undefined });
  }
};

export default rule;
