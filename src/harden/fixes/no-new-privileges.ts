/**
 * BW-0007 no-new-privileges-missing: add `security_opt: [no-new-privileges:true]` /
 * `--security-opt no-new-privileges:true`; an explicit `no-new-privileges:false` is removed first (the
 * next round adds the right one). Paper §V.2.7 (R-G7), CIS Docker Benchmark 5.26.
 */
import type { Fix } from '../types.js';
import { optAt } from './util.js';

/** The fix. Safe: execve never grants more than the caller has; only setuid-dependent software notices. */
export const noNewPrivileges: Fix = {
  ruleId: 'BW-0007',
  slug: 'no-new-privileges-missing',
  applicability: 'safe',
  title: 'add no-new-privileges: setuid binaries and file capabilities no longer raise privileges',
  attack: 'privilege escalation inside the container through setuid binaries (su, sudo, ping) before a kernel exploit — R-K, R-B',
  breaks: 'software that must gain privileges through a setuid binary (sudo, su) at run time',
  container(c, f, ed) {
    if (f.certainty !== 'definite') return false;
    const wrong = optAt(c, f);
    if (wrong && wrong.key === 'no-new-privileges') return ed.removeSecurityOpt(wrong);
    return ed.addSecurityOpt('no-new-privileges:true');
  },
};
