/**
 * The HTML report: one self-contained page (inline CSS, no script, a Content-Security-Policy that
 * forbids loading anything) with the summary, an overview of files and rules with their counts (links
 * to each file's section), the findings grouped by file and target with severity badges and code frames,
 * the input errors, the notes (what a reader left unchecked: `result.notes`) and the suppression problems. Each file is a `<details>` element, open unless the
 * report holds more than {@link OPEN_LIMIT} findings, so a report of thousands stays navigable. Every
 * piece of text is HTML-escaped; code frames come only from the masked `result.sources` (R-S).
 * Requirement R-G14.
 */
import type { AuditResult, Finding } from '../engine/types.js';
import { SEVERITIES, type Severity } from '../rules/types.js';
import { absoluteHelpUri } from './sarif.js';
import { cisPhrase, codeFrame, cut, displayPath, frameWindow, groupFindings, summaryLine, suppressionProblems } from './common.js';

/** Options of {@link renderHtml}. */
export interface HtmlOptions {
  /** Absolute paths inside `cwd` are shown relative to it. */
  cwd?: string;
}

/** Escapes `& < > " '` for use in HTML text and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1f2328;background:#fff}
h1{font-size:1.4rem;margin:0 0 .5rem}h2{font-size:1.1rem;margin:2rem 0 .3rem;font-family:ui-monospace,monospace}
h3{font-size:.95rem;margin:1rem 0 .3rem;color:#57606a}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #d0d7de}
td.loc{font-family:ui-monospace,monospace;white-space:nowrap}
.badge{display:inline-block;padding:0 .45rem;border-radius:.6rem;font-size:.8rem;font-weight:600;color:#fff}
.critical{background:#82071e}.high{background:#cf222e}.medium{background:#9a6700}.low{background:#0969da}.info{background:#6e7781}
.unknown{font-size:.8rem;color:#57606a}
pre.frame{background:#f6f8fa;padding:.4rem .6rem;margin:.4rem 0;overflow-x:auto;font-size:12px}
pre.frame mark{background:#ffd8b5}.ln{color:#6e7781;user-select:none}
.fix,.cis{margin:.2rem 0;font-size:.85rem}.fix code{font-family:ui-monospace,monospace}
pre.fix{background:#f6f8fa;padding:.3rem .6rem;margin:.2rem 0;overflow-x:auto;font-size:12px}
.summary{font-weight:600}.errors td,.notes td,.supp td{font-family:ui-monospace,monospace}
details>summary{cursor:pointer}details>summary h2{display:inline}.counts{margin-left:.6rem;font-size:.8rem}
table.overview{width:auto;margin:.3rem 0 1rem}table.overview td.n{text-align:right;font-variant-numeric:tabular-nums}
`;

/** Above this many findings, file sections start closed (their overview rows link to them). */
export const OPEN_LIMIT = 200;

/** `critical 2 · high 1` of some findings, severities with none left out. */
function countsOf(findings: readonly Finding[]): string {
  const n = new Map<Severity, number>();
  for (const f of findings) n.set(f.severity, (n.get(f.severity) ?? 0) + 1);
  return SEVERITIES.filter((s) => n.get(s))
    .map((s) => `<span class="badge ${s}">${s} ${n.get(s)}</span>`)
    .join(' ');
}

/** Overview tables: findings per file (linking to its section) and per rule, most severe rule first. */
function overview(result: AuditResult, groups: ReturnType<typeof groupFindings>, cwd?: string): string[] {
  if (!result.findings.length) return [];
  const out = ['<h2>Overview</h2>', '<table class="overview"><thead><tr><th>File</th><th>Findings</th><th></th></tr></thead><tbody>'];
  groups.forEach((g, i) => {
    const all = g.targets.flatMap((t) => t.findings);
    out.push(`<tr><td><a href="#file-${i + 1}">${escapeHtml(displayPath(g.file, cwd))}</a></td><td class="n">${all.length}</td><td>${countsOf(all)}</td></tr>`);
  });
  out.push('</tbody></table>');
  const byRule = new Map<string, Finding[]>();
  for (const f of result.findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  const rank = (fs: Finding[]) => Math.min(...fs.map((f) => SEVERITIES.indexOf(f.severity)));
  const rules = [...byRule].sort((a, b) => rank(a[1]) - rank(b[1]) || b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  out.push('<table class="overview"><thead><tr><th>Rule</th><th>Title</th><th>Findings</th><th></th></tr></thead><tbody>');
  for (const [id, fs] of rules) {
    const f = fs[0];
    out.push(
      `<tr><td><a href="${escapeHtml(absoluteHelpUri(f.helpUri))}">${escapeHtml(id)}</a> ${escapeHtml(f.slug)}</td><td>${escapeHtml(f.title)}</td>` +
        `<td class="n">${fs.length}</td><td>${countsOf(fs)}</td></tr>`,
    );
  }
  out.push('</tbody></table>');
  return out;
}

/** Widest part of a source line an HTML code frame shows (UTF-16 code units); the frame scrolls sideways. */
export const HTML_FRAME_WIDTH = 400;

function frameHtml(result: AuditResult, f: Finding): string {
  const source = result.sources?.get(f.location.file);
  if (!source) return '';
  const lines = codeFrame(source, f.location);
  if (!lines.length) return '';
  const width = String(lines[lines.length - 1].line).length;
  const markedLine = lines.find((l) => l.marked);
  // Lines longer than HTML_FRAME_WIDTH are cut around the marker (every frame is kept until the page is written).
  const win = frameWindow(markedLine?.text.length ?? 0, markedLine?.underline, HTML_FRAME_WIDTH);
  const body = lines.map((l) => {
    const gutter = `<span class="ln">${l.marked ? '&gt;' : ' '} ${String(l.line).padStart(width)} | </span>`;
    const shown = cut(l.text, win);
    if (!l.underline) return gutter + escapeHtml(shown.text);
    const start = Math.min(shown.text.length, Math.max(0, l.underline.start - shown.shift));
    const end = Math.min(shown.text.length, Math.max(start, l.underline.start + l.underline.length - shown.shift));
    const marked = shown.text.slice(start, end) || ' ';
    return `${gutter}${escapeHtml(shown.text.slice(0, start))}<mark>${escapeHtml(marked)}</mark>${escapeHtml(shown.text.slice(end))}`;
  });
  return `<pre class="frame">${body.join('\n')}</pre>`;
}

function findingRow(result: AuditResult, f: Finding): string {
  const unknown = f.certainty === 'unknown' ? ' <span class="unknown">(unknown)</span>' : '';
  const cis = cisPhrase(f.cis);
  return [
    `<tr>`,
    `<td class="loc">${f.location.startLine}:${f.location.startColumn}</td>`,
    `<td><span class="badge ${escapeHtml(f.severity)}">${escapeHtml(f.severity)}</span>${unknown}</td>`,
    `<td>${escapeHtml(f.message)}${frameHtml(result, f)}`,
    // A multi-line fix (a YAML block) keeps its lines and indentation, so it can be copied as it stands.
    f.remediation
      ? f.remediation.includes('\n')
        ? `<div class="fix">fix:<pre class="fix"><code>${escapeHtml(f.remediation.replace(/\n+$/, ''))}</code></pre></div>`
        : `<p class="fix">fix: <code>${escapeHtml(f.remediation)}</code></p>`
      : '',
    cis ? `<p class="cis">${escapeHtml(cis)}</p>` : '',
    `</td>`,
    `<td><a href="${escapeHtml(absoluteHelpUri(f.helpUri))}">${escapeHtml(f.ruleId)}</a><br>${escapeHtml(f.slug)}</td>`,
    `</tr>`,
  ].join('');
}

/** Renders `result` as a standalone HTML page (UTF-8, trailing newline): the concatenation of {@link renderHtmlChunks}. */
export function renderHtml(result: AuditResult, opts: HtmlOptions = {}): string {
  return [...renderHtmlChunks(result, opts)].join('');
}

/**
 * Renders the page of {@link renderHtml} in pieces, one per audited file after the overview, each ending in a
 * newline: a report of a hundred thousand findings (~70 MB for 2,000 files) is written without ever being one
 * string (V8 caps a string at 2^29 − 24 UTF-16 units).
 */
export function* renderHtmlChunks(result: AuditResult, opts: HtmlOptions = {}): Generator<string> {
  let out: string[] = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>bulwark audit report</title>',
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    `<h1>bulwark audit report</h1>`,
    `<p class="summary">${escapeHtml(summaryLine(result))}</p>`,
    '<p>' +
      SEVERITIES.map((s) => `<span class="badge ${s}">${s} ${result.summary.bySeverity[s] ?? 0}</span>`).join(' ') +
      '</p>',
  ];
  const groups = groupFindings(result.findings);
  out.push(...overview(result, groups, opts.cwd));
  const open = result.findings.length <= OPEN_LIMIT ? ' open' : '';
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i];
    const all = group.targets.flatMap((t) => t.findings);
    out.push(
      `<section id="file-${i + 1}"><details${open}>`,
      `<summary><h2>${escapeHtml(displayPath(group.file, opts.cwd))}</h2><span class="counts">${countsOf(all)}</span></summary>`,
    );
    for (const t of group.targets) {
      out.push(
        `<h3>${escapeHtml(t.label)}</h3>`,
        '<table><thead><tr><th>Line</th><th>Severity</th><th>Finding</th><th>Rule</th></tr></thead><tbody>',
        ...t.findings.map((f) => findingRow(result, f)),
        '</tbody></table>',
      );
    }
    out.push('</details></section>');
    if (out.length >= 256) {
      yield out.join('\n') + '\n';
      out = [];
    }
  }
  if (result.errors.length) {
    out.push('<section class="errors">', '<h2>Input errors</h2>', '<table><tbody>');
    for (const e of result.errors) {
      const where = displayPath(e.file, opts.cwd) + (e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : '');
      out.push(`<tr><td>${escapeHtml(where)}</td><td>${escapeHtml(e.message)}</td><td>${escapeHtml(e.code)}</td></tr>`);
    }
    out.push('</tbody></table>', '</section>');
  }
  if (result.notes?.length) {
    out.push('<section class="notes">', '<h2>Notes</h2>', '<table><tbody>');
    for (const e of result.notes) {
      const where = displayPath(e.file, opts.cwd) + (e.line ? `:${e.line}${e.column ? `:${e.column}` : ''}` : '');
      out.push(`<tr><td>${escapeHtml(where)}</td><td>${escapeHtml(e.message)}</td><td>${escapeHtml(e.code)}</td></tr>`);
    }
    out.push('</tbody></table>', '</section>');
  }
  const problems = suppressionProblems(result);
  if (problems.length) {
    out.push('<section class="supp">', '<h2>Suppressions</h2>', '<table><tbody>');
    for (const { s, problem } of problems) {
      const names = s.rules.length ? s.rules.join(', ') : 'all rules';
      out.push(
        `<tr><td>${escapeHtml(`${displayPath(s.file, opts.cwd)}:${s.line}`)}</td><td>${escapeHtml(problem)}</td>` +
          `<td>${escapeHtml(names)}</td><td>${escapeHtml(s.reason)}</td></tr>`,
      );
    }
    out.push('</tbody></table>', '</section>');
  }
  out.push(`<footer><p>${escapeHtml(`${result.tool.name} ${result.tool.version}`)}</p></footer>`, '</body>', '</html>');
  yield out.join('\n') + '\n';
}
