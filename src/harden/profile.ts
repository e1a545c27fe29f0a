/**
 * The harden profile: values fixes invent (limits, uid, tmpfs paths, capabilities kept), with
 * documented defaults, read from flags or a YAML/JSON profile file (`--profile FILE`).
 *
 * Sources: paper §V.2.6 (R-G6: limit memory, CPU and processes), §V.2.7 (R-G7: capabilities), CIS Docker
 * Benchmark 1.6.0 4.1 (user), 5.11/5.12 (memory, CPU), 5.13 (read-only root), 5.29 (pids).
 */
import { parseDocument } from 'yaml';
import { ALL_CAPABILITIES, normalizeCapability } from '../model/capabilities.js';
import type { HardenProfile } from './types.js';

/**
 * bulwark's defaults: 256 processes, 512 MiB, one CPU, uid/gid 65532 (distroless `nonroot`), tmpfs on /tmp and /run,
 * no capability kept, no digest known, run lines put on the user-defined network `bulwark` (R-G15).
 */
export const DEFAULT_PROFILE: Readonly<HardenProfile> = Object.freeze({
  pidsLimit: 256,
  memory: '512m',
  cpus: '1.0',
  user: '65532:65532',
  keepCapabilities: [],
  tmpfs: ['/tmp', '/run'],
  pins: {},
  network: 'bulwark',
});

/** A bad profile value: the message names the key and what is wrong (the CLI prints it as one line, exit 2). */
export class ProfileError extends Error {}

const MEMORY = /^[1-9][0-9]*(b|k|kb|m|mb|g|gb)?$/i;
const CPUS = /^(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)$/;
const USER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(?::[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/;
const PATH = /^\/[^\s,:"'\\]*$/;
/** A network name bulwark writes: the characters of Docker's container and volume names (moby `RestrictedNameChars`), so it is one plain shell word. */
const NETWORK = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
/** Network names that are not user-defined networks: the default bridge, the host's and no network. */
const NOT_USER_DEFINED = new Set(['bridge', 'default', 'host', 'none']);

/**
 * Checks and completes a partial profile: missing keys take {@link DEFAULT_PROFILE}'s values.
 * @param where prefix for error messages (`profile.yaml`, `--memory`)
 * @throws ProfileError for a value of the wrong shape (`memory must look like 512m`, `cpus must be > 0`, an unknown capability…)
 */
export function completeProfile(p: Partial<Record<keyof HardenProfile, unknown>>, where = 'profile'): HardenProfile {
  const out: HardenProfile = { ...DEFAULT_PROFILE, keepCapabilities: [...DEFAULT_PROFILE.keepCapabilities], tmpfs: [...DEFAULT_PROFILE.tmpfs], pins: {} };
  const bad = (key: string, what: string, v: unknown): never => {
    throw new ProfileError(`${where}: ${key} ${what}, got ${JSON.stringify(v)}`);
  };
  for (const key of Object.keys(p)) if (!(key in DEFAULT_PROFILE)) throw new ProfileError(`${where}: unknown key ${key} (known: ${Object.keys(DEFAULT_PROFILE).join(', ')})`);
  if (p.pidsLimit !== undefined) {
    const n = typeof p.pidsLimit === 'string' ? Number(p.pidsLimit) : p.pidsLimit;
    if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) bad('pidsLimit', 'must be a positive whole number of processes', p.pidsLimit);
    out.pidsLimit = n as number;
  }
  if (p.memory !== undefined) {
    const v = String(p.memory);
    if (!MEMORY.test(v)) bad('memory', 'must be bytes with an optional k/m/g suffix, like 512m', p.memory);
    out.memory = v;
  }
  if (p.cpus !== undefined) {
    const v = String(p.cpus);
    if (!CPUS.test(v) || Number(v) <= 0) bad('cpus', 'must be a number of CPUs greater than 0, like 1.0', p.cpus);
    out.cpus = v;
  }
  if (p.user !== undefined) {
    const v = String(p.user);
    if (!USER.test(v) || /^(root|0+)(:|$)/.test(v)) bad('user', 'must be a non-root user, uid or uid:gid, like 65532:65532', p.user);
    out.user = v;
  }
  if (p.keepCapabilities !== undefined) {
    const list = Array.isArray(p.keepCapabilities) ? p.keepCapabilities : String(p.keepCapabilities).split(',').filter((s) => s.trim() !== '');
    out.keepCapabilities = list.map((c) => {
      const n = normalizeCapability(String(c));
      if (!ALL_CAPABILITIES.includes(n)) bad('keepCapabilities', 'must list capabilities(7) names', c);
      return n;
    });
  }
  if (p.tmpfs !== undefined) {
    const list = Array.isArray(p.tmpfs) ? p.tmpfs : String(p.tmpfs).split(',');
    out.tmpfs = list.map((x) => {
      if (typeof x !== 'string' || !PATH.test(x)) bad('tmpfs', 'must list absolute paths', x);
      return x as string;
    });
  }
  if (p.pins !== undefined) out.pins = checkPins(p.pins, `${where}: pins`);
  if (p.network !== undefined) {
    const v = String(p.network);
    if (!NETWORK.test(v) || v.length > 128 || NOT_USER_DEFINED.has(v.toLowerCase())) bad('network', 'must be the name of a user-defined network (letters, digits, _ . -; not bridge, default, host or none), like bulwark', p.network);
    out.network = v;
  }
  return out;
}

/**
 * Checks a map of image references to digests (`{"node:20-slim": "sha256:<64 hex>"}`).
 * @throws ProfileError naming the first bad entry
 */
export function checkPins(v: unknown, where: string): Record<string, string> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new ProfileError(`${where} must map image references to digests (sha256:<64 hex digits>)`);
  const out: Record<string, string> = {};
  for (const [image, digest] of Object.entries(v as Record<string, unknown>)) {
    if (typeof digest !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(digest)) throw new ProfileError(`${where}: ${image}: digest must be sha256:<64 hex digits>, got ${JSON.stringify(digest)}`);
    if (image.includes('@')) throw new ProfileError(`${where}: ${image}: already has a digest`);
    out[image] = digest;
  }
  return out;
}

/**
 * Parses a profile file (YAML or JSON, a mapping of {@link HardenProfile} keys).
 * @throws ProfileError naming `path` (and the line, for YAML syntax errors) when it is not such a mapping
 */
export function parseProfile(text: string, path: string): HardenProfile {
  const doc = parseDocument(text);
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line;
    throw new ProfileError(`${path}${line ? `:${line}` : ''}: not valid YAML: ${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) return completeProfile({}, path);
  if (typeof data !== 'object' || Array.isArray(data)) throw new ProfileError(`${path}: a profile must be a mapping of pidsLimit, memory, cpus, user, keepCapabilities, tmpfs, pins, network`);
  return completeProfile(data as Record<string, unknown>, path);
}
