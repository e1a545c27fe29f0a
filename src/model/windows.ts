/**
 * Windows containers (Docker on Windows Server and Windows 10/11 in Windows-container mode): what tells a container
 * apart as one, and the names its images use. Linux-only controls do not exist there: moby daemon/daemon_windows.go
 * `verifyContainerResources` refuses PidsLimit, CpusetCpus, CpusetMems, BlkioWeight…, `verifyPlatformContainerSettings`
 * and runconfig/hostconfig_windows.go refuse `--read-only`; capabilities, no-new-privileges, seccomp, AppArmor and
 * ulimits have no Windows counterpart. Memory and CPU limits, mounts, ports and secrets still apply.
 */
import type { ContainerSpec, Origin } from './types.js';

/**
 * Windows base images (Windows Server Core, Nano Server and the images built on them, as Microsoft's registry names
 * them: `mcr.microsoft.com/windows/servercore:ltsc2022`, `mcr.microsoft.com/windows/servercore/iis:…`, `…/nanoserver`,
 * `mcr.microsoft.com/dotnet/framework/runtime:4.8-windowsservercore-ltsc2022`, `…:8.0-nanoserver-1809`), as the
 * Dockerfile hardener reads a final stage's base (src/harden/dockerfile.ts).
 */
const WINDOWS_IMAGE = /(^|\/)windows(\/|:|$)|servercore|nanoserver/i;

/** Whether an image reference names a Windows base image or one built on it ({@link WINDOWS_IMAGE}). */
export function isWindowsImage(ref: string): boolean {
  return WINDOWS_IMAGE.test(ref);
}

/**
 * The non-administrator account of Windows base images (Microsoft: "Windows container user accounts":
 * `ContainerUser` in Server Core and Nano Server; `ContainerAdministrator` is the default). A Windows
 * container has no numeric uid, so `--user 65532:65532` / `USER 65532:65532` make it fail to find the user.
 */
export const WINDOWS_USER = 'ContainerUser';

/** A Windows path inside the container: a drive path (`C:\inetpub`, `c:/data`) or a named pipe (`\\.\pipe\x`). */
const WINDOWS_CONTAINER_PATH = /^(?:[A-Za-z]:(?:[\\/]|$)|\\\\[.?]\\)/;

/**
 * What shows that a `docker run` / `docker create` line starts a Windows container, where it is unambiguous:
 * `--isolation process|hyperv` (dockerd on Linux accepts only `default`: moby runconfig/hostconfig_unix.go
 * "linux only supports 'default'"), `--platform windows/…`, a container path of a mount or the working directory that
 * is a Windows path (a Linux container's are absolute POSIX paths), or a Windows base image ({@link isWindowsImage}).
 * `undefined` when none does. The value says what (`--isolation=process`), the origin where it is written.
 */
export function windowsRunEvidence(c: ContainerSpec): { value: string; origin: Origin } | undefined {
  const str = (k: string): { value: string; origin: Origin } | undefined => {
    const s = c.extra[k];
    return s && s.how !== 'unresolved' && typeof s.value === 'string' ? { value: s.value, origin: s.origin } : undefined;
  };
  const iso = str('isolation');
  if (iso && /^(?:process|hyperv)$/i.test(iso.value.trim())) return { value: `--isolation=${iso.value.trim()}`, origin: iso.origin };
  const platform = str('platform');
  if (platform && /^windows(?:\/|$)/i.test(platform.value.trim())) return { value: `--platform=${platform.value.trim()}`, origin: platform.origin };
  const m = c.mounts.find((x) => !x.unresolved && WINDOWS_CONTAINER_PATH.test(x.target));
  if (m) return { value: `container path ${m.target}`, origin: m.origin };
  const wd = str('workdir');
  if (wd && WINDOWS_CONTAINER_PATH.test(wd.value)) return { value: `working directory ${wd.value}`, origin: wd.origin };
  if (c.image && c.image.how !== 'unresolved' && isWindowsImage(c.image.value)) return { value: `image ${c.image.value}`, origin: c.image.origin };
  return undefined;
}
