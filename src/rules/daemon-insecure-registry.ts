/**
 * BW-0205 daemon-insecure-registry: a registry is listed in `insecure-registries` / `--insecure-registry`
 * (CIS Docker Benchmark 1.6.0 and 1.8.0 2.5; paper §IV.4; R-P, R-M). One finding per registry, at its list
 * item.
 */
import { defineRule } from './types.js';
import { certaintyOf, daemonFix, DAEMON_INPUTS } from './daemon-common.js';

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
      'For a registry listed as insecure dockerd accepts plain HTTP and TLS certificates it cannot verify, so anyone on the path can serve different images and layers for the same name (image poisoning by man-in-the-middle). An https:// registry listed here also loses certificate verification. A registry on localhost only is reported at low severity.',
    remediation: daemonFix(
      'remove the entry from "insecure-registries"; give the registry a certificate, or trust its CA in /etc/docker/certs.d/<host:port>/ca.crt',
      'remove --insecure-registry',
    ),
    breaks: 'Pulls from that registry fail until it serves TLS with a certificate the daemon trusts.',
    fix: 'manual',
  },
  checkDaemon(d, ctx) {
    for (const r of d.insecureRegistries) {
      const local = isLoopbackRegistry(r.value);
      ctx.report({
        message: `registry ${r.value} is insecure: images from it are pulled without verified TLS${local ? ' (loopback only)' : ''}`,
        at: r,
        certainty: certaintyOf(r),
        ...(local ? { severity: 'low' as const } : {}),
        data: { registry: r.value },
      });
    }
  },
});
