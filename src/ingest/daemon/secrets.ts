/**
 * Secret values in a dockerd configuration, as source ranges the engine masks in every rendered source
 * (R-S: secrets never appear in bulwark's output): log options that carry tokens and credentials
 * (`--log-opt splunk-token=…`, `"log-opts": {"splunk-token": …}`, `*password*`, `*secret*`, `*key*`,
 * `awslogs-credentials…`; dockerd logging driver docs) and passwords in URLs (`https://user:pass@host`)
 * of any string setting (log options, registry mirrors, insecure registries, hosts) and anywhere else in the
 * file (proxy settings and flags, `export http_proxy=…`), and the body of a PEM private key written inline.
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
 * Every `scheme://user:password@` in a text, the password as group 1 (up to the last `@` of the word; quotes,
 * commas and white space end a JSON string or a shell word).
 */
/** A PEM private key block (`-----BEGIN … PRIVATE KEY-----` … `-----END … PRIVATE KEY-----`), in a file or a JSON string. */
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----/g;
const URL_PASSWORDS = /[a-z][a-z0-9+.-]*:\/\/[^:/@\s"',]*:([^\s/"']+)@/gi;

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
  // A password in any URL of the file, whatever setting holds it: daemon.json `"proxies": {"http-proxy":
  // "http://user:pw@proxy:3128"}` (Docker 23+), `--http-proxy` / `--https-proxy` flags, `export
  // http_proxy=…` in /etc/default/docker, a syslog-address with credentials.
  // A PEM private key written inline (`"tlskey": "-----BEGIN RSA PRIVATE KEY-----\nMIIE…"`, which dockerd reads as
  // a path and refuses): its body, between the BEGIN and END lines.
  for (const m of text.matchAll(PEM_PRIVATE_KEY)) {
    const start = m.index! + m[0].indexOf('-----', 5) + 5;
    const end = m.index! + m[0].lastIndexOf('-----END');
    if (end > start) out.push({ file, start, end });
  }
  const seen = new Set(out.map((r) => `${r.start}:${r.end}`));
  for (const m of text.matchAll(URL_PASSWORDS)) {
    const start = m.index! + m[0].length - 1 - m[1].length;
    const key = `${start}:${start + m[1].length}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ file, start, end: start + m[1].length });
  }
  return out;
}
