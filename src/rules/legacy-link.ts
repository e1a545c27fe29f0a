/**
 * BW-0032 legacy-link: legacy `links` / `--link` / `external_links` (R-G15; paper §V.2.15).
 */
import { defineRule } from './types.js';

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
    for (const l of c.links) {
      ctx.report({ message: `legacy link to ${l.value}: copies that container's environment in and needs the default bridge`, at: l, data: { link: l.value } });
    }
  },
});
