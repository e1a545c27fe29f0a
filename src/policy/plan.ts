/**
 * `bulwark policy plan`: how to install an image's modules and start its container in the module's domain
 * (R-PM4).
 *
 * The plan is text for an administrator of an SELinux host with container-selinux installed: `semodule -i` of
 * every module, parents first (a child's module may use its parents' types), then the run options —
 * `docker run --security-opt label=type:<module>.process` and the Compose `security_opt` entry. bulwark runs none
 * of it: on a host without SELinux (such as the one it was written on) the modules can only be compiled and
 * validated, not enforced.
 *
 * Source: semodule(8) (`-i` installs a module; CIL modules are accepted as `.cil` files); Docker docs
 * "docker run --security-opt label=type:TYPE"; compose-spec `security_opt`; udica's run instructions.
 */
import { shellQuote } from '../emit/engine.js';

/**
 * The name a module gets in the host's module store. semodule(8) names a module after its file (`web.cil` →
 * module `web`) and a module installed under the name of one already there replaces it: an image's module called
 * `base` or `container` would replace the distribution's base policy or container-selinux itself. The prefix keeps
 * every image module apart from the distribution's modules (which never carry it).
 */
export function storeName(block: string): string {
  return `bulwark_${block}`;
}

/** distribution/reference's `domainNameComponent`, `domainName`, `host` (IPv6 in brackets) and optional port. */
const REF_DOMAIN = '(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?';
/** distribution/reference's `pathComponent`: lower-case alphanumerics joined by `.`, `_`, `__` or dashes. */
const REF_PATH = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
/** A whole reference: `[domain/]path(/path)*[:tag][@digest]` (distribution/reference `ReferenceRegexp`). */
const REFERENCE = new RegExp(`^(?:${REF_DOMAIN}/)?${REF_PATH}(?:/${REF_PATH})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`);

/**
 * True when `s` is an image reference as Docker accepts one (`nginx`, `ghcr.io/o/app:1.2`,
 * `localhost:5000/app@sha256:…`), or an image id (`sha256:<hex>`, a hex prefix): the grammar of
 * distribution/reference (`reference/regexp.go`: lower-case path components, tag `[\w][\w.-]{0,127}`, digest
 * `algorithm:hex`), name part at most 255 characters. Nothing else can name an image, and nothing of this grammar
 * holds a space, a quote, `#` or a control character: a name that passes cannot break a line of the install plan
 * (an archive's `RepoTags` entry with a newline would otherwise start a command of its own in a root shell script).
 */
export function isImageReference(s: string): boolean {
  if (!REFERENCE.test(s)) return false;
  const name = s.replace(/@.*$/, '').replace(/:[\w][\w.-]*$/, '');
  return name.length <= 255;
}

/** A plan that cannot be written safely: a name that could break a line of it (the CLI exits 2). */
export class PlanError extends Error {
  override name = 'PlanError';
}

/** A module (block) name: what `collect` and `check` accept. */
const MODULE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** A CIL type name inside a module (`web.process`, `web.sub.worker`). */
const DOMAIN_NAME = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*$/;
/** A Compose service name (compose-spec: `^[a-zA-Z0-9._-]+$`). */
const SERVICE_NAME = /^[a-zA-Z0-9._-]+$/;

/** C0 and C1 control characters (a newline among them): none may reach a line of the plan. */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** One module to install. */
export interface PlanModule {
  /** The module's name (its block name). */
  name: string;
  /**
   * Where the CIL file is (or will be written by `collect --output-dir`, as `<dir>/{@link storeName}.cil`). A file
   * named otherwise is copied to `storeName(name).cil` first in the plan, so the module never takes a system name.
   */
  file: string;
  /** The image that adds it, when known. */
  image?: string;
}

/** The plan's parts. */
export interface Plan {
  install: string[];
  /** The process type the container runs in. */
  domain: string;
  run: string;
  compose: string;
  /** The plain statement of what enforcement needs. */
  caveat: string;
}

/** The security option that starts a container in `domain` (`--security-opt` value, Compose `security_opt` item); for `harden` too. */
export function labelOption(domain: string): string {
  return `label=type:${domain}`;
}

/** Quotes a word for POSIX sh when it needs it (the emitter's quoting, shared by every command). */
export const shQuote: (word: string) => string = shellQuote;

/**
 * Builds the plan.
 * @param modules parents first (the order `collect` returns); at least one
 * @throws Error when `modules` is empty (there is nothing to install; the CLI never asks for such a plan)
 * @throws PlanError when a name would not stay on its line: a module name that is not a block name, a domain that
 *   is not a type name, an image (the run image or a module's image) that is not an image reference
 *   ({@link isImageReference}), a service that is not a Compose service name. Every name in the plan comes from
 *   an image's labels or an archive's manifest, so this is checked here, whatever checked it before.
 * @param domain the type to run in; default `<last module>.process`
 * @param image the image reference for the `docker run` line
 * @param service the Compose service name for the `security_opt` snippet
 */
export function buildPlan(modules: PlanModule[], opts: { domain?: string; image?: string; service?: string } = {}): Plan {
  if (!modules.length) throw new Error('buildPlan: no module to install');
  const q = JSON.stringify;
  for (const m of modules) {
    if (!MODULE_NAME.test(m.name)) throw new PlanError(`module name ${q(m.name)} is not a block name (letters, digits, _): no plan`);
    if (CONTROL_CHARACTER.test(m.file)) throw new PlanError(`the module file name ${q(m.file)} holds a control character: no plan`);
    if (m.image !== undefined && !isImageReference(m.image)) throw new PlanError(`the image ${q(m.image)} of module ${m.name} is not an image reference: no plan`);
  }
  if (opts.domain !== undefined && !DOMAIN_NAME.test(opts.domain)) throw new PlanError(`domain ${q(opts.domain)} is not a type name: no plan`);
  if (opts.image !== undefined && !isImageReference(opts.image)) throw new PlanError(`${q(opts.image)} is not an image reference (name[:tag][@digest], or an image id): no plan`);
  if (opts.service !== undefined && !SERVICE_NAME.test(opts.service)) throw new PlanError(`service ${q(opts.service)} is not a Compose service name (letters, digits, ., _, -): no plan`);
  const last = modules[modules.length - 1];
  const domain = opts.domain ?? `${last.name}.process`;
  const install = modules.map((m) => {
    const want = `${storeName(m.name)}.cil`;
    const from = m.image ? `    # ${m.name}, from ${m.image}` : `    # ${m.name}`;
    if (m.file.replace(/^.*\//, '') === want) return `semodule -i ${shQuote(m.file)}${from}`;
    // semodule names the module after the file: never after a name the module's author chose for the file.
    return `cp -- ${shQuote(m.file)} ${shQuote(want)} && semodule -i ${shQuote(want)}${from}`;
  });
  const run = `docker run --security-opt ${shQuote(labelOption(domain))} ${shQuote(opts.image ?? 'IMAGE')}`;
  const compose = [`services:`, `  ${opts.service ?? 'app'}:`, `    image: ${opts.image ?? 'IMAGE'}`, `    security_opt:`, `      - ${labelOption(domain)}`].join('\n');
  const caveat = 'Enforcement needs an SELinux host in enforcing mode with container-selinux installed (container_t, container_file_t); bulwark only compiled and validated these modules here.';
  return { install, domain, run, compose, caveat };
}

/** The plan as the lines `policy plan` prints. */
export function formatPlan(p: Plan): string[] {
  return [
    `# ${p.caveat}`,
    '# 1. Install the modules, parents first (as root, on the SELinux host):',
    ...p.install,
    `# 2. Run the container in its domain (${p.domain}):`,
    p.run,
    '# or in Compose:',
    ...p.compose.split('\n'),
  ];
}
