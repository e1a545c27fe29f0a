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
/**
 * Names of options that hold no secret although {@link SECRET_OPT} matches: files and paths, formats, URLs and
 * addresses (their credentials are found by value), tags, the `labels` / `env` lists of names, and endpoints
 * (awslogs `awslogs-credentials-endpoint` is the relative URI of the credentials endpoint: moby#35055).
 */
const NOT_SECRET_OPT = /file|path|format|url|address|endpoint|tag|labels|env$/i;
/** The password of a URL with credentials: group 1. */
const URL_CREDENTIALS = /[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:([^@\s/]+)@/i;
/** What a secret log option holds, by the word of its name. */
const OPT_KIND: [RegExp, string][] = [[/token/i, 'token'], [/passw/i, 'password'], [/secret/i, 'secret'], [/credential/i, 'credentials'], [/key/i, 'key']];

/**
 * The secret a logging driver option holds, with where it stands in the value (Docker docs "Configure logging
 * drivers": Splunk `splunk-token`, Logentries `logentries-token`, and any option named `*token*`, `*passw*`,
 * `*secret*`, `*credential*`, `*key*` that is not a path, URL or format: {@link SECRET_OPT}, {@link NOT_SECRET_OPT}):
 * the whole value; a value that is an absolute path (syslog `syslog-tls-key: /etc/docker/key.pem` names the file) is
 * not one. In any other option, the password of a URL with credentials (Loki `loki-url: https://user:pw@host/…`,
 * a syslog or fluentd address). Never throws.
 * @param key the option name as written (`splunk-token`)
 * @param value the option value
 * @returns the secret's kind (`token`, `password`, `secret`, `credentials`, `key`, `url-credentials`) and `[start, end)`
 * offsets in `value`, or `undefined`
 */
export function logOptionSecret(key: string, value: string): { kind: string; start: number; end: number } | undefined {
  if (SECRET_OPT.test(key) && !NOT_SECRET_OPT.test(key)) {
    const v = value.trim();
    if (v === '' || /^(?:\/|[A-Za-z]:[\\/])\S*$/.test(v)) return undefined;
    return { kind: OPT_KIND.find(([re]) => re.test(key))![1], start: 0, end: value.length };
  }
  const m = URL_CREDENTIALS.exec(value);
  if (!m) return undefined;
  const start = m.index + m[0].length - 1 - m[1].length;
  return { kind: 'url-credentials', start, end: start + m[1].length };
}

/**
 * Every `scheme://user:password@` in a text, the password as group 1 (up to the last `@` of the word; quotes,
 * commas and white space end a JSON string or a shell word).
 */
/** A PEM private key block (`-----BEGIN … PRIVATE KEY-----` … `-----END … PRIVATE KEY-----`), in a file or a JSON string. */
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----/g;
/** A URL's userinfo with a password, right after its `scheme://` (the `URL_PASSWORDS` pattern once used here, from its `//`). */
const URL_USERINFO = /[^:/@\s"',]*:([^\s/"']+)@/y;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** RFC 3986 §3.1: `scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`. */
const isSchemeChar = (c: number) => isLetter(c) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;

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
 * The file range of characters `[part.start, part.end)` of `value`, a setting whose origin is `o` in `text`: exact
 * when the value is written literally inside the origin's range (its last occurrence, after the key or flag), else
 * the whole origin (wider, so a mask still covers it: a value written with escapes). `undefined` for an origin that
 * is not in a file. Never throws.
 */
export function valuePartRange(text: string, o: Origin, value: string, part: { start: number; end: number }): SourceRange | undefined {
  if (o.kind !== 'file') return undefined;
  const r = within(text, o, value);
  return r ? { file: r.file, start: r.start + part.start, end: r.start + part.end } : { file: o.file, start: o.start, end: o.end };
}

/**
 * The secret ranges of a spec read from `text` (the file its `file`-kind origins point into; origins into
 * other files are skipped), with those of {@link textSecretRanges} unless `options.wholeText` is false (a
 * caller that scans the text once itself). Never throws.
 */
export function daemonSecretRanges(d: DaemonSpec, text: string, file = d.file, options: { wholeText?: boolean } = {}): SourceRange[] {
  const out: SourceRange[] = [];
  const add = (r: SourceRange | undefined) => {
    if (r && r.file === file) out.push(r);
  };
  const url = (s: Sourced<string>) => {
    const m = URL_CREDENTIALS.exec(s.value);
    if (m) add(within(text, s.origin, m[1]));
  };
  for (const [k, v] of Object.entries(d.logOpts)) {
    const sec = logOptionSecret(k, v.value);
    const r = sec && within(text, v.origin, v.value);
    if (sec && r) add({ file: r.file, start: r.start + sec.start, end: r.start + sec.end });
  }
  for (const s of [...d.registryMirrors, ...d.insecureRegistries, ...d.hosts]) url(s);
  if (options.wholeText !== false) out.push(...textSecretRanges(text, file, out));
  return out;
}

/**
 * The secrets anywhere in `text` (the contents of `file`), whatever setting holds them; ranges equal to one of
 * `known` are left out.
 * - A password in any URL: daemon.json `"proxies": {"http-proxy": "http://user:pw@proxy:3128"}` (Docker 23+),
 *   `--http-proxy` / `--https-proxy` flags, `export http_proxy=…` in /etc/default/docker, a syslog-address or a
 *   logging driver's URL with credentials.
 * - A PEM private key written inline (`"tlskey": "-----BEGIN RSA PRIVATE KEY-----\nMIIE…"`, which dockerd reads as
 *   a path and refuses): its body, between the BEGIN and END lines.
 *
 * Never throws.
 */
export function textSecretRanges(text: string, file: string, known: readonly SourceRange[] = []): SourceRange[] {
  const out: SourceRange[] = [];
  if (text.includes('PRIVATE KEY-----')) {
    for (const m of text.matchAll(PEM_PRIVATE_KEY)) {
      const start = m.index! + m[0].indexOf('-----', 5) + 5;
      const end = m.index! + m[0].lastIndexOf('-----END');
      if (end > start) out.push({ file, start, end });
    }
  }
  // Each `://` of the text, with the scheme before it, rather than the regular expression tried at every letter
  // (the same matches: the scheme is the longest run of scheme characters before `://`, from its first letter).
  const seen = new Set([...known, ...out].map((r) => `${r.start}:${r.end}`));
  for (let at = text.indexOf('://'), from = 0; at >= 0; at = text.indexOf('://', Math.max(at + 3, from))) {
    let s = at;
    while (s > from && isSchemeChar(text.charCodeAt(s - 1))) s--;
    while (s < at && !isLetter(text.charCodeAt(s))) s++;
    if (s === at) continue;
    URL_USERINFO.lastIndex = at + 3;
    const m = URL_USERINFO.exec(text);
    if (!m) continue;
    from = URL_USERINFO.lastIndex;
    const start = from - 1 - m[1].length;
    const key = `${start}:${start + m[1].length}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ file, start, end: start + m[1].length });
  }
  return out;
}
