/**
 * BW-0025 host-device (CIS 5.18; paper §V.2.8; R-B, R-G8): remove the host device: the `devices` item /
 * `--device` flag, the `device_cgroup_rules` item / `--device-cgroup-rule` flag, or the `/dev` bind mount
 * the finding points at. Unsafe: hardware access through that device stops.
 */
import type { Fix } from '../types.js';
import { mountAt, removal, writtenAt } from './util.js';

/** The fix. */
export const removeHostDevice: Fix = {
  ruleId: 'BW-0025',
  slug: 'host-device',
  applicability: 'unsafe',
  title: 'remove the host device',
  attack: 'direct access to a kernel driver and the hardware behind it: host disks and memory (/dev/sda, /dev/mem) are a host compromise — R-B, R-K',
  breaks: 'hardware access through the device (GPUs, USB accelerators, serial ports, /dev/kmsg for log readers) stops; pass back only the device needed with the least permissions (r, rw)',
  applies: (f, c) => f.certainty === 'definite' && !!c && !!(writtenAt(c.devices, f) ?? writtenAt(c.deviceCgroupRules, f) ?? mountAt(c, f)),
  container(c, f, ed) {
    const r = removal(ed);
    if (!r) return false;
    const d = writtenAt(c.devices, f);
    if (d) return r.removeItem('devices', d.origin, `the device ${d.hostPath}`);
    const rule = writtenAt(c.deviceCgroupRules, f);
    if (rule) return r.removeItem('device_cgroup_rules', rule.origin, `the device cgroup rule ${rule.value}`);
    const m = mountAt(c, f);
    return !!m && ed.removeMount(m);
  },
};
