/**
 * BW-0205 daemon-insecure-registry: a registry is listed in `insecure-registries` / `--insecure-registry`
 * (CIS Docker Benchmark 1.6.0 and 1.8.0 2.5; paper §IV.4; R-P, R-M). One finding per registry, at its list
 * item. A `registry-mirrors` / `--registry-mirror` entry written `http://…` counts too: dockerd pulls Docker
 * Hub images through the mirror over plain HTTP (moby registry/service_v2.go `lookupV2Endpoints` uses the mirror URL as
 * written; dockerd(8) `--registry-mirror`), so the mirror can serve any manifest for a tag, as an insecure
 * registry can. `https://` mirrors and mirrors written without a scheme (dockerd adds `https://`) are fine.
 */
import { defineRule } from './types.js';
import { certaintyOf, daemonFix, DAEMON_INPUTS, withoutUserinfo } from './daemon-common.js';

/** Whether a registry (host, host:port, CIDR, URL) is on the loopback interface only. */
export function isLoopbackRegistry(r: string): boolean {
  const host = r.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').replace(/:\d+$/, '');
  return /^(?:localhost|127(?:\.\d+){3}|\[?::1\]?)$/i.test(host) || /^127\.0\.0\.0\/(?:[89]|[12]\d|3[0-2])$/.test(r);
}

export default defineRule({
  meta: {
    id: 'BW-0205',
    slug: 'daemon-insecure-registry',
    title: 'Insecure registry configured',
    severity: 'high',
    attackClasses: ['R-P', 'R-M'],
    requirements: ['R-P', 'R-M', 'R-G1'],
    cis: { '1.6.0': ['2.5'], '1.8.0': ['2.5'] },
    paper: '§IV.4, §V.2.1',
    inputs: DAEMON_INPUTS,
    description:
      'For a registry listed as insecure dockerd accepts plain HTTP and TLS certificates it cannot verify, so anyone on the path can serve different images and layers for the same name (image poisoning by man-in-the-middle). An https:// registry listed here also loses certificate verification. A registry mirror written http:// is the same for every Docker Hub pull: dockerd fetches manifests and layers from it over plain HTTP. A registry or mirror on localhost only is reported at low severity.',
    remediation: daemonFix(
      'remove the entry from "insecure-registries" (a mirror: write it https:// in "registry-mirrors"); give the registry a certificate, or trust its CA in /etc/docker/certs.d/<host:port>/ca.crt',
      'remove --insecure-registry (a mirror: --registry-mirror https://…)',
    ),
    breaks: 'Pulls from that registry (or through that mirror) fail until it serves TLS with a certificate the daemon trusts.',
    fix: 'manual',
  },
  checkDaemon(d, ctx) {
    for (const r of d.insecureRegistries) {
      // Shown without a `user:password@` part (R-S: secrets never in bulwark's output, messages and data included).
      const shown = withoutUserinfo(r.value);
      const local = isLoopbackRegistry(shown);
      ctx.report({
        message: `registry ${shown} is insecure: images from it are pulled without verified TLS${local ? ' (loopback only)' : ''}`,
        at: r,
        certainty: certaintyOf(r),
        ...(local ? { severity: 'low' as const } : {}),
        data: { registry: shown },
      });
    }
    for (const m of d.registryMirrors) {
      if (!/^http:\/\//i.test(m.value)) continue;
      const shown = withoutUserinfo(m.value);
      const local = isLoopbackRegistry(shown);
      ctx.report({
        message: `registry mirror ${shown} is plain HTTP: Docker Hub images are pulled through it without TLS${local ? ' (loopback only)' : ''}`,
        at: m,
        certainty: certaintyOf(m),
        ...(local ? { severity: 'low' as const } : {}),
        data: { mirror: shown },
      });
    }
  },
});
