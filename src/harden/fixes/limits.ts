/**
 * Resource limits (paper §IV.2 denial of service, §V.2.6 R-G6): pids (BW-0010, CIS 5.29; safe),
 * memory (BW-0008, CIS 5.11; unsafe) and CPU (BW-0009, CIS 5.12; unsafe). The values come from the
 * harden profile and carry a `bulwark:` comment.
 */
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

/** BW-0008: `mem_limit` / `--memory` from the profile (default 512m). Unsafe: a wrong guess gets the service OOM-killed. */
export const memoryLimit: Fix = {
  ruleId: 'BW-0008',
  slug: 'memory-limit-missing',
  applicability: 'unsafe',
  title: 'add a memory limit',
  attack: 'one container using all host memory and starving the others — R-D',
  breaks: 'a service that needs more memory than the limit is OOM-killed; set memory in the profile to what it needs',
  applies: (f) => f.certainty === 'definite',
  container: (c, _f, ed, p) => ed.setScalar('memory', p.memory, c.resources.memory, 'memory limit from the harden profile'),
};

/** BW-0009: `cpus` / `--cpus` from the profile (default 1.0). Unsafe: a CPU-bound service slows down. */
export const cpuLimit: Fix = {
  ruleId: 'BW-0009',
  slug: 'cpu-limit-missing',
  applicability: 'unsafe',
  title: 'add a CPU limit',
  attack: 'one container using every CPU of the host — R-D',
  breaks: 'CPU-bound services get slower; set cpus in the profile',
  applies: (f) => f.certainty === 'definite',
  container: (c, _f, ed, p) => ed.setScalar('cpus', p.cpus, c.resources.nanoCpus, 'CPU limit from the harden profile'),
};
