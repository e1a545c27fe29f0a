/**
 * BW-0403 image-sshd-port: the verified image's config exposes port 22 (`ExposedPorts` `22/tcp`): an SSH
 * daemon in a container. CIS Docker Benchmark 1.6.0 5.6 ("Ensure sshd is not run within containers"),
 * paper §V.2.8, R-G8.
 */
import { defineRule } from './types.js';
import type { ImageCheck } from '../verify/facts.js';
import { escapePointer } from '../ingest/inspect/pointer.js';

export const rule = defineRule({
  meta: {
    id: 'BW-0403',
    slug: 'image-sshd-port',
    title: 'Image exposes the SSH port 22',
    severity: 'medium',
    attackClasses: ['R-B'],
    requirements: ['R-G8', 'R-P'],
    cis: { '1.6.0': ['5.7'] },
    paper: '§V.2.8',
    inputs: ['image', 'inspect'],
    description: 'The image exposes port 22: it is built to run an SSH daemon, which adds credentials to manage and a remote entry point; use `docker exec` instead.',
    remediation: { dockerfile: '# remove EXPOSE 22 and the SSH server; use docker exec for access' },
    breaks: 'Workflows that ssh into the container must use docker exec.',
    fix: 'manual',
  },
});

/** Reports `22/tcp` (or `22`) in `ExposedPorts`. */
export const check: ImageCheck = (f, report) => {
  for (const p of Object.keys(f.image.config.config?.ExposedPorts ?? {})) {
    if (/^22(\/tcp)?$/.test(p)) report({ at: {}, pointer: `/config/ExposedPorts/${escapePointer(p)}`, message: `image exposes ${p} (SSH)`, data: { port: p } });
  }
};

export default rule;
