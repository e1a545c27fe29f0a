/**
 * The Docker daemon a GitLab CI job starts as a service: `services: [docker:<version>-dind]` (docs.gitlab.com,
 * "Use Docker to build Docker images" → "Use the Docker executor with Docker-in-Docker"). The docker:dind image's
 * entrypoint (docker-library/docker `dockerd-entrypoint.sh`) serves the Engine API on `tcp://0.0.0.0:2376` with
 * TLS and client verification when `DOCKER_TLS_CERTDIR` names a directory (its default, `/certs`, since 19.03),
 * and on `tcp://0.0.0.0:2375` WITHOUT TLS when `DOCKER_TLS_CERTDIR` is empty — the "TLS disabled" set-up the
 * GitLab docs also show (`DOCKER_HOST: tcp://docker:2375`, `DOCKER_TLS_CERTDIR: ""`). The dind daemon runs in a
 * privileged container, so whoever reaches its port (the job, other services, and, on a runner without a network
 * per build, other jobs' containers on the same bridge) controls a daemon that is root on the runner host
 * (R-M, R-G2; CIS Docker Benchmark 1.6.0 2.6).
 *
 * Each job (hidden `.template` jobs and `default:` included) is read with what it inherits: `variables` and
 * `services` from the top level and `default:`, then its `extends:` chain (templates of the same file), then its
 * own, later ones winning (docs.gitlab.com "CI/CD YAML syntax reference": `extends`, `default`, `variables`); a
 * service's own `variables:` win for that service. One daemon is reported per pair of dind service and empty
 * `DOCKER_TLS_CERTDIR` written in the file, located at that value.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';
import { emptyDaemon, type DaemonSpec } from '../../model/daemon.js';
import type { SourceFile } from '../../model/source.js';

/** A docker:dind image (`docker:dind`, `docker:27.3-dind`, `docker:24-dind-rootless`, `registry/…/docker:dind`). */
const DIND_IMAGE = /(?:^|\/)docker:[^\s/]*dind\b/;

/** GitLab keys at the top level that are not jobs. */
const NOT_JOBS = new Set(['stages', 'variables', 'include', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script', 'default', 'spec']);

type Vars = Map<string, Scalar>;

/** Follows an alias to its anchored node. */
function deref(n: unknown, doc: Document): unknown {
  return isAlias(n) ? n.resolve(doc) : n;
}

/** `variables:` of a scope: each name with the scalar of its value (`NAME: v` or `NAME: {value: v}`). */
function varsOf(m: unknown, doc: Document): Vars {
  const out: Vars = new Map();
  const v = deref(isMap(m) ? m.get('variables', true) : undefined, doc);
  if (!isMap(v)) return out;
  for (const p of v.items) {
    if (!isScalar(p.key)) continue;
    let val = deref(p.value, doc);
    if (isMap(val)) val = deref(val.get('value', true), doc);
    if (isScalar(val)) out.set(String(p.key.value), val);
  }
  return out;
}

/** The dind services of a scope's `services:` (a list of image names or of `{name, variables, …}`). */
function dindServices(m: unknown, doc: Document): { name: Scalar; vars: Vars }[] | undefined {
  const s = deref(isMap(m) ? m.get('services', true) : undefined, doc);
  if (!isSeq(s)) return undefined;
  const out: { name: Scalar; vars: Vars }[] = [];
  for (const item of s.items) {
    const it = deref(item, doc);
    const name = deref(isMap(it) ? it.get('name', true) : it, doc);
    if (isScalar(name) && typeof name.value === 'string' && DIND_IMAGE.test(name.value)) out.push({ name, vars: isMap(it) ? varsOf(it, doc) : new Map() });
  }
  return out;
}

/**
 * The daemons of the dind services that run without TLS in a GitLab CI document (see the module comment):
 * `hosts: [tcp://0.0.0.0:2375]` at the empty `DOCKER_TLS_CERTDIR`, the target named after the service image and
 * the first job that runs it. `extra.ciService` marks them: such a spec shows only the listener, not dockerd's
 * other options.
 */
export function gitlabDindDaemons(file: SourceFile, doc: Document): DaemonSpec[] {
  const root = doc.contents;
  if (!isMap(root)) return [];
  const jobs = new Map<string, YAMLMap>();
  for (const p of root.items) {
    const key = isScalar(p.key) ? String(p.key.value) : '';
    const v = deref(p.value, doc);
    if (key && !NOT_JOBS.has(key) && isMap(v)) jobs.set(key, v);
  }
  const dflt = deref(root.get('default', true), doc);
  const out: DaemonSpec[] = [];
  const seen = new Set<string>();
  for (const [job, m] of jobs) {
    // Scopes from the weakest: top level, default:, the extends chain (root template first), the job.
    const chain: unknown[] = [];
    const visit = (x: YAMLMap, depth: number) => {
      if (depth > 10) return;
      const ext = deref(x.get('extends', true), doc);
      const names = isSeq(ext) ? ext.items.map((i) => deref(i, doc)) : [ext];
      for (const n of names) if (isScalar(n) && jobs.has(String(n.value))) visit(jobs.get(String(n.value))!, depth + 1);
      chain.push(x);
    };
    visit(m, 0);
    const scopes = [root, dflt, ...chain];
    let services: { name: Scalar; vars: Vars }[] = [];
    const vars: Vars = new Map();
    for (const s of scopes) {
      const sv = dindServices(s, doc);
      if (sv) services = sv;
      for (const [k, v] of varsOf(s, doc)) vars.set(k, v);
    }
    for (const svc of services) {
      const certDir = svc.vars.get('DOCKER_TLS_CERTDIR') ?? vars.get('DOCKER_TLS_CERTDIR');
      if (!certDir?.range || String(certDir.value ?? '') !== '') continue;
      const key = `${svc.name.range?.[0]}:${certDir.range[0]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const image = String(svc.name.value);
      const [ns, ne] = svc.name.range ?? certDir.range;
      const d = emptyDaemon({ kind: 'daemon', name: `${image} (service of job ${job})`, range: file.range(ns, ne) }, 'dockerd-flags', file.path, 'partial');
      const origin = { kind: 'file' as const, file: file.path, start: certDir.range[0], end: certDir.range[1] };
      d.hosts.push({ value: 'tcp://0.0.0.0:2375', origin, how: 'explicit' });
      d.extra.ciService = { value: `${image} (job ${job})`, origin, how: 'explicit' };
      out.push(d);
    }
  }
  return out;
}
