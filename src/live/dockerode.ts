/**
 * Loads dockerode (github.com/apocas/dockerode), the Engine API client of `bulwark audit --live`.
 *
 * In the bundle (tsup.config.ts) dockerode and docker-modem are bundled code, loaded as one chunk: resolving
 * and wrapping their ~25 CommonJS files cost ~20 ms of a live audit's start-up. Their dependencies that a
 * GET-only client never uses (ssh2, gRPC, tar-fs, dockerignore, uuid, docker-modem's http_duplex) are
 * stand-ins there that load the real package on first use (./deferred.ts). Under the TypeScript sources
 * (tests) this loads the installed dockerode as it is.
 */
import type Dockerode from 'dockerode';

let loaded: Promise<typeof Dockerode> | undefined;

/**
 * dockerode's constructor, loaded once.
 * @throws Error (a rejection) when dockerode is not installed.
 */
export function loadDockerode(): Promise<typeof Dockerode> {
  loaded ??= import('dockerode').then((m) => (m as unknown as { default: typeof Dockerode }).default);
  return loaded;
}
