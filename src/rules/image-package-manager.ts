/**
 * BW-0409 image-package-manager: the final tree of the verified image (layers applied with whiteouts)
 * still holds a package manager (apt, apt-get, dpkg, apk, yum, dnf, microdnf, rpm, pip, npm, gem). It
 * lets an intruder install tools; distroless final images have none. R-K, paper §IV.1; CIS Docker
 * Benchmark 1.6.0 4.3 is the nearest id.
 */
import { defineRule } from './types.js';
import type { ImageCheck } from '../verify/facts.js';

export const rule = defineRule({
  meta: {
    id: 'BW-0409',
    slug: 'image-package-manager',
    title: 'Package manager left in the final image',
    severity: 'info',
    attackClasses: ['R-K'],
    requirements: ['R-K', 'R-P'],
    cis: { '1.6.0': ['4.3'] },
    paper: '§IV.1',
    inputs: ['image'],
    description: 'The final image can still install software. An attacker with code execution in the container uses it to fetch tools; a multi-stage build whose last stage has no package manager removes that step.',
    remediation: { dockerfile: '# multi-stage: build in one stage, COPY --from=build only the artefacts into a distroless or scratch stage' },
    breaks: 'Debugging inside the container needs a debug image or an ephemeral debug container.',
    fix: 'manual',
  },
});

/** Package manager binaries looked for, by path in the image. */
export const PACKAGE_MANAGERS = [
  'usr/bin/apt', 'usr/bin/apt-get', 'usr/bin/dpkg', 'sbin/apk', 'usr/sbin/apk', 'usr/bin/yum', 'usr/bin/dnf', 'usr/bin/microdnf',
  'usr/bin/rpm', 'bin/rpm', 'usr/bin/pip', 'usr/bin/pip3', 'usr/local/bin/pip', 'usr/local/bin/pip3', 'usr/bin/npm', 'usr/local/bin/npm', 'usr/bin/gem', 'usr/local/bin/gem',
];

/** Reports each package manager present in the final tree, with the layer that wrote it. */
export const check: ImageCheck = (f, report) => {
  for (const p of PACKAGE_MANAGERS) {
    const n = f.tree.nodes.get(p);
    if (!n || n.type === 'directory') continue;
    report({ at: { layer: n.layer, path: p }, message: `package manager /${p} is in the final image (layer ${n.layer + 1})`, data: { path: p, layer: n.layer + 1 } });
  }
};

export default rule;
