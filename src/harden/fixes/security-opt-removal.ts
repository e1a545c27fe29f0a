/**
 * Fixes that remove a security option turning a default confinement off: `seccomp=unconfined`
 * (BW-0021, R-G12, CIS 5.22), `apparmor=unconfined` (BW-0022, CIS 5.2), `label=disable` /
 * `label=type:spc_t` (BW-0023, CIS 5.3), `systempaths=unconfined` (BW-0024). Docker's default profile,
 * AppArmor `docker-default` and SELinux `container_t` then apply again. Paper §V.2.12, §IV.1 (R-K).
 */
import type { Fix } from '../types.js';
import { optAt } from './util.js';

function removal(ruleId: string, slug: string, title: string, attack: string, breaks: string): Fix {
  return {
    ruleId,
    slug,
    applicability: 'safe',
    title,
    attack,
    breaks,
    container(c, f, ed) {
      const o = optAt(c, f);
      return !!o && ed.removeSecurityOpt(o);
    },
  };
}

/** BW-0021: remove `seccomp=unconfined` so Docker's default seccomp profile applies. */
export const seccompUnconfined = removal(
  'BW-0021',
  'seccomp-unconfined',
  'remove seccomp unconfined: the default seccomp profile applies again',
  'kernel exploits through rarely used syscalls (keyctl, kexec_load, open_by_handle_at, userfaultfd) — R-K',
  'software that calls a syscall the default profile blocks fails with EPERM; give it a custom profile instead',
);

/** BW-0022: remove `apparmor=unconfined` so the `docker-default` AppArmor profile applies (hosts with AppArmor). */
export const apparmorUnconfined = removal(
  'BW-0022',
  'apparmor-unconfined',
  'remove apparmor unconfined: the docker-default AppArmor profile applies again',
  'breakout through writes to /proc and /sys and mount(2), where the host has AppArmor — R-B, R-K',
  'software that mounts filesystems or writes kernel tunables is denied on AppArmor hosts',
);

/** BW-0023: remove `label=disable` / `label=type:spc_t` so SELinux confines the container as `container_t`. */
export const selinuxDisabled = removal(
  'BW-0023',
  'selinux-disabled',
  'remove the SELinux label override: the container is confined as container_t again',
  'breakout through host files the container can reach, where the host enforces SELinux — R-B, R-K',
  'bind mounts then need a :z/:Z relabel on SELinux hosts, or the container cannot read them',
);

/** BW-0024: remove `systempaths=unconfined` so /proc and /sys paths stay masked. */
export const systempathsUnconfined = removal(
  'BW-0024',
  'systempaths-unconfined',
  'remove systempaths unconfined: /proc and /sys stay masked and read-only',
  'breakout through kernel tunables such as /proc/sys/kernel/core_pattern — R-B, R-K',
  'tools that read masked /proc files (/proc/kcore, /proc/keys) lose them',
);
