/**
 * BW-0025 host-device: host devices passed into the container (`devices`, `--device`), device cgroup
 * rules (`device_cgroup_rules`, `--device-cgroup-rule`) and device nodes bind-mounted with `-v /dev/…`
 * (R-G8: devices only via --device, with the least of `rwm`). CIS 5.18, R-B.
 */
import type { Severity } from './types.js';
import { defineRule } from './types.js';
import { bindKind, classifiedHostPath, mountMode, mountPathAsWritten, UNRESOLVED_NOTE } from './util/container.js';

/** Devices that are host memory itself (mem(4): `/dev/mem`, `/dev/kmem`, `/dev/port`): reading is every secret, writing is the kernel. */
const MEMORY_DEVICE = /^\/dev\/(mem|kmem|port)$/;
/** Devices that give raw access to host disks or raw kernel interfaces: high. */
const DANGEROUS_DEVICE = /^\/dev\/((sd|hd|vd|xvd)[a-z]+\d*|nvme\d+(n\d+(p\d+)?)?|disk(\/.*)?|mapper(\/.*)?|dm-\d+|md\d+|mmcblk\d+(p\d+)?|loop-control|cpu(\/.*)?|bsg(\/.*)?)$/;

/**
 * A fully qualified Container Device Interface name, `vendor/class=name` (`nvidia.com/gpu=all`,
 * `amd.com/gpu=0`); CDI specification "Fully-qualified device name". Not a path: no cgroup permissions apply.
 */
const CDI_NAME = /^[A-Za-z0-9][A-Za-z0-9.-]*\/[A-Za-z0-9][A-Za-z0-9_.-]*=[A-Za-z0-9_.:-]+$/;

/**
 * Severity of passing host device `path`: critical for host memory (`/dev/mem`, `/dev/kmem`, `/dev/port`),
 * high for disks and raw kernel interfaces, else medium.
 */
export function deviceSeverity(path: string): Severity {
  return MEMORY_DEVICE.test(path) ? 'critical' : DANGEROUS_DEVICE.test(path) ? 'high' : 'medium';
}

export default defineRule({
  meta: {
    id: 'BW-0025',
    slug: 'host-device',
    title: 'Host device passed to the container',
    severity: 'medium',
    attackClasses: ['R-B', 'R-K'],
    requirements: ['R-B', 'R-G8'],
    cis: { '1.6.0': ['5.18'] },
    paper: '§V.2.8',
    inputs: ['compose', 'run', 'kubernetes', 'inspect', 'engine'],
    description:
      "A host device gives the container a direct line to a kernel driver and to the hardware: disks (/dev/sda) and memory (/dev/mem) are a host compromise, other drivers are kernel attack surface. Docker grants rwm (read, write, mknod) unless told otherwise; pass each device with --device and only the permissions it needs (often r or rw). A device cgroup rule such as 'c *:* rwm' allows every device the container can create a node for. Bind-mounting /dev nodes with -v bypasses the device list.",
    remediation: {
      kubernetes: '# remove the hostPath volume of the device node; expose the device through a device plugin',
      compose: 'devices:\n  - /dev/ttyUSB0:/dev/ttyUSB0:rw   # only the device needed, least permissions (r, rw)',
      run: '--device /dev/ttyUSB0:/dev/ttyUSB0:rw   # instead of -v /dev/...:... or a broad --device-cgroup-rule',
      service: '# docker service create has no --device option: do not bind-mount device nodes into a service; run what needs the device with docker run --device /dev/ttyUSB0:/dev/ttyUSB0:rw',
    },
    breaks: 'Hardware access (GPUs, USB accelerators, serial ports) stops working for devices or permissions no longer granted.',
    fix: 'unsafe',
  },
  checkContainer(c, ctx) {
    for (const d of c.devices) {
      if (CDI_NAME.test(d.hostPath)) {
        // A CDI device (Docker 25+ with CDI on, podman): its spec, not the flag, says which nodes, mounts and hooks.
        ctx.report({
          message: `CDI device ${d.hostPath}: the device nodes, mounts and hooks its CDI spec (/etc/cdi, /var/run/cdi) defines are given to the container; ${/=all$/.test(d.hostPath) ? 'all devices of the class, not just the ones needed' : 'check that the spec gives only what is needed'}`,
          at: d.origin,
          data: { path: d.hostPath, permissions: 'cdi' },
        });
        continue;
      }
      const perms = d.permissions || 'rwm';
      const memory = MEMORY_DEVICE.test(d.hostPath);
      // A raw disk: reading it alone reads every file of the host file systems on it, so "r may suffice" is no comfort.
      const disk = !memory && DANGEROUS_DEVICE.test(d.hostPath);
      const dflt = memory
        ? ': any access to it is access to host memory'
        : disk
          ? `${d.permissionsExplicit ? '' : " (Docker's default)"}: read access alone reads the host's disk`
          : d.permissionsExplicit
            ? ''
            : " (Docker's default; r or rw may suffice)";
      ctx.report({
        message: `host device ${d.hostPath} passed with permissions ${perms}${dflt}`,
        at: d.origin,
        severity: deviceSeverity(d.hostPath),
        data: { path: d.hostPath, permissions: perms },
      });
    }
    for (const r of c.deviceCgroupRules) {
      if (r.how === 'unresolved') {
        ctx.report({ message: `device cgroup rule ${r.value}: ${UNRESOLVED_NOTE} which devices it allows`, at: r, certainty: 'unknown', data: { rule: r.value } });
        continue;
      }
      const parts = r.value.trim().split(/\s+/);
      const broad = parts[0] === 'a' || parts[1] === '*' || (parts[1] ?? '').startsWith('*:');
      const what = parts[0] === 'b' ? 'block device, host disks included' : parts[0] === 'c' ? 'character device, /dev/mem and /dev/kmem included' : 'device';
      // Character major 1 minors 1, 2, 4 are /dev/mem, /dev/kmem, /dev/port (Linux devices.txt); `c 1:* …` holds them.
      const memory = parts[0] === 'c' && /^1:(?:[124]|\*)$/.test(parts[1] ?? '');
      ctx.report({
        message: broad
          ? `device cgroup rule '${r.value}' allows every ${what}`
          : memory
            ? `device cgroup rule '${r.value}' allows host memory devices (/dev/mem, /dev/kmem, /dev/port are char 1:1, 1:2, 1:4): with mknod, the container reads and writes the host's memory`
            : `device cgroup rule '${r.value}' allows host devices by number`,
        at: r,
        severity: broad || memory ? 'critical' : parts[0] === 'b' ? 'high' : 'medium',
        data: { rule: r.value },
      });
    }
    for (const m of c.mounts) {
      if (bindKind(m, c.engine) !== 'device') continue;
      const path = mountPathAsWritten(m);
      // /dev/disk/by-id, by-uuid…: symbolic links to the disk nodes, not the nodes: low.
      const links = /^\/dev\/disk(\/|$)/.test(classifiedHostPath(m));
      ctx.report({
        message: links
          ? `host ${path} bind-mounted (${mountMode(m)}): names of the host's disks (links to their device nodes)`
          : c.source === 'kubernetes'
            ? `host device node ${path} mounted as a hostPath (${mountMode(m)}): expose devices through a device plugin with the least permissions instead`
            : `host device node ${path} bind-mounted (${mountMode(m)}): pass devices with --device and the least permissions instead`,
        at: m.origin,
        severity: links ? 'low' : deviceSeverity(classifiedHostPath(m)),
        data: { path, mode: mountMode(m), target: m.target },
      });
    }
  },
});
