/**
 * One daemon, several files: a host tree holds the unit that starts dockerd, the daemon.json it reads and, on
 * Debian/Ubuntu or RHEL, an options file (`/etc/default/docker`, `/etc/sysconfig/docker`). Each file is audited on
 * its own, so without this pass a setting made in daemon.json is reported "not set" on the unit, a setting missing
 * from both is reported twice, and an options file no unit reads is reported as if dockerd ran with it (qa-a 3, 5).
 *
 * - unit + daemon.json it reads (its `--config-file`, else `/etc/docker/daemon.json` in its tree; moby
 *   MergeDaemonConfigurations merges the file with the flags): a "not set" finding (`data.setting`) of one is dropped
 *   when the other sets it, and kept once, on daemon.json (where the fix goes), when neither does;
 * - unit + options file of its tree: when the unit reads it (`EnvironmentFile=`) and its ExecStart= expands one of
 *   its variables (`$DOCKER_OPTS`), the unit's findings already hold
 *   its options, and the options file's findings that say the same (rule and data) are dropped; when it does not,
 *   systemd never passes them to dockerd: the findings about what it writes become `info` and say so, and its
 *   "not set" ones are dropped (the unit's say it).
 * Sources: moby cmd/dockerd loadDaemonCliConfig; systemd.exec(5) EnvironmentFile=; CIS Docker Benchmark section 2.
 */
import type { DaemonSpec } from '../model/daemon.js';
import { norm, unitJsonPairs, written } from '../ingest/daemon/conflicts.js';
import { DAEMON_JSON_FIELDS } from '../ingest/daemon/json.js';
import { environmentFileAt } from '../ingest/daemon/systemd.js';
import type { Finding } from './types.js';


/** daemon.json key → DaemonSpec field, for the settings the "not set" rules name in `data.setting`. */
const FIELD = new Map<string, keyof DaemonSpec>(DAEMON_JSON_FIELDS);

/** Whether `d` sets `setting` (a daemon.json key) explicitly. */
function sets(d: DaemonSpec, setting: string): boolean {
  if (setting === 'default-ulimits') return d.defaultUlimits.length > 0;
  const k = FIELD.get(setting);
  return k !== undefined && written(d, k) !== undefined;
}

const ofSpec = (f: Finding, d: DaemonSpec) => f.target.kind === 'daemon' && f.target.name === d.target.name;
const key = (f: Finding) => `${f.ruleId}\0${JSON.stringify(f.data)}`;

/** The options files (`/etc/default/docker` …) of the unit's tree among `specs`, with whether the unit reads each. */
function unitOptionFiles(specs: DaemonSpec[]): { unit: DaemonSpec; options: DaemonSpec; read: boolean }[] {
  const out: { unit: DaemonSpec; options: DaemonSpec; read: boolean }[] = [];
  const optionFiles = specs.filter((d) => d.extra.optionsFile !== undefined);
  for (const u of specs) {
    if (u.source !== 'systemd-unit' || u.socketUnit) continue;
    const read = ((u.extra.environmentFiles?.value as string[] | undefined) ?? []).map(norm);
    for (const o of optionFiles) {
      // The same tree: the unit would read this very path for `EnvironmentFile=/etc/default/docker` (or …/sysconfig/…).
      const m = /(?:^|\/)(etc\/(?:default|sysconfig)\/[^/]+)$/.exec(norm(o.file));
      if (!m || norm(environmentFileAt(u.file, '/' + m[1])) !== norm(o.file)) continue;
      out.push({ unit: u, options: o, read: read.includes(norm(o.file)) });
    }
  }
  return out;
}

/** Drops or downgrades the findings of `findings` that one daemon's other files contradict (see the module). In place. */
export function reconcileDaemonFindings(findings: Finding[], specs: DaemonSpec[]): void {
  const drop = new Set<Finding>();
  for (const { unit, json } of unitJsonPairs(specs)) {
    // A finding about a setting its file writes is about that value and stays; one about a setting its file does
    // not write ("not set in this file") goes when the other file writes it, or when daemon.json says it too.
    const unsetIn = (f: Finding, d: DaemonSpec) => ofSpec(f, d) && typeof f.data.setting === 'string' && !sets(d, f.data.setting);
    const jsonUnset = new Set(findings.filter((f) => unsetIn(f, json)).map((f) => f.ruleId));
    for (const f of findings) {
      const setting = f.data.setting as string;
      if (unsetIn(f, unit) && (sets(json, setting) || jsonUnset.has(f.ruleId))) drop.add(f);
      else if (unsetIn(f, json) && sets(unit, setting)) drop.add(f);
    }
  }
  for (const { unit, options, read } of unitOptionFiles(specs)) {
    if (read) {
      const said = new Set(findings.filter((f) => ofSpec(f, unit)).map(key));
      for (const f of findings) if (ofSpec(f, options) && said.has(key(f))) drop.add(f);
      continue;
    }
    for (const f of findings) {
      if (!ofSpec(f, options) || drop.has(f)) continue;
      // Its "not set" findings say nothing the unit's do not; what it does write is not applied: info.
      if (typeof f.data.setting === 'string' && !sets(options, f.data.setting)) {
        drop.add(f);
        continue;
      }
      f.severity = 'info';
      f.message += ` (${unit.file} starts dockerd without them: it reads no EnvironmentFile= of this file, or expands none of its variables; under systemd these options are not applied)`;
    }
  }
  if (!drop.size) return;
  let w = 0;
  for (const f of findings) if (!drop.has(f)) findings[w++] = f;
  findings.length = w;
}
