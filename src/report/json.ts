/**
 * The JSON report: the enumerable fields of an {@link AuditResult}, as described by
 * `schema/audit-result.schema.json` (`schemaVersion` 1.0.0). The masked source texts
 * (`result.sources`) are not part of it. Requirement R-G14 (machine-readable audit output).
 *
 * Layout: the top level is indented by two spaces; each finding is one compact line (as ESLint's and
 * hadolint's JSON formatters print them), so the report stays greppable and a run with a hundred
 * thousand findings is written quickly and in bounded memory.
 */
import type { AuditResult, Finding } from '../engine/types.js';

/** Stands in for the findings array while the rest is laid out; NUL never occurs in a text input. */
const MARK = '\u0000findings\u0000';
const PLACEHOLDER = JSON.stringify(MARK);

/**
 * Renders `result` as JSON in pieces: UTF-8 byte chunks of about {@link CHUNK_BYTES} bytes, so a report of a
 * hundred thousand findings never exists as one string. Decoded and concatenated, the chunks equal
 * {@link renderJson}. Findings are written straight into the chunk buffers: the fields that are the same
 * for every finding of a rule (title, attack classes, requirements, CIS ids, remediation, fix, docs) are
 * encoded once and copied, and nothing is built as an intermediate string (building and then flattening
 * one string per finding cost more than the audit's rules on a large run).
 */
export function* renderJsonChunks(result: AuditResult): Generator<Uint8Array> {
  const { sources: _sources, ...rest } = result;
  // Lay out everything but the findings with JSON.stringify, then splice the findings in where the
  // placeholder stands, one per line.
  const skeleton = JSON.stringify({ ...rest, findings: MARK }, null, 2);
  const at = skeleton.indexOf(PLACEHOLDER);
  const out = new ByteWriter();
  out.str(skeleton.slice(0, at));
  const findings = rest.findings;
  if (!findings.length) out.str('[]');
  else {
    out.str('[\n');
    const enc = new FindingEncoder();
    for (let i = 0; i < findings.length; i++) {
      enc.write(out, findings[i], i + 1 < findings.length);
      if (out.full()) yield out.take();
    }
    out.str('  ]');
  }
  out.str(skeleton.slice(at + PLACEHOLDER.length) + '\n');
  yield out.take();
}

/** Size (bytes) at which {@link ByteWriter} hands a chunk over. */
const CHUNK_BYTES = 1 << 20;

/** Appends UTF-8 to a growing buffer; {@link take} hands the bytes written so far over. */
class ByteWriter {
  private buf = Buffer.allocUnsafe(CHUNK_BYTES * 2);
  private at = 0;
  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }
  /**
   * Appends `s` as UTF-8 (at most 3 bytes per UTF-16 unit). A short string is copied code unit by code unit
   * while it is ASCII (no call into Buffer#write, whose fixed cost dominates for the tens of short strings
   * of each finding); the rest of it, from the first non-ASCII unit, goes through Buffer#write.
   */
  str(s: string): void {
    const n = s.length;
    this.room(n * 3);
    if (n <= 64) {
      const buf = this.buf;
      let at = this.at;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[at++] = c;
      }
      this.at = i === n ? at : at + buf.write(s.slice(i), at);
      return;
    }
    this.at += this.buf.write(s, this.at);
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
  }
  /** Appends a non-negative integer's decimal digits (integers below 2^31; others through {@link str}). */
  int(n: number): void {
    if (n < 0 || n >= 2147483648 || n !== Math.floor(n)) return this.str(String(n));
    this.room(10);
    if (n < 10) {
      this.buf[this.at++] = 48 + n;
      return;
    }
    let digits = 1;
    for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
    let end = this.at + digits;
    this.at = end;
    let m = n;
    while (m >= 10) {
      const q = Math.floor(m / 10);
      this.buf[--end] = 48 + (m - q * 10);
      m = q;
    }
    this.buf[--end] = 48 + m;
  }
  full(): boolean {
    return this.at >= CHUNK_BYTES;
  }
  take(): Buffer {
    const chunk = this.buf.subarray(0, this.at);
    this.buf = Buffer.allocUnsafe(CHUNK_BYTES * 2);
    this.at = 0;
    return chunk;
  }
}

const FINDING_KEYS = ['ruleId', 'slug', 'title', 'severity', 'message', 'attackClasses', 'requirements', 'cis', 'target', 'location', 'certainty', 'data', 'remediation', 'fix', 'helpUri'];

/** Whether `f` has exactly the fields of a {@link Finding} in their order (then the fast encoder applies). */
function standardShape(f: Finding): boolean {
  const keys = Object.keys(f);
  if (keys.length !== 15 && !(keys.length === 16 && keys[15] === 'pointer')) return false;
  for (let i = 0; i < 15; i++) if (keys[i] !== FINDING_KEYS[i]) return false;
  const l = f.location;
  if (typeof l !== 'object' || l === null || typeof f.target !== 'object' || f.target === null) return false;
  const lk = Object.keys(l);
  const tk = Object.keys(f.target);
  return lk.length === 5 && lk[0] === 'file' && lk[1] === 'startLine' && lk[2] === 'startColumn' && lk[3] === 'endLine' && lk[4] === 'endColumn' && tk.length === 2 && tk[0] === 'kind' && tk[1] === 'name';
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const START_COLUMN = utf8(',"startColumn":');
const END_LINE = utf8(',"endLine":');
const END_COLUMN = utf8(',"endColumn":');
const DEFINITE = utf8('},"certainty":"definite","data":');
const EMPTY_OBJECT = utf8('{}');

/**
 * Encodes findings as one compact JSON line each, byte-equal to `JSON.stringify(f)` (a test checks it), with
 * the rule's own fields and repeated values (file names, targets) encoded once.
 */
class FindingEncoder {
  /** By rule id: the encoded `ruleId`…`severity` prefix, and the `remediation`…`helpUri` suffixes by remediation text. */
  private head = new Map<string, { slug: string; title: string; bytes: Buffer; tails: Map<string, { fix: string; helpUri: string; bytes: Buffer }> }>();
  private files = new Map<string, Buffer>();
  private targets = new Map<string, Buffer>();
  private severities = new Map<string, Buffer>();
  private mids = new Map<object, { attackClasses: unknown; requirements: unknown; bytes: Buffer }>();
  private readonly lineSep = utf8(',\n');
  private readonly lineEnd = utf8('\n');
  private readonly close = utf8('},\n');
  private readonly closeEnd = utf8('}\n');

  write(out: ByteWriter, f: Finding, more: boolean): void {
    if (!standardShape(f)) {
      out.str('    ' + JSON.stringify(f));
      out.bytes(more ? this.lineSep : this.lineEnd);
      return;
    }
    const q = JSON.stringify;
    let head = this.head.get(f.ruleId);
    if (head === undefined || head.slug !== f.slug || head.title !== f.title) {
      head = { slug: f.slug, title: f.title, bytes: utf8(`    {"ruleId":${q(f.ruleId)},"slug":${q(f.slug)},"title":${q(f.title)},"severity":`), tails: new Map() };
      this.head.set(f.ruleId, head);
    }
    out.bytes(head.bytes);
    let sev = this.severities.get(f.severity);
    if (sev === undefined) this.severities.set(f.severity, (sev = utf8(q(f.severity) + ',"message":')));
    out.bytes(sev);
    out.str(q(f.message));
    // Rule metadata arrays: one encoding per (attackClasses, requirements, cis) triple of objects.
    let mid = this.mids.get(f.cis);
    if (mid === undefined || mid.attackClasses !== f.attackClasses || mid.requirements !== f.requirements) {
      mid = { attackClasses: f.attackClasses, requirements: f.requirements, bytes: utf8(`,"attackClasses":${q(f.attackClasses)},"requirements":${q(f.requirements)},"cis":${q(f.cis)},"target":`) };
      this.mids.set(f.cis, mid);
    }
    out.bytes(mid.bytes);
    const tk = f.target.kind + '\u0000' + f.target.name;
    let target = this.targets.get(tk);
    if (target === undefined) this.targets.set(tk, (target = utf8(q({ kind: f.target.kind, name: f.target.name }) + ',"location":{"file":')));
    out.bytes(target);
    const l = f.location;
    let file = this.files.get(l.file);
    if (file === undefined) this.files.set(l.file, (file = utf8(q(l.file) + ',"startLine":')));
    out.bytes(file);
    out.int(l.startLine);
    out.bytes(START_COLUMN);
    out.int(l.startColumn);
    out.bytes(END_LINE);
    out.int(l.endLine);
    out.bytes(END_COLUMN);
    out.int(l.endColumn);
    if (f.certainty === 'definite') out.bytes(DEFINITE);
    else out.str('},"certainty":' + q(f.certainty) + ',"data":');
    let empty = true;
    for (const _k in f.data) {
      empty = false;
      break;
    }
    if (empty) out.bytes(EMPTY_OBJECT);
    else out.str(q(f.data));
    let tail = head.tails.get(f.remediation);
    if (tail === undefined || tail.fix !== f.fix || tail.helpUri !== f.helpUri) {
      tail = { fix: f.fix, helpUri: f.helpUri, bytes: utf8(`,"remediation":${q(f.remediation)},"fix":${q(f.fix)},"helpUri":${q(f.helpUri)}`) };
      head.tails.set(f.remediation, tail);
    }
    out.bytes(tail.bytes);
    if (f.pointer !== undefined) out.str(',"pointer":' + q(f.pointer));
    out.bytes(more ? this.close : this.closeEnd);
  }
}

/** Renders `result` as JSON (trailing newline); `sources` is left out even if enumerable. */
export function renderJson(result: AuditResult): string {
  return Buffer.concat([...renderJsonChunks(result)]).toString('utf8');
}
