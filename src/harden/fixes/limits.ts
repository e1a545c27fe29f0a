/**
 * Resource limits (paper §IV.2 denial of service, §V.2.6 R-G6): pids (BW-0010, CIS 5.29; safe),
 * memory (BW-0008, CIS 5.11; unsafe) and CPU (BW-0009, CIS 5.12; unsafe). The values come from the
 * harden profile and carry a `bulwark:` comment.
 */
import { parseBytes } from '../../ingest/compose/units.js';
import type { Fix } from '../types.js';

/** BW-0010: `pids_limit` / `--pids-limit` from the profile (default 256). Safe: few services run hundreds of processes. */
export const pidsLimit: Fix = {
  ruleId: 'BW-0010',
  slug: 'pids-limit-missing',
  applicability: 'safe',
  title: 'add a pids limit',
  attack: 'a fork bomb exhausting the host-wide process table — R-D',
  breaks: 'services that run more processes or threads than the limit (threads count) fail to fork; raise pidsLimit in the profile',
  applies: (f) => f.certainty === 'definite',
  container: (c, _f, ed, p) => ed.setScalar('pids', String(p.pidsLimit), c.resources.pidsLimit, 'pids limit from the harden profile'),
};

/** `n` bytes as docker and Compose read a size (base 1024, docker/go-units `RAMInBytes`): `1g`, `1536m`, `100k`, `1000b`. */
export function bytesSpelled(n: number): string {
  for (const [unit, size] of [['g', 1024 ** 3], ['m', 1024 ** 2], ['k', 1024]] as const) if (n % size === 0) return `${n / size}${unit}`;
  return `${n}b`;
}

/** A positive number written as is (not from an unresolved variable), else undefined. */
function written(s: { value: unknown; how: string } | undefined): number | undefined {
  return s && s.how !== 'unresolved' && typeof s.value === 'number' && Number.isFinite(s.value) && s.value > 0 ? s.value : undefined;
}

/**
 * BW-0008: `mem_limit` / `--memory` from the profile (default 512m). Unsafe: a wrong guess gets the service OOM-killed.
 * The engine refuses a limit below the reservation ("Minimum memory limit can not be less than memory reservation
 * limit", moby daemon/daemon_unix.go verifyPlatformContainerResources) and a swap limit below the memory limit
 * ("Minimum memoryswap limit should be larger than memory limit"): a `mem_reservation` /
 * `deploy.resources.reservations.memory` / `--memory-reservation` above the profile's value becomes the limit (as
 * a Kubernetes request does, kubernetes.ts setLimit), and a limit above `memswap_limit` / `--memory-swap` is
 * lowered to it; a reservation above the swap limit is left to the user (a note says so).
 */
export const memoryLimit: Fix = {
  ruleId: 'BW-0008',
  slug: 'memory-limit-missing',
  applicability: 'unsafe',
  title: 'add a memory limit',
  attack: 'one container using all host memory and starving the others — R-D',
  breaks: 'a service that needs more memory than the limit is OOM-killed; set memory in the profile to what it needs',
  applies: (f) => f.certainty === 'definite',
  container: (c, _f, ed, p) => {
    const profile = parseBytes(p.memory);
    // Kubernetes: the editor raises the limit to the container's memory request itself.
    if (ed.kind === 'kubernetes' || profile === undefined) return ed.setScalar('memory', p.memory, c.resources.memory, 'memory limit from the harden profile');
    const reservation = written(c.resources.memoryReservation);
    const swap = written(c.resources.memorySwap);
    const [resName, swapName] = ed.kind === 'compose' ? ['reservation', 'memswap_limit'] : ['--memory-reservation', '--memory-swap'];
    let limit = profile;
    let note = 'memory limit from the harden profile';
    if (reservation !== undefined && reservation > limit) {
      limit = reservation;
      note = `memory limit set to the ${resName} (the profile's ${p.memory} is below it)`;
    }
    if (swap !== undefined && swap < limit) {
      if (reservation !== undefined && reservation > swap) {
        (ed.problems as string[]).push(`the memory ${resName} is above the ${swapName} limit, which the engine refuses: set the memory limit by hand`);
        return false;
      }
      limit = swap;
      note = `memory limit set to the ${swapName} (the engine refuses a memory limit above it)`;
    }
    return ed.setScalar('memory', limit === profile ? p.memory : bytesSpelled(limit), c.resources.memory, note);
  },
};

/**
 * BW-0009: `cpus` / `--cpus` from the profile (default 1.0). Unsafe: a CPU-bound service slows down.
 * With a CFS period written (`cpu_period` / `--cpu-period`) the engine refuses `cpus` ("Conflicting options: Nano
 * CPUs and CPU Period cannot both be set", moby daemon/daemon_unix.go): the same limit is written as a quota of
 * that period instead (`cpu_quota` / `--cpu-quota` = period × cpus, in microseconds; docker run reference
 * "CPU period constraint"). Kubernetes has no period.
 */
export const cpuLimit: Fix = {
  ruleId: 'BW-0009',
  slug: 'cpu-limit-missing',
  applicability: 'unsafe',
  title: 'add a CPU limit',
  attack: 'one container using every CPU of the host — R-D',
  breaks: 'CPU-bound services get slower; set cpus in the profile',
  applies: (f) => f.certainty === 'definite',
  container: (c, _f, ed, p) => {
    const period = ed.kind === 'kubernetes' ? undefined : written(c.resources.cpuPeriod);
    if (period === undefined) return ed.setScalar('cpus', p.cpus, c.resources.nanoCpus, 'CPU limit from the harden profile');
    const cpus = Number(p.cpus);
    // The engine's smallest quota is 1000µs (1ms).
    const quota = Math.round(period * cpus);
    if (!Number.isFinite(quota) || quota < 1000) {
      (ed.problems as string[]).push(`a CPU period is set, so the limit must be a CPU quota, and ${p.cpus} CPUs of a ${period}µs period is below the engine's 1000µs minimum: set the CPU quota by hand`);
      return false;
    }
    const [periodName] = ed.kind === 'compose' ? ['cpu_period'] : ['--cpu-period'];
    return ed.setScalar('cpuQuota', String(quota), c.resources.cpuQuota, `CPU limit from the harden profile: ${p.cpus} CPUs as a quota of the ${periodName} (the engine refuses cpus with a period)`);
  },
};
