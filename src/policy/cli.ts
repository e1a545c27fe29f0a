/**
 * The `bulwark policy` subcommands (issue 6; R-PM1 … R-PM4): generate, check, embed, collect, plan. Loaded only
 * when a policy command runs (src/cli/policy.ts registers the options).
 *
 * Exit codes: 0 valid / done; 1 an invalid module (check, embed, collect and plan fail closed); 2 unusable input
 * (unreadable file, no such service or image, secilc missing), reported as one `bulwark: …` line.
 * Every stdout line is also printed for a host without SELinux: the plan states that enforcement needs an SELinux
 * host with container-selinux.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { say, UsageError, writeAtomic } from '../cli/common.js';
import { printable } from '../report/text.js';
import { loadBase, type BaseModel } from './base.js';
import { checkModule, formatCheck, type ModuleCheck } from './check.js';
import type { Collection } from './collect.js';

/** Connection flags shared with `audit --live`. */
interface EngineFlags {
  host?: string;
  tlscacert?: string;
  tlscert?: string;
  tlskey?: string;
}

/** Flags of `policy generate`. */
export interface GenerateFlags extends EngineFlags {
  compose?: string;
  service?: string;
  run?: string;
  inspect?: string;
  target?: string;
  container?: string;
  module?: string;
  binary?: string[];
  imageRoot?: string;
  output?: string;
}

const MAX_MODULE_FILE = 4 << 20;

function base(): BaseModel {
  return loadBase();
}

async function readModule(file: string): Promise<string> {
  let st;
  try {
    st = await stat(file);
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!st.isFile()) throw new UsageError(`${file} is not a file`);
  if (st.size > MAX_MODULE_FILE) throw new UsageError(`${file} is ${st.size} bytes: larger than ${MAX_MODULE_FILE} bytes, not a module`);
  return decodeModuleFile(await readFile(file), file);
}

/**
 * Decodes a module file as UTF-8, as secilc reads it.
 * @throws UsageError `FILE:LINE:COL: not UTF-8 text …` at the first byte that is not UTF-8 (a genuine U+FFFD is fine).
 */
export function decodeModuleFile(buf: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf);
  } catch {
    const s = buf.toString('utf8');
    for (let i = s.indexOf('\uFFFD'); i !== -1; i = s.indexOf('\uFFFD', i + 1)) {
      const byte = Buffer.byteLength(s.slice(0, i));
      if (buf[byte] === 0xef && buf[byte + 1] === 0xbf && buf[byte + 2] === 0xbd) continue;
      const before = s.slice(0, i);
      const line = before.split('\n').length;
      const column = i - (before.lastIndexOf('\n') + 1) + 1;
      throw new UsageError(`${file}:${line}:${column}: not UTF-8 text (byte 0x${buf[byte].toString(16).padStart(2, '0')} at offset ${byte}): a CIL module is UTF-8 text`);
    }
    throw new UsageError(`${file}: not UTF-8 text: a CIL module is UTF-8 text`);
  }
}

/**
 * Prints report lines. Module text, label keys, image names and secilc's messages come from the image or the
 * module's author: control characters in them are shown as visible pictures (report/text.ts `printable`, as
 * `verify` prints), so a hostile module cannot move the cursor, clear the screen or retitle the terminal of the
 * person reading the verdict.
 */
function writeLines(lines: string[]): void {
  process.stdout.write(lines.map(printable).join('\n') + '\n');
}

/** Writes `text` to `file` atomically; @throws UsageError `cannot write FILE: CODE` (not the temp file's name). */
async function writeOut(file: string, text: string): Promise<void> {
  try {
    await writeAtomic(file, [text]);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!code) throw e;
    throw new UsageError(`cannot write ${file}: ${code}${code === 'ENOENT' ? ' (no such directory)' : ''}`);
  }
}

async function secilcGuard<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if ((e as Error).name === 'SecilcUnavailable') throw new UsageError((e as Error).message);
    throw e;
  }
}

/**
 * `policy generate`: prints (or writes with -o) the module; notes on stderr. The module's default name is
 * `moduleName` (generate.ts: the container's name and a hash of its image repository); what comes from the input
 * (names, paths) is printed with control characters made visible (`printable`), on stdout and on stderr.
 */
export async function runGenerate(flags: GenerateFlags): Promise<number> {
  const chosen = (['compose', 'run', 'inspect', 'container'] as const).filter((k) => flags[k] !== undefined);
  if (chosen.length !== 1) throw new UsageError('policy generate needs exactly one of --compose FILE --service NAME, --run "…", --inspect FILE, --container NAME');
  if (flags.compose !== undefined && flags.service === undefined) throw new UsageError('--compose needs --service NAME');
  if (flags.service !== undefined && flags.compose === undefined) throw new UsageError('--service applies only with --compose');
  if (flags.target !== undefined && flags.inspect === undefined) throw new UsageError('--target applies only with --inspect');
  const binaries = (flags.binary ?? []).map((b) => {
    const i = b.lastIndexOf('=');
    if (i <= 0 || i === b.length - 1) throw new UsageError(`--binary ${b}: expected PATH=TYPE, e.g. /usr/sbin/nginx=nginx_t`);
    return { path: b.slice(0, i), type: b.slice(i + 1) };
  });
  const { loadContainer, PolicyInputError } = await import('./inputs.js');
  const { generateModule, GenerateError } = await import('./generate.js');
  let loaded;
  try {
    loaded = await loadContainer(
      flags.compose !== undefined ? { kind: 'compose', file: flags.compose, service: flags.service! }
        : flags.run !== undefined ? { kind: 'run', line: flags.run }
          : flags.inspect !== undefined ? { kind: 'inspect', file: flags.inspect, container: flags.target }
            : { kind: 'container', name: flags.container!, host: flags.host, tlsCaCert: flags.tlscacert, tlsCert: flags.tlscert, tlsKey: flags.tlskey },
    );
  } catch (e) {
    if (e instanceof PolicyInputError) throw new UsageError(e.message);
    throw e;
  }
  let g;
  try {
    g = generateModule(loaded.spec, { base: base(), name: flags.module, binaries, imageRoot: flags.imageRoot, from: loaded.from, where: loaded.where });
  } catch (e) {
    if (e instanceof GenerateError) throw new UsageError(e.message);
    throw e;
  }
  // Notes after the module is out: when it cannot be written, the one error line is all there is to read.
  if (flags.output) {
    const inputs = [flags.compose, flags.inspect].filter((x): x is string => !!x).map((x) => resolve(x));
    if (inputs.includes(resolve(flags.output))) throw new UsageError(`refusing to write the module over the input ${flags.output}`);
    await writeOut(flags.output, g.text);
    for (const n of g.notes) say(`note: ${n}`);
    say(`wrote ${flags.output}: module ${g.name}, run with --security-opt label=type:${g.domain}`);
  } else {
    // Names and paths from the input reach the module (a filecon of a host path holds its characters as they are):
    // on stdout, for a reader, control characters are shown as visible pictures; -o writes the exact bytes.
    process.stdout.write(g.text.split('\n').map(printable).join('\n'));
    for (const n of g.notes) say(`note: ${n}`);
  }
  return 0;
}

/** `policy check FILE…`: diagnostics and a verdict line per module. */
export async function runCheck(files: string[], flags: { imageRoot?: string[] }): Promise<number> {
  if (!files.length) throw new UsageError('policy check needs a module file (MODULE.cil)');
  const texts = await Promise.all(files.map(readModule));
  const b = base();
  let code = 0;
  for (let i = 0; i < files.length; i++) {
    const r = await secilcGuard(checkModule(texts[i], files[i], { base: b, imageRoots: flags.imageRoot }));
    writeLines(formatCheck(r, files[i]));
    if (!r.valid) code = 1;
  }
  return code;
}

/** `policy embed FILE`: checks the module, then prints the LABEL and the `docker build --label` form. */
export async function runEmbed(file: string, flags: { imageRoot?: string[] }): Promise<number> {
  const text = await readModule(file);
  const { MAX_MODULE_BYTES } = await import('./embed.js');
  const bytes = Buffer.byteLength(text);
  // collect refuses a label that decompresses to more: embedding it would only fail later, on every host.
  if (bytes > MAX_MODULE_BYTES) throw new UsageError(`${file} is ${bytes} bytes: collect reads modules of at most ${MAX_MODULE_BYTES} bytes from a label; not embedding it`);
  const r = await secilcGuard(checkModule(text, file, { base: base(), imageRoots: flags.imageRoot }));
  if (!r.valid || !r.module) {
    writeLines(formatCheck(r, file));
    say(`${file} is not valid: not embedding it`);
    return 1;
  }
  const { embedding } = await import('./embed.js');
  const e = embedding(r.module, text);
  process.stdout.write([
    `# Dockerfile (the module ${r.module}, gzip + base64, under its own label key)`,
    e.dockerfile,
    '# or at build time',
    `docker build ${e.buildArg} .`,
    '',
  ].join('\n'));
  return 0;
}

async function collect(image: string | undefined, flags: EngineFlags & { archive?: string }): Promise<Collection> {
  if (!image && !flags.archive) throw new UsageError('name an IMAGE or --archive FILE');
  const { isImageReference } = await import('./plan.js');
  if (image !== undefined && !isImageReference(image)) throw new UsageError(`${JSON.stringify(image)} is not an image reference (name[:tag][@digest], or an image id)`);
  const m = await import('./collect.js');
  try {
    return flags.archive
      ? await secilcGuard(m.collectFromArchive(flags.archive, base(), image))
      : await secilcGuard(m.collectFromEngine(image!, base(), { host: flags.host, tlsCaCert: flags.tlscacert, tlsCert: flags.tlscert, tlsKey: flags.tlskey }));
  } catch (e) {
    if (e instanceof m.CollectError) throw new UsageError(e.message);
    throw e;
  }
}

function reportCollection(c: Collection): string[] {
  const lines = [`image ${c.image} (${c.id.replace(/^sha256:/, '').slice(0, 12)}): ${c.chain.length - 1} parent image${c.chain.length === 2 ? '' : 's'} found (${c.chain.join(' → ')})`];
  if (!c.modules.length) lines.push(`no SELinux module labels (io.bulwark.selinux.module.*) on ${c.image} or its parents`);
  for (const m of c.modules) {
    lines.push(`${m.key} from ${m.image}: ${m.valid ? `valid (domains ${(m.check?.domains ?? []).join(', ') || 'none'})` : 'INVALID'}`);
    if (m.error) lines.push(`  ${m.key}: ${m.error}`);
    if (m.check && !m.check.valid) lines.push(...formatCheck(m.check as ModuleCheck, `${m.key}.cil`).map((l) => `  ${l}`));
  }
  lines.push(c.valid ? `${c.modules.length} module${c.modules.length === 1 ? '' : 's'}, all valid` : c.modules.length ? 'refusing: an invalid module fails the whole image (fail closed)' : 'nothing to install');
  return lines;
}

/** `policy collect IMAGE | --archive FILE`: lists and validates the modules; `--output-dir` writes them as `bulwark_<name>.cil` (plan.ts storeName; all valid only). */
export async function runCollect(image: string | undefined, flags: EngineFlags & { archive?: string; outputDir?: string }): Promise<number> {
  const c = await collect(image, flags);
  writeLines(reportCollection(c));
  if (!c.valid) return 1;
  if (flags.outputDir) {
    try {
      await mkdir(flags.outputDir, { recursive: true });
    } catch (e) {
      throw new UsageError(`cannot create ${flags.outputDir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const { storeName } = await import('./plan.js');
    for (const m of c.modules) await writeOut(join(flags.outputDir, `${storeName(m.name)}.cil`), m.text!);
    say(`wrote ${c.modules.length} module file${c.modules.length === 1 ? '' : 's'} to ${flags.outputDir}`);
  }
  return 0;
}

/** `policy plan (IMAGE | --archive FILE | --module FILE…)`: the semodule commands and the run options. */
export async function runPlan(image: string | undefined, flags: EngineFlags & { archive?: string; module?: string[]; moduleDir?: string; service?: string; domain?: string; imageRoot?: string[] }): Promise<number> {
  const { buildPlan, formatPlan } = await import('./plan.js');
  const dir = flags.moduleDir ?? 'selinux-modules';
  let modules: { name: string; file: string; image?: string }[];
  /** The domains of every checked module (a child image may run in a parent's); the default comes from the last. */
  let domains: string[] = [];
  let ownDomains: string[] = [];
  let header: string | undefined;
  if (flags.module?.length) {
    if (image || flags.archive) throw new UsageError('give --module files, or an IMAGE / --archive, not both');
    const b = base();
    modules = [];
    for (const f of flags.module) {
      const r = await secilcGuard(checkModule(await readModule(f), f, { base: b, imageRoots: flags.imageRoot }));
      if (!r.valid || !r.module) {
        writeLines(formatCheck(r, f));
        say(`${f} is not valid: no plan (fail closed)`);
        return 1;
      }
      modules.push({ name: r.module, file: f });
      domains.push(...r.domains);
      ownDomains = r.domains;
    }
  } else {
    const c = await collect(image, flags);
    if (!c.valid) {
      writeLines(reportCollection(c));
      say('no plan: every module of the image and its parents must be valid (fail closed)');
      return 1;
    }
    const { storeName } = await import('./plan.js');
    modules = c.modules.map((m) => ({ name: m.name, file: join(dir, `${storeName(m.name)}.cil`), image: m.image }));
    domains = c.modules.flatMap((m) => m.check?.domains ?? []);
    ownDomains = c.modules[c.modules.length - 1].check?.domains ?? [];
    const { shQuote, CONTROL_CHARACTER } = await import('./plan.js');
    for (const [what, v] of [['--archive', flags.archive], ['--module-dir', dir]] as const) if (v !== undefined && CONTROL_CHARACTER.test(v)) throw new UsageError(`${what} ${JSON.stringify(v)} holds a control character: no plan`);
    header = `# write the module files first: bulwark policy collect ${flags.archive ? `--archive ${shQuote(flags.archive)}${image ? ' ' + shQuote(image) : ''}` : shQuote(image!)} --output-dir ${shQuote(dir)}\n`;
  }
  // The container starts in a domain the validated module declares, never in one it names (spc_t would be
  // unconfined) nor in one that does not exist.
  const own = modules[modules.length - 1].name;
  const domain = flags.domain ?? (ownDomains.includes(`${own}.process`) ? `${own}.process` : ownDomains[0]);
  if (domain === undefined) throw new UsageError(`module ${own} declares no domain to run the container in: add (type process), (roletype system_r process) and (typebounds container_t process), or choose a parent's domain with --domain`);
  if (!domains.includes(domain)) throw new UsageError(`--domain ${domain}: not a domain of the checked modules (${domains.join(', ') || 'none'}); the container must run in a domain a checked module bounds under container_t`);
  let p;
  try {
    p = buildPlan(modules, { domain, image, service: flags.service });
  } catch (e) {
    if ((e as Error).name === 'PlanError') throw new UsageError((e as Error).message);
    throw e;
  }
  if (header) process.stdout.write(header);
  process.stdout.write(formatPlan(p).join('\n') + '\n');
  return 0;
}
