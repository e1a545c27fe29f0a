/**
 * BW-0008 memory-limit-missing: no memory limit (`mem_limit`, `deploy.resources.limits.memory`,
 * `-m`/`--memory`), or `0` (unlimited). Units: bytes. CIS 5.11, R-D, R-G6. High, at the OOM key, when the
 * container is also kept from the OOM killer (`oom_kill_disable`, `oom_score_adj` ≤ -900): docker run reference,
 * "User memory constraints": disable the OOM killer only on containers with `-m`, or the host's processes are killed
 * instead.
 */
import type { ContainerSpec, Sourced } from '../model/types.js';
import { defineRule } from './types.js';
import { isEphemeralContainer, memoryLimit, unknownOptions, UNRESOLVED_NOTE } from './util/container.js';

/**
 * `oom_score_adj` at or below which the container counts as spared by the OOM killer: the kernel ranks a process by
 * its memory use plus `oom_score_adj / 1000` of the host's memory (mm/oom_kill.c `oom_badness`), so at -900 it is
 * chosen only once it holds more than 90% of the memory; -1000 exempts it.
 */
const OOM_SPARED_SCORE = -900;

/** The key as the container's input writes it. */
function oomKey(c: ContainerSpec, k: 'kill' | 'score'): string {
  if (c.source === 'compose') return k === 'kill' ? 'oom_kill_disable' : 'oom_score_adj';
  if (c.source === 'inspect' || c.source === 'engine') return k === 'kill' ? 'HostConfig.OomKillDisable' : 'HostConfig.OomScoreAdj';
  return k === 'kill' ? '--oom-kill-disable' : '--oom-score-adj';
}

/**
 * Why the OOM killer spares `c`, and the setting that says so: the OOM killer disabled, or an `oom_score_adj` at or
 * below {@link OOM_SPARED_SCORE}. `undefined` otherwise (or when the value is not known).
 */
function oomSpared(c: ContainerSpec): { at: Sourced<unknown>; why: string; oom: 'kill-disable' | 'score-adj' } | undefined {
  const { oomKillDisable: kill, oomScoreAdj: adj } = c.resources;
  if (kill?.how === 'explicit' && kill.value === true) {
    const key = oomKey(c, 'kill');
    return {
      at: kill,
      oom: 'kill-disable',
      why: `the OOM killer is disabled (${key}): when the container exhausts the host's memory the kernel kills host processes instead (docker run reference: disable it only on containers with a memory limit, -m; ${key} has no effect on cgroup v2 hosts, where the missing limit remains)`,
    };
  }
  if (adj && adj.how === 'explicit' && adj.value <= OOM_SPARED_SCORE) {
    return {
      at: adj,
      oom: 'score-adj',
      why: `${oomKey(c, 'score')} ${adj.value} keeps the OOM killer off it (-1000 exempts it): when the container exhausts the host's memory the kernel kills host processes instead`,
    };
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'BW-0008',
    slug: 'memory-limit-missing',
    title: 'No memory limit',
    severity: 'medium',
    attackClasses: ['R-D'],
    requirements: ['R-D', 'R-G6'],
    cis: { '1.6.0': ['5.11'] },
    paper: '§IV.2, §V.2.6',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      "Without a memory limit one container can use all of the host's memory and push its neighbours (and the daemon) into the OOM killer: a denial of service from a leak or an attacker. Reported high when the OOM killer is also kept off the container (oom_kill_disable, oom_score_adj of -900 or lower): the kernel then kills host processes instead (docker run reference: disable the OOM killer only on containers with -m).",
    remediation: { kubernetes: 'resources:\n  limits:\n    memory: 512Mi', compose: 'mem_limit: 512m   # or deploy.resources.limits.memory: 512M', run: '--memory 512m', service: '--limit-memory 512M' },
    breaks: 'A limit set below the working set gets the container OOM-killed; measure first.',
    fix: 'unsafe',
  },
  checkContainer(c, ctx) {
    if (isEphemeralContainer(c)) return;
    const m = c.resources.memory;
    const state = memoryLimit(c);
    const spared = state === 'missing' || state === 'unlimited' ? oomSpared(c) : undefined;
    if (spared) {
      const what = state === 'missing' ? 'no memory limit' : 'memory limit is 0 (unlimited)';
      ctx.report({ message: `${what} and ${spared.why}`, at: spared.at, severity: 'high', certainty: state === 'missing' ? unknownOptions(c)?.certainty : undefined, data: { oom: spared.oom } });
      return;
    }
    switch (state) {
      case 'missing':
        ctx.report({ message: `no memory limit: the container may use all host memory${unknownOptions(c)?.note ?? ''}`, at: c.unsetAt?.memory, certainty: unknownOptions(c)?.certainty, data: {} });
        break;
      case 'unlimited':
        ctx.report({ message: 'memory limit is 0 (unlimited): the container may use all host memory', at: m, data: {} });
        break;
      case 'unknown':
        ctx.report({ message: `memory limit: ${UNRESOLVED_NOTE} whether it is set`, at: m, certainty: 'unknown', data: {} });
        break;
    }
  },
});
