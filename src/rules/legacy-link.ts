/**
 * BW-0032 legacy-link: legacy `links` / `--link` / `external_links` (R-G15; paper §V.2.15).
 *
 * What a link does depends on the network (Docker docs "Legacy container links", "Networking in Compose"): on the
 * default bridge it copies the linked container's environment in as `NAME_ENV_*` variables and needs icc; on a
 * user-defined network, which every Compose service without `network_mode` joins (the project's `default`
 * network), it only adds a DNS alias. The second is reported at info with that message.
 */
import type { ContainerSpec } from '../model/types.js';
import { defineRule } from './types.js';

/**
 * Whether the container is on a user-defined network, where a link is only a DNS alias: `--network app` /
 * `network_mode: app`, a run line with `--network` names other than `bridge`/`default`, or a Compose service
 * with no `network_mode` (Compose's `default` network is the project's own, not docker0).
 */
export function onUserDefinedNetwork(c: ContainerSpec): boolean {
  const n = c.namespaces.network;
  const docker0 = (name: string) => name === 'bridge' || (c.source !== 'compose' && name === 'default');
  if (n) return n.how !== 'unresolved' && n.value.mode === 'network' && !docker0(n.value.ref ?? 'bridge');
  if (c.source === 'compose') return true;
  return c.networks.length > 0 && c.networks.every((x) => x.how !== 'unresolved' && !docker0(x.value));
}

export default defineRule({
  meta: {
    id: 'BW-0032',
    slug: 'legacy-link',
    title: 'Legacy container link',
    severity: 'low',
    attackClasses: ['R-M', 'R-S'],
    requirements: ['R-M', 'R-G15'],
    cis: {},
    paper: '§V.2.15',
    inputs: ['compose', 'run', 'inspect', 'engine'],
    description:
      "--link is a legacy feature of the default bridge: it copies the linked container's environment (secrets included) into this one as NAME_ENV_* variables and relies on inter-container communication on the shared bridge. User-defined networks give name resolution without either.",
    remediation: {
      compose: '# remove links:; services on the same user-defined network reach each other by name\nnetworks: [backend]',
      run: 'docker network create backend; docker run --network backend … (instead of --link)',
    },
    breaks: 'Software that reads the injected *_PORT_* / *_ENV_* variables must be configured with the service name instead.',
    fix: 'manual',
    superseded: "The paper's multi-tenancy advice (links only where needed) predates user-defined networks; --link is legacy today.",
  },
  checkContainer(c, ctx) {
    const alias = onUserDefinedNetwork(c);
    for (const l of c.links) {
      if (alias) {
        const where = c.source === 'compose' ? "the project's network" : 'a user-defined network';
        ctx.report({ message: `legacy link to ${l.value}: on ${where} it only adds a DNS alias (no environment is copied; names already resolve): remove it, use depends_on for start order`, at: l, data: { link: l.value }, severity: 'info' });
      } else ctx.report({ message: `legacy link to ${l.value}: copies that container's environment in and needs the default bridge`, at: l, data: { link: l.value } });
    }
  },
});
