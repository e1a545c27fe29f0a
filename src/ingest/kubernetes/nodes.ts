/**
 * Reading Kubernetes manifest nodes on top of the Compose ingester's YAML helpers (aliases, `<<` merge keys,
 * duplicate keys and origins come from `../compose/yamlnodes.ts`). Kubernetes does no `${VAR}`
 * interpolation, so scalars are read as written (no Compose interpolation).
 */
import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { Origin, Sourced } from '../../model/types.js';
import { mapOf, originOf, report, seqOf, spanOf, type Entry, type FileScope } from '../compose/yamlnodes.js';

export type { Entry, FileScope };

/** A scalar as written: its YAML value, its text (numbers and booleans: their source characters) and origin. */
export interface Val {
  value: string | number | boolean;
  text: string;
  node: Scalar;
  origin: Origin;
}

/** Reads a scalar (`null`, `~`, an empty value and collections give `undefined`). */
export function scalar(scope: FileScope, n: Node | undefined): Val | undefined {
  if (!isScalar(n) || n.value === null || n.value === undefined) return undefined;
  const v = n.value;
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return undefined;
  const origin = originOf(scope, n);
  const text = typeof v === 'string' ? v : origin.kind === 'file' ? scope.file.text.slice(origin.start, origin.end) : String(v);
  return { value: v, text, node: n, origin };
}

/** True for a missing value or an explicit YAML null (`key:`, `key: ~`, `key: null`). */
export function isNull(n: Node | undefined): boolean {
  return n === undefined || (isScalar(n) && (n.value === null || n.value === undefined));
}

/**
 * The entries of a mapping value, or `undefined` when absent or null. A value of another shape adds an
 * InputError (code `parse`) naming `what` (`spec.template.spec.securityContext`) and gives `undefined`.
 */
export function mapAt(scope: FileScope, e: Entry | undefined, what: string): Map<string, Entry> | undefined {
  if (!e || isNull(e.value)) return undefined;
  if (!isMap(e.value)) {
    report(scope, e.value ?? e.keyNode, `\`${what}\` must be a mapping, not ${shape(e.value)}`);
    return undefined;
  }
  return mapOf(scope, e.value);
}

/** The items of a list value, or `undefined` when absent or null; another shape is an InputError naming `what`. */
export function seqAt(scope: FileScope, e: Entry | undefined, what: string): Node[] | undefined {
  if (!e || isNull(e.value)) return undefined;
  if (!isSeq(e.value)) {
    report(scope, e.value ?? e.keyNode, `\`${what}\` must be a list, not ${shape(e.value)}`);
    return undefined;
  }
  return seqOf(scope, e.value);
}

/**
 * The YAML 1.1 booleans of go-yaml v2, which sigs.k8s.io/yaml (kubectl, the API server) decodes manifests
 * with (gopkg.in/yaml.v2 resolve.go: `y Y yes Yes YES true True TRUE on On ON` and the `n`/`no`/`false`/`off`
 * spellings). Case matters: `tRUE` is a string. A parsed YAML boolean is itself.
 */
export function k8sBool(v: string | number | boolean): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v !== 'string') return undefined;
  if (/^(?:y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/.test(v)) return true;
  if (/^(?:n|N|no|No|NO|false|False|FALSE|off|Off|OFF)$/.test(v)) return false;
  return undefined;
}

/**
 * A whole value that a template fills in before the API server sees the object: an OpenShift Template parameter,
 * `${NAME}` (replaced by the parameter's string) or `${{NAME}}` (replaced by its value as JSON, so a boolean or a
 * number: OpenShift docs "Templates", "Writing templates: parameters"), or an envsubst placeholder `${NAME}` (with a
 * `:-default` and the like). Parameter names are `[A-Za-z0-9_]+` (the Template API's validation).
 */
const TEMPLATE_PARAMETER = /^\$\{(?:\{[A-Za-z0-9_]+\}|[A-Za-z_][A-Za-z0-9_]*(?::?[-=?+][^}]*)?)\}$/;

/**
 * The scalar of `e` when its whole value is a template parameter ({@link TEMPLATE_PARAMETER}: `hostNetwork:
 * ${{HOST_NET}}`, `runAsUser: ${{RUN_AS}}`), quoted or not; `undefined` otherwise. Its value is not known here: the
 * Template's `parameters[].value` is only a default `oc process -p` overrides, so it is not used.
 */
export function templateParameterAt(scope: FileScope, e: Entry | undefined): Val | undefined {
  const t = scalar(scope, e?.value);
  return t && typeof t.value === 'string' && TEMPLATE_PARAMETER.test(t.value.trim()) ? t : undefined;
}

/**
 * A boolean field (YAML 1.1 spellings, as Kubernetes' YAML decoder reads them: {@link k8sBool}); another value is an
 * InputError. A template parameter ({@link templateParameterAt}) is unresolved: `value` false, `raw` as written.
 */
export function boolAt(scope: FileScope, e: Entry | undefined, what: string): Sourced<boolean> | undefined {
  if (!e || isNull(e.value)) return undefined;
  const param = templateParameterAt(scope, e);
  if (param) return { value: false, origin: spanOf(scope, e.keyNode, e.value), how: 'unresolved', raw: param.text };
  const t = scalar(scope, e.value);
  // A quoted value is a string, which the API server refuses for a boolean field (`privileged: "yes"`).
  const b = t && !quoted(t.node) ? k8sBool(t.value) : undefined;
  if (b === undefined) {
    report(scope, e.value, `\`${what}\` must be true or false, not ${shape(e.value)}`);
    return undefined;
  }
  return { value: b, origin: spanOf(scope, e.keyNode, e.value), how: 'explicit' };
}

/** Whether a scalar is written in quotes (a string, whatever it spells). */
function quoted(n: Scalar): boolean {
  return n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE';
}

/**
 * An integer field (`runAsUser`, `hostPort`): a YAML integer as written, else an InputError naming `what` (the
 * API server refuses `runAsUser: "0"` and `hostPort: x`) and `undefined`. `min`/`max` bound it (ports 1–65535).
 * A template parameter ({@link templateParameterAt}) is no error and gives `undefined`: callers that model an unknown
 * value read it with {@link templateParameterAt}.
 */
export function intAt(scope: FileScope, e: Entry | undefined, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): Val | undefined {
  if (!e || isNull(e.value) || templateParameterAt(scope, e)) return undefined;
  const s = scalar(scope, e.value);
  // kubectl reads manifests with goyaml.v2 (YAML 1.1 ints: `0b…`, `0x…`, `0o…`/leading 0 octal, `_` separators), so
  // `runAsUser: 0_0` or `0b0` is the number 0 there, while YAML 1.2 reads them as strings.
  const go = s && typeof s.value === 'string' && !s.node.type?.startsWith('QUOTE') ? goInt(s.value) : undefined;
  const t = s && go !== undefined ? { ...s, value: go } : s;
  if (!t || typeof t.value !== 'number' || !Number.isInteger(t.value) || t.value < min || t.value > max) {
    report(scope, e.value, `\`${what}\` must be a whole number${max < Number.MAX_SAFE_INTEGER ? ` from ${min} to ${max}` : min > 0 ? ` of at least ${min}` : ' of at least 0'}, not ${shape(e.value)}`);
    return undefined;
  }
  return t;
}

/**
 * A plain scalar as goyaml.v2 resolves an int (YAML 1.1 "int" type: sign, `0b` binary, `0x` hex, `0o` or leading-0
 * octal, decimal, `_` separators ignored), or `undefined` when it is none.
 */
export function goInt(text: string): number | undefined {
  const m = /^([-+]?)(0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[1-9][0-9_]*|0)$/.exec(text.trim());
  if (!m) return undefined;
  const body = m[2].replace(/_/g, '');
  const n = /^0b/.test(body) ? parseInt(body.slice(2), 2) : /^0x/i.test(body) ? parseInt(body.slice(2), 16) : /^0o?[0-7]/.test(body) && body.length > 1 ? parseInt(body.replace(/^0o?/, ''), 8) : parseInt(body, 10);
  if (!Number.isFinite(n)) return undefined;
  return m[1] === '-' ? -n || 0 : n;
}

/** The origin of a whole `key: value` entry. */
export function entryOrigin(scope: FileScope, e: Entry): Origin {
  return spanOf(scope, e.keyNode, e.value);
}

/** A few words for the shape of a node, for error messages. */
export function shape(n: Node | undefined): string {
  if (isMap(n)) return 'a mapping';
  if (isSeq(n)) return 'a list';
  if (isScalar(n)) return typeof n.value === 'string' ? `the string ${JSON.stringify(n.value.length > 40 ? n.value.slice(0, 40) + '…' : n.value)}` : `${String(n.value)}`;
  return 'nothing';
}
