/**
 * Whether a YAML file with a top-level `services:` key is clearly not a Compose file, by the shape of that key
 * (compose-spec `compose-spec.json`: `services` is a mapping of names to service mappings whose keys are the
 * service properties below or `x-` extensions; anything else docker compose refuses). A directory scan skips such a
 * file instead of reporting it as a broken Compose file: an Ansible inventory, a Helm values file, a CI template
 * with a `services:` list of its own. A file named on the command line is still read as Compose (and its error
 * reported).
 */
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';

/**
 * The properties of a Compose service (compose-spec `#/definitions/service`, as compose-go's schema of 2025 lists
 * them), besides `x-` extensions and the YAML merge key `<<`.
 */
export const COMPOSE_SERVICE_PROPERTIES: ReadonlySet<string> = new Set([
  'annotations', 'attach', 'blkio_config', 'build', 'cap_add', 'cap_drop', 'cgroup', 'cgroup_parent', 'command', 'configs',
  'container_name', 'cpu_count', 'cpu_percent', 'cpu_period', 'cpu_quota', 'cpu_rt_period', 'cpu_rt_runtime', 'cpu_shares',
  'cpus', 'cpuset', 'credential_spec', 'depends_on', 'deploy', 'develop', 'device_cgroup_rules', 'devices', 'dns', 'dns_opt',
  'dns_search', 'domainname', 'entrypoint', 'env_file', 'environment', 'expose', 'extends', 'external_links', 'extra_hosts',
  'gpus', 'group_add', 'healthcheck', 'hostname', 'image', 'init', 'ipc', 'isolation', 'label_file', 'labels', 'links',
  'logging', 'mac_address', 'mem_limit', 'mem_reservation', 'mem_swappiness', 'memswap_limit', 'models', 'network_mode',
  'networks', 'oom_kill_disable', 'oom_score_adj', 'pid', 'pids_limit', 'platform', 'ports', 'post_start', 'pre_stop',
  'privileged', 'profiles', 'provider', 'pull_policy', 'pull_refresh_after', 'read_only', 'restart', 'runtime', 'scale',
  'secrets', 'security_opt', 'shm_size', 'stdin_open', 'stop_grace_period', 'stop_signal', 'storage_opt', 'sysctls', 'tmpfs',
  'tty', 'ulimits', 'use_api_socket', 'user', 'userns_mode', 'uts', 'volumes', 'volumes_from', 'working_dir',
]);

/**
 * True only when the text is clearly not a Compose file: one YAML document that parses without error, whose
 * top-level `services` is a sequence or a non-null scalar, or a non-empty mapping none of whose values is a service
 * (every value a non-null scalar, a sequence, or a non-empty mapping without any Compose service property). Anything it cannot
 * decide (a parse error, several documents, an alias, a null service, an interpolated key) counts as Compose: false.
 */
export function clearlyNotCompose(text: string): boolean {
  let docs;
  try {
    docs = parseAllDocuments(text, { uniqueKeys: false });
  } catch {
    return false;
  }
  if (!Array.isArray(docs) || docs.length !== 1 || docs[0].errors.length) return false;
  const root = docs[0].contents;
  if (!isMap(root)) return false;
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'services');
  const services = pair?.value;
  if (services === undefined || services === null || isAlias(services)) return false;
  if (isSeq(services)) return true;
  if (isScalar(services)) return services.value !== null;
  if (!isMap(services) || services.items.length === 0) return false;
  return services.items.every((p) => {
    const v = p.value;
    if (v === null || v === undefined || isAlias(v)) return false;
    if (isScalar(v)) return v.value !== null;
    if (isSeq(v)) return true;
    if (!isMap(v) || v.items.length === 0) return false;
    return v.items.every((e) => {
      if (!isScalar(e.key) || typeof e.key.value !== 'string') return false;
      const k = e.key.value;
      return !(COMPOSE_SERVICE_PROPERTIES.has(k) || k.startsWith('x-') || k === '<<' || k.includes('$'));
    });
  });
}
