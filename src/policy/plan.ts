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
 * @param domain the type to run in; default `<last module>.process`
 * @param image the image reference for the `docker run` line
 * @param service the Compose service name for the `security_opt` snippet
 */
export function buildPlan(modules: PlanModule[], opts: { domain?: string; image?: string; service?: string } = {}): Plan {
  if (!modules.length) throw new Error('buildPlan: no module to install');
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
