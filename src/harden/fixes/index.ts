/**
 * The fixes, keyed by rule id (like Ruff's per-rule fixes). A rule may have several fixes; the first one
 * whose applicability is allowed and that applies to the finding is used, so unsafe fixes come first
 * where a safe one is the fallback (BW-0003: drop ALL, or at least NET_RAW; BW-0026: a secret file, or at least
 * the literal out of the file).
 */
import type { Fix } from '../types.js';
import { dropAll, dropNetRaw } from './capabilities.js';
import { readOnlyRoot } from './filesystem.js';
import { cpuLimit, memoryLimit, pidsLimit } from './limits.js';
import { removeAddedCapability } from './cap-add.js';
import { removeHostDevice } from './devices.js';
import { removeHostCgroupns, removeHostIpc, removeHostNetwork, removeHostPid, removeHostUserns, removeHostUts } from './host-namespaces.js';
import { removeDockerSocket, removeSensitiveMount, sensitiveMountReadOnly } from './mounts.js';
import { removePrivileged } from './privileged.js';
import { boundRestart } from './restart.js';
import { secretFromEnvironment } from './secrets.js';
import { secretToFile } from './secret-files.js';
import { secretToSecretRef } from './secret-ref.js';
import { userDefinedNetwork } from './network.js';
import { noNewPrivileges } from './no-new-privileges.js';
import { pinImage } from './pin.js';
import { apparmorUnconfined, seccompUnconfined, selinuxDisabled, systempathsUnconfined } from './security-opt-removal.js';
import { seccompRuntimeDefault } from './seccomp-profile.js';
import { userNotSet, userRoot } from './user.js';

/** Every container fix, in the order tried. */
export const CONTAINER_FIXES: readonly Fix[] = [
  noNewPrivileges,
  dropAll,
  dropNetRaw,
  pidsLimit,
  memoryLimit,
  cpuLimit,
  readOnlyRoot,
  userNotSet,
  userRoot,
  sensitiveMountReadOnly,
  removeSensitiveMount,
  removeDockerSocket,
  seccompUnconfined,
  apparmorUnconfined,
  selinuxDisabled,
  systempathsUnconfined,
  seccompRuntimeDefault,
  pinImage,
  removePrivileged,
  removeHostNetwork,
  removeHostPid,
  removeHostIpc,
  removeHostUts,
  removeHostUserns,
  removeHostCgroupns,
  removeAddedCapability,
  removeHostDevice,
  // BW-0026: the secret becomes a file (Compose secret or bind-mounted file); where that cannot be done
  // (a variable name no shell can export), a literal value at least leaves the file.
  secretToFile,
  // Kubernetes: the secret moves to a Secret referenced by valueFrom.secretKeyRef.
  secretToSecretRef,
  secretFromEnvironment,
  boundRestart,
  userDefinedNetwork,
];

/** All fixes by rule id, in the order tried. */
export function fixesByRule(fixes: readonly Fix[]): Map<string, Fix[]> {
  const m = new Map<string, Fix[]>();
  for (const f of fixes) m.set(f.ruleId, [...(m.get(f.ruleId) ?? []), f]);
  return m;
}
