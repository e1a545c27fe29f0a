/**
 * Renderers of a {@link ProbeReport}: text (terminal), JSON (machine-readable, `schemaVersion` 1) and Markdown
 * (the paper's Table 1, §VI, as measured: source × target, each cell threat present / partial / none with the
 * attacks that succeeded, then the evidence per run). Every record is shown with its kind (breach, surface,
 * information: catalogue.ts); information records that hold are listed as facts, apart from the attacks. Evidence never holds secret values (the probe reports
 * environment variable names only; `-e NAME` for secret-looking values in the configuration, R-S).
 */
import { printable } from '../report/text.js';
import { attackOf } from './catalogue.js';
import { percentKept } from './runner.js';
import type { ProbeReport, ProbeRun, Threat } from './types.js';

/** Output formats of `bulwark probe --format`. */
export const PROBE_FORMATS = ['text', 'json', 'markdown'] as const;
export type ProbeFormat = (typeof PROBE_FORMATS)[number];

const THREAT: Record<Threat, string> = {
  present: 'Threat present',
  partial: 'Partial threats',
  none: 'No threats',
  unknown: 'Not measured (the container did not start)',
};

function configLine(run: ProbeRun): string {
  return ['docker run', ...run.args, run.image].join(' ');
}

function neighbourConfig(run: ProbeRun): string | undefined {
  return run.neighbourArgs ? ['docker run', ...run.neighbourArgs, run.image].join(' ') : undefined;
}

function neighbourLine(run: ProbeRun): string | undefined {
  const n = run.neighbour;
  if (!n) return undefined;
  const parts = n.phases.map((p) => `${p.phase} ${percentKept(p.ratio)} %`);
  return `neighbour work rate kept: ${parts.join(', ')} (baseline ${Math.round(n.baseline)} units/s; ${n.note})`;
}

function textRun(run: ProbeRun): string[] {
  const out = [`${run.label}: ${configLine(run)}`];
  const nc = neighbourConfig(run);
  if (nc) out.push(`  neighbour: ${nc}`);
  for (const d of run.dropped) out.push(`  not carried: ${d.setting} (${d.reason})`);
  for (const n of run.notes) out.push(`  note: ${n}`);
  if (run.refused) {
    out.push(`  ${run.refused}`);
    out.push(`  (${run.records.length} attacks not run: no verdict)`);
    return out;
  }
  const w = Math.max(...run.records.map((r) => r.id.length), 10);
  for (const r of run.records) {
    out.push(`  ${r.class.padEnd(4)} ${r.id.padEnd(w)} ${r.result.padEnd(15)} ${(r.errno ?? '').padEnd(7)} ${(r.kind ?? attackOf(r.id)?.kind ?? 'information').padEnd(11)} ${r.evidence}`);
  }
  const nl = neighbourLine(run);
  if (nl) out.push(`  ${nl}`);
  out.push(`  ${THREAT[run.threat]}: ${run.succeeded.length} attack${run.succeeded.length === 1 ? '' : 's'} succeeded${run.succeeded.length ? `: ${run.succeeded.join(', ')}` : ''}`);
  if (run.facts.length) out.push(`  facts (information, not attacks): ${run.facts.join(', ')}`);
  const untried = untestable(run);
  if (untried.length) out.push(`  cannot be tried on this host (no verdict): ${untried.join(', ')}`);
  return out;
}

/** Terminal text. */
export function renderText(r: ProbeReport): string {
  const out = [`bulwark probe: ${r.subject} on Docker Engine ${r.engine.version} (security options: ${r.engine.securityOptions.join(', ') || 'none'})`];
  if (r.matrix) {
    out.push(`hardened = ${r.matrix.hardenedFrom}`, '');
    out.push(...tableText(r));
    for (const c of r.matrix.cells) out.push('', ...textRun(c.run));
  } else for (const run of r.runs ?? []) out.push('', ...textRun(run));
  return out.map(printable).join('\n') + '\n';
}

/** Ids of the attacks this host cannot try (`not-testable`): shown apart, never as blocked. */
export function untestable(run: ProbeRun): string[] {
  return run.records.filter((r) => r.result === 'not-testable').map((r) => r.id);
}

function cellText(run: ProbeRun): string {
  if (run.refused) return THREAT.unknown;
  const breaches = run.succeeded.filter((id) => attackOf(id)?.kind === 'breach');
  const surface = run.succeeded.filter((id) => attackOf(id)?.kind === 'surface');
  const parts = [`${run.succeeded.length} succeeded`];
  if (breaches.length) parts.push(`breaches: ${breaches.join(', ')}`);
  if (surface.length) parts.push(`surface: ${surface.join(', ')}`);
  const untried = untestable(run);
  if (untried.length) parts.push(`cannot be tried on this host: ${untried.join(', ')}`);
  return `${THREAT[run.threat]} (${parts.join('; ')})`;
}

function tableText(r: ProbeReport): string[] {
  const cells = r.matrix!.cells;
  const get = (s: string, t: string) => cells.find((c) => c.source === s && c.target === t)!.run;
  return [
    'Table 1, measured (source = attacker, target = victim/neighbour):',
    `  source base     → target base:     ${cellText(get('base', 'base'))}`,
    `  source base     → target hardened: ${cellText(get('base', 'hardened'))}`,
    `  source hardened → target base:     ${cellText(get('hardened', 'base'))}`,
    `  source hardened → target hardened: ${cellText(get('hardened', 'hardened'))}`,
  ];
}

function md(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function markdownRun(run: ProbeRun): string[] {
  const nc = neighbourConfig(run);
  const out = [`### ${md(run.label)}`, '', '```', `${nc ? 'attacker:  ' : ''}${configLine(run)}`, ...(nc ? [`neighbour: ${nc}`] : []), '```', ''];
  for (const d of run.dropped) out.push(`- not carried: ${md(d.setting)} (${md(d.reason)})`);
  for (const n of run.notes) out.push(`- note: ${md(n)}`);
  if (run.refused) {
    out.push(`- **${md(run.refused)}** — ${run.records.length} attacks not run, no verdict`, '');
    return out;
  }
  const nl = neighbourLine(run);
  if (nl) out.push(`- ${md(nl)}`);
  const untried = untestable(run);
  if (untried.length) out.push(`- cannot be tried on this host (no verdict): ${md(untried.join(', '))}`);
  out.push('', '| attack | class | requirements | result | errno | kind | evidence |', '|---|---|---|---|---|---|---|');
  for (const r of run.records) {
    const kind = r.kind ?? attackOf(r.id)?.kind ?? 'information';
    out.push(`| ${md(r.id)} | ${r.class} | ${r.requirements.join(' ')} | ${r.result === 'allowed' && kind !== 'information' ? '**allowed**' : r.result} | ${r.errno ?? ''} | ${kind} | ${md(r.evidence)} |`);
  }
  out.push('');
  return out;
}

/** Markdown: Table 1 (matrix) or the run's table, then the evidence. */
export function renderMarkdown(r: ProbeReport): string {
  const out = [`## bulwark probe: ${md(r.subject)}`, '', `Docker Engine ${md(r.engine.version)}; security options: ${md(r.engine.securityOptions.join(', ') || 'none')}.`, ''];
  if (r.matrix) {
    const cells = r.matrix.cells;
    const get = (s: string, t: string) => cells.find((c) => c.source === s && c.target === t)!.run;
    out.push(`Hardened = ${md(r.matrix.hardenedFrom)}. Base = Docker's defaults for the same image.`, '');
    out.push('| | Target base | Target hardened |', '|---|---|---|');
    for (const s of ['base', 'hardened']) out.push(`| **Source ${s}** | ${md(cellText(get(s, 'base')))} | ${md(cellText(get(s, 'hardened')))} |`);
    const ne = cells.flatMap((c) => c.run.records).find((x) => x.result === 'not-enforceable');
    if (ne) out.push('', `SELinux / AppArmor: ${md(ne.evidence)}.`);
    out.push('');
    for (const c of cells) out.push(...markdownRun(c.run));
  } else for (const run of r.runs ?? []) out.push(...markdownRun(run));
  return out.join('\n') + '\n';
}

/** JSON (`schemaVersion: 1`): the report as is. */
export function renderJson(r: ProbeReport): string {
  return JSON.stringify({ schemaVersion: 1, ...r }, null, 2) + '\n';
}

/** Renders in `format`. */
export function render(r: ProbeReport, format: ProbeFormat): string {
  return format === 'json' ? renderJson(r) : format === 'markdown' ? renderMarkdown(r) : renderText(r);
}
