/**
 * Telling a Helm chart template (`templates/*.yaml`, not YAML until `helm template` renders it) from a rendered
 * manifest that merely carries Go templates of another tool as data: Alertmanager's
 * `title: '{{ template "slack.default.title" . }}'` or a `default.tmpl` block in a ConfigMap of
 * kube-prometheus-stack, which `helm template` leaves as written.
 *
 * {@link HELM_TEMPLATE} (below; re-exported by src/ingest/detect.ts) matches Helm-only actions (`.Values`, `.Release`, `.Chart`,
 * `.Capabilities`, `.Files`, `include`, `tpl`, `toYaml`, `nindent`) and Go's own `template` action. Go's
 * `template` is also Alertmanager's, so it marks a chart only where YAML would read the action as structure: at
 * the start of a value or a line (`name: {{ template "x.fullname" . }}`, where `{{` opens a flow mapping) or
 * inside a double-quoted value that its own unescaped `"` would end (`app: "{{ template "x.name" . }}"`), and
 * outside a block scalar (`|`, `>`). Actions in YAML comments never count. Pure text scanning, no YAML parser, so that
 * file-kind detection can call it (Helm docs, "Named Templates"; YAML 1.2 §8.1 block scalars).
 */
/**
 * A Helm template action (`{{ .Values.x }}`, `{{- include "x" . }}`, `{{ toYaml … }}`): a chart's
 * `templates/*.yaml`, not a manifest until `helm template` renders it. Go templates of other tools inside a
 * rendered manifest (Alertmanager's `{{ $labels.instance }}` in a ConfigMap) do not match.
 */
export const HELM_TEMPLATE = /\{\{-?\s*(?:[^}\n]*\.(?:Values|Release|Chart|Capabilities|Files)\b|(?:include|template|tpl)\s|[^}\n]*\b(?:toYaml|nindent)\b)/;

/** The Helm-only part of an action: any of these makes the action a chart's outside block scalars. */
const HELM_ONLY = /\.(?:Values|Release|Chart|Capabilities|Files)\b|\b(?:include|tpl|toYaml|nindent)\b/;

/** Helm's own template functions: they make an action a chart's even inside a block scalar. */
const HELM_FUNCTION = /\b(?:include|tpl|toYaml|nindent)\b/;

/** A line prefix after which `{{` starts a YAML value: indentation, `- ` list markers, an unquoted `key: `. */
const VALUE_START = /^[ \t]*(?:-[ \t]+)*(?:[^\s'"#][^'"#]*?:[ \t]+)?$/;

/**
 * A line prefix that opens a double-quoted value (`name: "`) and does not close it: the action sits inside a
 * YAML string, which an unescaped `"` in the action would end. Helm renders before YAML is read, so charts
 * write `app: "{{ template "x.name" . }}"`; data carries `\"` there, or YAML would not read it.
 */
const IN_DOUBLE_QUOTES = /^[ \t]*(?:-[ \t]+)*(?:[^\s'"#][^'"#]*?:[ \t]+)?"[^"]*$/;

/**
 * A line prefix that ends inside a YAML comment: a `#` at the start of the line or after a space or tab, outside
 * quotes (YAML 1.2 §6.6). Actions there are never rendered into the manifest's values, so they mark no chart.
 */
const IN_COMMENT = /^(?:[^'"#\s]|\s(?!#)|'[^']*'|"(?:[^"\\]|\\.)*"|#)*?(?:^|[ \t])#/;

/** A line whose value is a block scalar header (`key: |`, `- >-`, `|2+`), comment allowed. */
const BLOCK_HEADER = /(?:^|[ \t:-])[|>][-+0-9]*[ \t]*(?:#.*)?$/;

/** Indentation (spaces and tabs) of a line. */
function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/**
 * Whether line `n` of `lines` is content of a block scalar: walking up, the first line less indented than
 * everything between ends with a block scalar header. A line at indentation 0 or a document marker ends the walk.
 */
function inBlockScalar(lines: string[], n: number): boolean {
  let min = indentOf(lines[n]);
  for (let i = n - 1; i >= 0 && min > 0; i--) {
    const line = lines[i];
    const body = line.trim();
    if (body === '' || body.startsWith('#')) continue;
    if (/^(?:---|\.\.\.)(?:\s|$)/.test(line)) return false;
    const ind = indentOf(line);
    if (ind >= min) continue;
    if (BLOCK_HEADER.test(line)) return true;
    min = ind;
  }
  return false;
}

/**
 * The offset of the first action that makes `text` a Helm chart template, or -1 when `text` is a manifest
 * (no Helm action; or only actions inside block scalars, as rendered Alertmanager and Grafana configuration carry
 * them, and Go `template` actions inside strings).
 * @param text the whole file (UTF-16 offsets)
 */
export function helmTemplateAt(text: string): number {
  const all = new RegExp(HELM_TEMPLATE.source, 'g');
  let lines: string[] | undefined;
  let line = 0;
  let counted = 0;
  for (let m = all.exec(text); m; m = all.exec(text)) {
    const start = m.index;
    const close = text.indexOf('}}', start);
    const lineEnd = text.indexOf('\n', start);
    const action = close >= 0 && (lineEnd < 0 || close < lineEnd) ? text.slice(start, close + 2) : m[0];
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const prefix = text.slice(lineStart, start);
    // In a YAML comment (`# image: {{ .Values.image }}`, notes beside a rendered manifest): not read as YAML at all.
    if (IN_COMMENT.test(prefix)) continue;
    const helmOnly = HELM_ONLY.test(action);
    if (!helmOnly && !VALUE_START.test(prefix) && !(IN_DOUBLE_QUOTES.test(prefix) && /(?:^|[^\\])"/.test(action))) continue;
    lines ??= text.split(/\r?\n/);
    for (; counted < lineStart; counted++) if (text.charCodeAt(counted) === 10) line++;
    // Inside a block scalar an action is text of the value unless it calls a Helm function (`include`, `tpl`,
    // `toYaml`, `nindent`: no other tool's templates have them): Grafana's alerting templates read `{{ .Values.B }}`
    // (the value of query B) in a rendered ConfigMap (QA), so a field named like Helm's is not enough there.
    if (!inBlockScalar(lines, line) || HELM_FUNCTION.test(action)) return start;
  }
  return -1;
}
