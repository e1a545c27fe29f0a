/**
 * Secret values in a container's logging options and labels, as source ranges the engine masks in every rendered
 * source (R-S: secrets never appear in bulwark's output). Logging drivers take credentials as options:
 * `--log-opt splunk-token=…` on a `docker run` line, Compose `logging.options.splunk-token`, and likewise
 * `*password*`, `*secret*`, `*key*`, `*credential*` (Docker docs, "Configure logging drivers";
 * the Splunk, Logentries, Loki, GELF, Fluentd drivers), and passwords inside URLs
 * (`loki-url: https://user:pass@host/loki/api/v1/push`). The same names as the daemon's `log-opts`
 * ({@link daemonSecretRanges}): a container's options are the daemon's, per container. Labels (`--label`, Compose
 * `labels`) are judged by {@link labelSecret}. BW-0046 (secret-in-label-or-log-option) reports both.
 */
import type { SourceRange } from '../../model/source.js';
import type { ContainerSpec, Origin } from '../../model/types.js';
import { emptyDaemon } from '../../model/daemon.js';
import { labelSecret } from '../../rules/util/secrets.js';
import { daemonSecretRanges, textSecretRanges, valuePartRange } from '../daemon/secrets.js';

/**
 * The file range of characters `[part.start, part.end)` of `value`, a setting whose origin is `o` in `text`, when the
 * value is written inside the origin's range (its last occurrence) literally or with each `$` written `$$` (Compose's
 * escape for a literal `$`, compose-spec interpolation: Traefik's `basicauth.users=admin:$$apr1$$…`); `undefined`
 * when it is not (written with other escapes, through a variable) or the origin is not in a file. Never throws.
 */
export function writtenPartRange(text: string, o: Origin, value: string, part: { start: number; end: number }): SourceRange | undefined {
  if (o.kind !== 'file' || !value) return undefined;
  const written = text.slice(o.start, o.end);
  const i = written.lastIndexOf(value);
  if (i >= 0) return { file: o.file, start: o.start + i + part.start, end: o.start + i + part.end };
  if (!value.includes('$')) return undefined;
  const j = written.lastIndexOf(value.replace(/\$/g, '$$$$'));
  if (j < 0) return undefined;
  /** The offset in the file of character `k` of the value: each `$` before it is written twice. */
  const at = (k: number) => o.start + j + k + (value.slice(0, k).match(/\$/g)?.length ?? 0);
  return { file: o.file, start: at(part.start), end: at(part.end) };
}

/**
 * The ranges of the secret label values of `containers` ({@link labelSecret}), their own labels and those of their
 * Compose `build.labels`, written in one of `texts` (file path →
 * text): the secret's characters, or the whole entry when the value is not written literally there. Values from a
 * variable (unresolved, or a Compose value with `${…}` in it) are not written, so not masked. Never throws.
 */
export function labelSecretRanges(containers: ContainerSpec[], texts: Map<string, string>): SourceRange[] {
  const out: SourceRange[] = [];
  for (const c of containers) {
    for (const [k, v] of [...Object.entries(c.labels), ...Object.entries(c.build?.labels ?? {})]) {
      if (v.origin.kind !== 'file' || v.how === 'unresolved' || v.raw?.includes('$')) continue;
      const text = texts.get(v.origin.file);
      const sec = text !== undefined ? labelSecret(k, v.value) : undefined;
      const r = sec && (writtenPartRange(text!, v.origin, v.value, sec) ?? valuePartRange(text!, v.origin, v.value, sec));
      if (r) out.push(r);
    }
  }
  return out;
}

/**
 * The ranges of the secret logging option values of `containers` that are written in one of `texts`
 * (file path → text); values from a variable (`${SPLUNK_TOKEN}`) are not written, so not masked. Never throws.
 */
export function loggingSecretRanges(containers: ContainerSpec[], texts: Map<string, string>): SourceRange[] {
  const out: SourceRange[] = [];
  const scanned = new Set<string>();
  for (const c of containers) {
    const opts = c.logging?.options;
    if (!opts || Object.keys(opts).length === 0) continue;
    // Group the options by the file they are written in, and reuse the daemon's log-opt classification.
    const byFile = new Map<string, Record<string, (typeof opts)[string]>>();
    for (const [k, v] of Object.entries(opts)) {
      if (v.origin.kind !== 'file' || v.how === 'unresolved') continue;
      const f = v.origin.file;
      if (!byFile.has(f)) byFile.set(f, {});
      byFile.get(f)![k] = v;
    }
    for (const [file, logOpts] of byFile) {
      const text = texts.get(file);
      if (text === undefined) continue;
      const d = emptyDaemon(c.target, 'dockerd-flags', file, 'partial');
      d.logOpts = logOpts;
      const own = daemonSecretRanges(d, text, file, { wholeText: false });
      out.push(...own);
      // The URL passwords and private keys anywhere in the file, once per file (not once per container).
      if (!scanned.has(file)) {
        scanned.add(file);
        out.push(...textSecretRanges(text, file, own));
      }
    }
  }
  return out;
}
