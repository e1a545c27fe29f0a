/**
 * Which container rules judge a `docker compose run` / `docker-compose run` line (`extra.composeRun`, set by the run
 * ingester, src/ingest/run/parse.ts). Such a line starts the one-off container of a Compose service: its image and
 * every setting it does not write (user, capabilities dropped, read-only root, limits, security options, networks,
 * restart policy, logging, healthcheck) come from the Compose file, which the line does not show (docker compose run
 * reference: "Commands you use with run start in new containers with configuration defined by that of the
 * service"). A rule that reports a setting as missing, or that reads the image, would judge the Compose file without
 * seeing it; only the rules about what the line itself writes apply:
 *  - `--cap-add` (BW-0002), added to the service's `cap_add`;
 *  - `-u` (BW-0005 root user; BW-0044 an exec as root into a container run as another user), which replaces the service's `user`;
 *  - `-v` (BW-0011 sensitive path, BW-0012 writable bind, BW-0013 runtime socket, BW-0014 shared propagation), added to
 *    the service's volumes;
 *  - `-e` (BW-0026 secret in the environment), `-p` (BW-0028 all interfaces, BW-0029 SSH port; the service's own ports
 *    are not published unless `--service-ports`), the command and `--entrypoint` (BW-0035 secret on the command line),
 *    the socket mount and the published port of an API proxy or a dockerd command (BW-0045);
 *  - `docker exec --privileged` into the container (BW-0043).
 * `BW-0000` is the compliance view's target recorder (src/compliance/index.ts), which records every target.
 */
export const COMPOSE_RUN_RULES: ReadonlySet<string> = new Set([
  'BW-0000', 'BW-0002', 'BW-0005', 'BW-0011', 'BW-0012', 'BW-0013', 'BW-0014', 'BW-0026', 'BW-0028', 'BW-0029', 'BW-0035', 'BW-0043', 'BW-0044', 'BW-0045',
]);

/** Whether container rule `id` runs for container `c` (every rule but for a `docker compose run` line: {@link COMPOSE_RUN_RULES}). */
export function runsForContainer(id: string, c: { extra: Record<string, unknown> }): boolean {
  return c.extra.composeRun === undefined || COMPOSE_RUN_RULES.has(id);
}
