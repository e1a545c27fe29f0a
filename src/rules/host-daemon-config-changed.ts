/**
 * BW-0309 host-daemon-config-changed: the daemon.json dockerd reads was modified after dockerd started, so the
 * running engine may not have what the file says (R-G14: an audit must judge what runs). dockerd reads daemon.json
 * when it starts; on SIGHUP (`systemctl reload docker`) it reloads only some keys (Docker docs "Configure the
 * daemon" → "Configuration reload behavior": debug, labels, live-restore, max-concurrent-*, default-runtime,
 * runtimes, authorization-plugins, insecure-registries, registry-mirrors, …), and settings such as icc, userns-remap,
 * no-new-privileges, userland-proxy, default-ulimits or hosts need a restart. A live audit takes the values the
 * engine reports (`/info`) over the file, but the settings the engine does not report come from the file: this
 * finding says that they may not be in effect. Live audit of a local engine only (the host facts).
 */
import { defineRule } from './types.js';

export default defineRule({
  meta: {
    id: 'BW-0309',
    slug: 'host-daemon-config-changed',
    title: 'daemon.json changed after dockerd started',
    severity: 'medium',
    attackClasses: [],
    requirements: ['R-G14'],
    cis: {},
    paper: '§V.2.14',
    inputs: ['host'],
    description:
      'dockerd reads daemon.json when it starts. A file edited afterwards describes a configuration the engine does not run until it is restarted (a SIGHUP reloads only a few keys; icc, userns-remap, no-new-privileges, userland-proxy, default-ulimits and hosts need a restart). Hardening written to the file but never applied is a false sense of safety, and an unreviewed edit waits for the next restart to take effect. bulwark compares the file\'s modification time with the start time of the running dockerd.',
    remediation: { host: 'review the change (diff against your configuration management), then: systemctl restart docker   # or kill -HUP $(pidof dockerd) for reloadable keys; run the live audit again' },
    breaks: 'Restarting dockerd stops running containers unless live-restore is on.',
    fix: 'manual',
  },
  checkHost(h, ctx) {
    const a = h.daemonConfigAge;
    if (!a?.changedAfterStart) return;
    const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    ctx.report({
      message: `${a.path} was modified at ${iso(a.modifiedMs)}, after dockerd started (${iso(a.startedMs)}): settings it holds that the engine does not report may not be in effect until dockerd is restarted (SIGHUP reloads only some keys)`,
      at: a.origin,
      data: { path: a.path, modified: iso(a.modifiedMs), started: iso(a.startedMs) },
    });
  },
});
