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
 * `DOCKER_TLS_CERTDIR` written in the file, located at that value; a dind image older than Docker 19.03 has no
 * TLS at all and is reported at its image name. Keys a job brings in with a YAML merge key (`<<: *dind`) and
 * `!reference` tags are followed. The first job named is one that runs (hidden `.templates` last).
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';
import { emptyDaemon, type DaemonSpec } from '../../model/daemon.js';
import type { SourceFile } from '../../model/source.js';

/** A docker:dind image (`docker:dind`, `docker:27.3-dind`, `docker:24-dind-rootless`, `registry/…/docker:dind`). */
const DIND_IMAGE = /(?:^|\/)docker:[^\s/]*dind\b/;

/** GitLab keys at the top level that are not jobs. */
const NOT_JOBS = new Set(['stages', 'variables', 'include', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script', 'default', 'spec']);

type Vars = Map<string, Scalar>;

/**
 * Follows an alias to its anchored node, and a GitLab `!reference [.job, key, …]` tag to the node it names in
 * the document (docs.gitlab.com, "YAML-specific features": anchors, `!reference` tags); `undefined` for a
 * reference to nothing. At most 10 hops (a reference cycle ends there).
 */
function deref(n: unknown, doc: Document, depth = 0): unknown {
  if (depth > 10) return undefined;
  if (isAlias(n)) return deref(n.resolve(doc), doc, depth + 1);
  if (isSeq(n) && n.tag === '!reference') {
    const path = n.items.map((i) => (isScalar(i) ? i.value : undefined));
    if (path.length === 0 || path.some((p) => typeof p !== 'string')) return undefined;
    return deref(doc.getIn(path as string[], true), doc, depth + 1);
  }
  return n;
}

/**
 * `variables:` of a scope: each name with the scalar of its value (`NAME: v` or `NAME: {value: v}`). A YAML
 * merge key (`<<: *vars`, `<<: [*a, *b]`, as GitLab's docs show for shared variables) brings in the anchored
 * map's variables, the scope's own keys winning whatever their order (YAML merge key semantics).
 */
function varsOf(m: unknown, doc: Document): Vars {
  return mapVars(deref(keyOf(m, 'variables', doc), doc), doc, 0);
}

/**
 * The value node of `key` in a job map, its own or brought in by a YAML merge key (`<<: *dind`, `<<: [*a, *b]`:
 * the first merged map that has it), as GitLab's docs show for shared job parts ("YAML anchors"). Depth 10.
 */
function keyOf(m: unknown, key: string, doc: Document, depth = 0): unknown {
  if (!isMap(m) || depth > 10) return undefined;
  if (m.has(key)) return m.get(key, true);
  const merge = deref(m.get('<<', true), doc);
  for (const src of isSeq(merge) ? merge.items.map((i) => deref(i, doc)) : [merge]) {
    const v = keyOf(src, key, doc, depth + 1);
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * The Docker version of a dind image tag (`docker:18.09.7-dind` → [18, 9]); `undefined` for a tag without
 * one (`docker:dind`, `docker:stable-dind`).
 */
function dindVersion(image: string): [number, number] | undefined {
  const m = /docker:(\d+)(?:\.(\d+))?[^/\s]*dind/.exec(image);
  return m ? [Number(m[1]), Number(m[2] ?? 0)] : undefined;
}

/**
 * True for a dind image older than Docker 19.03: its entrypoint serves `tcp://0.0.0.0:2375` without TLS whatever
 * `DOCKER_TLS_CERTDIR` says (TLS by default came with 19.03: docker-library/docker PR #166, GitLab docs "TLS
 * enabled … Docker 19.03.12 or later").
 */
function predatesTls(image: string): boolean {
  const v = dindVersion(image);
  return v !== undefined && (v[0] < 19 || (v[0] === 19 && v[1] < 3));
}

/** The variables of a `variables:` map (see {@link varsOf}), merge keys followed up to depth 10. */
function mapVars(v: unknown, doc: Document, depth: number): Vars {
  const out: Vars = new Map();
  if (!isMap(v) || depth > 10) return out;
  const merged: Vars = new Map();
  for (const p of v.items) {
    if (!isScalar(p.key)) continue;
    if (p.key.value === '<<') {
      const src = deref(p.value, doc);
      const maps = isSeq(src) ? src.items.map((i) => deref(i, doc)) : [src];
      for (const mm of maps) for (const [k, val] of mapVars(mm, doc, depth + 1)) if (!merged.has(k)) merged.set(k, val);
      continue;
    }
    let val = deref(p.value, doc);
    if (isMap(val)) val = deref(val.get('value', true), doc);
    if (isScalar(val)) out.set(String(p.key.value), val);
  }
  for (const [k, val] of merged) if (!out.has(k)) out.set(k, val);
  return out;
}

/** The dind services of a scope's `services:` (a list of image names or of `{name, variables, …}`). */
function dindServices(m: unknown, doc: Document): { name: Scalar; vars: Vars }[] | undefined {
  const s = deref(keyOf(m, 'services', doc), doc);
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
 * `hosts: [tcp://0.0.0.0:2375]` at the empty `DOCKER_TLS_CERTDIR` (or the pre-19.03 image), the target named after the service image and
 * the first job that runs it. `extra.ciService` marks them: such a spec shows only the listener, not dockerd's
 * other options; `extra.ciWhy` says why there is no TLS.
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
  // Jobs that run first, hidden `.templates` after, so a finding names a job that runs when one does.
  const order = [...jobs].sort(([a], [b]) => Number(a.startsWith('.')) - Number(b.startsWith('.')));
  for (const [job, m] of order) {
    // Scopes from the weakest: top level, default:, the extends chain (root template first), the job.
    const chain: unknown[] = [];
    const visit = (x: YAMLMap, depth: number) => {
      if (depth > 10) return;
      const ext = deref(keyOf(x, 'extends', doc), doc);
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
      const old = predatesTls(String(svc.name.value));
      // Where the plain listener comes from: an image older than 19.03 (at the image), or the empty variable.
      const at = old ? svc.name : certDir;
      if (!at?.range || (!old && String(certDir?.value ?? '') !== '')) continue;
      const why = old ? `${String(svc.name.value)} predates Docker 19.03, the first dind image to serve TLS` : 'DOCKER_TLS_CERTDIR is empty';
      const key = `${svc.name.range?.[0]}:${at.range[0]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const image = String(svc.name.value);
      const [ns, ne] = svc.name.range ?? at.range;
      const d = emptyDaemon({ kind: 'daemon', name: `${image} (service of job ${job})`, range: file.range(ns, ne) }, 'dockerd-flags', file.path, 'partial');
      const origin = { kind: 'file' as const, file: file.path, start: at.range[0], end: at.range[1] };
      d.hosts.push({ value: 'tcp://0.0.0.0:2375', origin, how: 'explicit' });
      d.extra.ciService = { value: `${image} (job ${job})`, origin, how: 'explicit' };
      d.extra.ciWhy = { value: why, origin, how: 'explicit' };
      out.push(d);
    }
  }
  return out;
}
