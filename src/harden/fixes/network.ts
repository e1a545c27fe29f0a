/**
 * BW-0038 default-bridge-network (unsafe): a container on Docker's default bridge `docker0` shares it with
 * every container started without a network, reachable on every port while the daemon's `icc` is on
 * (paper §IV.6, §IV.7, §V.2.15; requirements.md R-M, R-A, R-G15 "per-app networks"; CIS Docker Benchmark
 * 1.6.0 5.30). The fix puts it on a user-defined network, named by the harden profile's `network`
 * (`--network NAME`, default `bulwark`):
 *
 * - a `docker run` line without `--network` / `--net` gets `--network <net>`, and the script (before the
 *   first run line that joins it) or the Markdown / AsciiDoc block (its first line) gets once
 *   `docker network inspect <net> >/dev/null 2>&1 || docker network create <net>   # bulwark: …`;
 * - a run line with `--network bridge` / `--net=default` gets `<net>` as its value, the same line added;
 * - in a systemd unit, that line is a unit setting before the command: `ExecStartPre=-docker network create <net>`
 *   (a shell line there is no setting: systemd ignores it, "Missing '='");
 * - a Compose `network_mode: bridge` is removed: the service joins the project's own network, which is
 *   user-defined (Compose creates `<project>_default`).
 *
 * Run lines with `--network none`, `host` or `container:…` are not on the default bridge and are left
 * (host is BW-0015's fix).
 */
import type { RunEditor } from '../run.js';
import type { Fix } from '../types.js';
import { removal } from './util.js';

/** The fix. */
export const userDefinedNetwork: Fix = {
  ruleId: 'BW-0038',
  slug: 'default-bridge-network',
  applicability: 'unsafe',
  title: 'put the container on a user-defined network instead of the default bridge',
  attack:
    'containers on the default bridge reaching each other on every port, and ARP spoofing or sniffing between them, across applications that have nothing to do with each other — R-M, R-A, R-G15',
  breaks:
    "containers that reached others by their IP on docker0 (or --link) no longer do: put the containers that talk to each other on the same network (--network in the profile) and use their names; a network created by the added line is a plain bridge network: give it options (subnet, internal) by creating it yourself first",
  applies: (f, c) => {
    if (f.certainty !== 'definite' || !c) return false;
    // A run line handed to another shell (`ssh host "docker run …"`) may start on another host, where the network
    // the added `docker network create` line makes here does not exist.
    if (c.extra.nestedScript) return false;
    const n = c.namespaces.network;
    if (c.source === 'run') return n === undefined ? c.networks.length === 0 : n.origin.kind === 'file' && n.how === 'explicit';
    return c.source === 'compose' && n?.origin.kind === 'file' && n.how === 'explicit';
  },
  container(c, _f, ed, profile) {
    const n = c.namespaces.network;
    if (ed.kind === 'run') return (ed as unknown as RunEditor).joinNetwork(profile.network, n?.origin);
    return !!removal(ed)?.removeKey('network_mode', n!.origin, `network_mode: ${n!.raw ?? 'bridge'}`);
  },
};
