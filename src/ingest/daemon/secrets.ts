/**
 * Secret values in a dockerd configuration, as source ranges the engine masks in every rendered source
 * (R-S: secrets never appear in bulwark's output): log options that carry tokens and credentials
 * (`--log-opt splunk-token=…`, `"log-opts": {"splunk-token": …}`, `*password*`, `*secret*`, `*key*`,
 * `awslogs-credentials…`; dockerd logging driver docs) and passwords in URLs (`https://user:pass@host`)
 * of any string setting (log options, registry mirrors, insecure registries, hosts).
 */
import type { DaemonSpec } from '../../model/daemon.js';
import type { SourceRange } from '../../model/source.js';
import type { Origin, Sourced } from '../../model/types.js';

/** Log option names whose value is a secret; names of paths, formats and URLs are not. */
const SECRET_OPT = /token|passw|secret|credential|key/i;
const NOT_SECRET_OPT = /file|path|format|url|address|tag|labels|env$/i;
/** The password of a URL with credentials: group 1. */
const URL_CREDENTIALS = /[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:([^@\s/]+)@/i;

/**
 * Where `value` is written inside the origin's range of `text`, as a range (the last occurrence: the value
 * follows the flag or key); undefined when it is not written there literally (a `$VAR` expansion).
 */
function within(text: string, o: Origin, value: string): SourceRange | undefined {
  if (o.kind !== 'file' || !value) return undefined;
  const i = text.slice(o.start, o.end).lastIndexOf(value);
  return i < 0 ? undefined : { file: o.file, start: o.start + i, end: o.start + i + value.length };
}

/**
 * The secret ranges of a spec read from `text` (the file its `file`-kind origins point into; origins into
 * other files are skipped). Never throws.
 */
export function daemonSecretRanges(d: DaemonSpec, text: string, file = d.file): SourceRange[] {
  const out: SourceRange[] = [];
  const add = (r: SourceRange | undefined) => {
    if (r && r.file === file) out.push(r);
  };
  const url = (s: Sourced<string>) => {
    const m = URL_CREDENTIALS.exec(s.value);
    if (m) add(within(text, s.origin, m[1]));
  };
  for (const [k, v] of Object.entries(d.logOpts)) {
    if (SECRET_OPT.test(k) && !NOT_SECRET_OPT.test(k) && v.value.trim() !== '') add(within(text, v.origin, v.value));
    else url(v);
  }
  for (const s of [...d.registryMirrors, ...d.insecureRegistries, ...d.hosts]) url(s);
  return out;
}
