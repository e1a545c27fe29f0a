/**
 * BW-0036 content-trust-not-enabled: a shell script or document starts containers (`docker run` /
 * `docker create`; not `docker compose run`, whose image the Compose file names) and never sets `DOCKER_CONTENT_TRUST=1`. File-level, informational, with the
 * superseded advice (R-G16, R-P, CIS 4.5).
 */
import { defineRule } from './types.js';

/** File kinds that hold `docker run` lines. */
const SCRIPT_KINDS = new Set(['run', 'shell', 'markdown', 'asciidoc', 'rst', 'ci']);

/**
 * True if `text` enables Docker Content Trust: `DOCKER_CONTENT_TRUST=<value>` on a line that is not a
 * shell comment, with a value the Docker CLI reads as on (anything but empty, `0` or `false`). With `yaml`
 * (a CI pipeline file), also `DOCKER_CONTENT_TRUST: <value>` in an `env:` / `variables:` map, which the CI
 * service exports to every script of its scope.
 */
export function enablesContentTrust(text: string, yaml = false): boolean {
  const re = yaml ? /\bDOCKER_CONTENT_TRUST["']?\s*[:=]\s*["']?([^"'\s;&|#]*)/ : /\bDOCKER_CONTENT_TRUST\s*=\s*["']?([^"'\s;&|]*)/;
  for (const line of text.split('\n')) {
    if (/^\s*#/.test(line)) continue;
    const m = re.exec(line);
    if (m && m[1] !== '' && !/^(0|false)$/i.test(m[1])) return true;
  }
  return false;
}

export default defineRule({
  meta: {
    id: 'BW-0036',
    slug: 'content-trust-not-enabled',
    title: 'Docker Content Trust not enabled in script',
    severity: 'info',
    attackClasses: ['R-P'],
    requirements: ['R-G16', 'R-P', 'R-G1'],
    cis: { '1.6.0': ['4.5'] },
    paper: '§IV.4, §V.2.16',
    inputs: ['run'],
    description:
      'The script pulls and starts images without verifying who published them. The paper asks for Docker Content Trust (DOCKER_CONTENT_TRUST=1); that mechanism (Notary v1) has since been retired. What still holds: pin images by digest and verify their signatures with Sigstore cosign or Notation before running them.',
    remediation: {
      run: 'cosign verify --certificate-identity … --certificate-oidc-issuer … nginx@sha256:<digest>\ndocker run nginx@sha256:<digest>',
      compose: 'image: nginx@sha256:<digest>   # verified with cosign verify / notation verify',
    },
    breaks: 'Nothing for digest pinning; setting DOCKER_CONTENT_TRUST=1 today breaks pulls of official images whose Notary v1 signatures expired.',
    fix: 'manual',
    superseded:
      'Docker Content Trust (Notary v1, DOCKER_CONTENT_TRUST=1) was retired in 2025 and now breaks pulls of official images: bulwark advises digest pinning and Sigstore cosign / Notation verification instead of enabling it.',
  },
  checkFile(f, ctx) {
    if (!SCRIPT_KINDS.has(f.kind)) return;
    // A `docker compose run` line starts its service's image, which the Compose file names (and is audited there).
    if (!f.containers.some((c) => c.source === 'run' && !c.extra.composeRun)) return;
    if (enablesContentTrust(f.source.text, f.kind === 'ci')) return;
    const firstLineEnd = f.source.lineText(1).length;
    // podman never reads DOCKER_CONTENT_TRUST: /etc/containers/policy.json decides (containers-policy.json(5)).
    if (f.containers.every((c) => c.source !== 'run' || c.extra.composeRun || c.extra.client?.value === 'podman')) {
      ctx.report({
        message: "containers are started by podman, which verifies image signatures only where /etc/containers/policy.json requires them (its default, insecureAcceptAnything, requires none): pin digests, and require sigstoreSigned or signedBy for the registries used",
        at: f.source.range(0, firstLineEnd),
        data: { client: 'podman' },
      });
      return;
    }
    ctx.report({
      message: 'containers are started without image signature verification (DOCKER_CONTENT_TRUST is not set; Content Trust is retired: pin digests and verify with cosign or Notation)',
      at: f.source.range(0, firstLineEnd),
      data: {},
    });
  },
});
