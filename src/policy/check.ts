/**
 * `bulwark policy check`: validates an SELinux CIL module shipped with an image before it is installed (R-PM2,
 * paper §V.1: a module must not be able to alter system policy and its types must stay within the container
 * domain, svirt_lxc_net_t then, `container_t` now).
 *
 * The module is one namespace, a CIL `block` (as udica's modules are); everything it declares lives in it
 * (`web.process`, `web.exec_t`). Each violation is one {@link Diagnostic} at the statement that causes it:
 *  - `namespace`: a statement outside the module's block, a second block, `in` or `blockinherit` of a block
 *    outside the module;
 *  - `unbounded-domain`: a domain of the module (the source of a rule, or a type given `system_r`) with no
 *    `typebounds` chain to `container_t`; `bounds`: a bound under anything else or on a system type;
 *  - `source`: an allow / auditallow / dontaudit / neverallow / allowx / type rule whose source is not the
 *    module's own type;
 *  - `mcs`: a domain bounded by a type in `mcs_constrained_type` (container_t) that is not itself a member: the
 *    targeted policy's MCS constraints would not apply to it, so it could reach other containers' files;
 *  - `target`: an allow / allowx rule whose target is a system attribute module types may join (one holding
 *    container_t or a container file type): it would reach other images' domains and files;
 *  - `exceeds-bounds`: a bounded domain holding a permission its parent lacks (the base policy's `container_t`
 *    rules, or the module's own parent domain) — the check libsepol applies for `typebounds`, done here first
 *    so it points at the module's statement;
 *  - `role`, `user`, `mls`, `boolean`: roles, users, sensitivities/categories/levels, booleans or tunables;
 *  - `attribute`: `typeattributeset` into an attribute outside the module (named: unconfined-like, or one whose
 *    complement a neverallow uses — joining it weakens that neverallow), or own attributes holding system types.
 *    A type may join a system attribute its bound parent already belongs to (`container_domain`,
 *    `mcs_constrained_type` for a domain under container_t; `file_type` for a type under container_file_t): that
 *    grants it nothing its parent lacks, and container-selinux needs it (the runtime enters only
 *    container_domain members; MCS separation applies only to mcs_constrained_type members);
 *  - `transition`: a type transition / change / member into a type that is not the module's own;
 *  - `filecon`: a file context outside the image's own paths (`--image-root`) — its regular expression read as
 *    libselinux anchors it, alternation and bracket expressions included (./filecon-regex.ts) —, or labelling
 *    with a system type;
 *  - `labeling`: portcon, genfscon, nodecon, netifcon, fsuse and the other object-labelling statements;
 *  - `system`: statements that change the policy as a whole (class, sid, policycap, constrain, default*, …);
 *  - `permissive`: typepermissive (nothing the domain does would be denied);
 *  - `macro`: a call to a macro outside the module (its statements are not visible to the checker);
 *    calls to the module's own macros are expanded and checked with their arguments, and a violation found in
 *    the expansion is reported at the `call`;
 *  - `expansion`: more than {@link MAX_EXPANDED_STATEMENTS} statements once macros are expanded (not compiled);
 *  - `unknown`: any statement the checker does not understand (fail closed);
 *  - `parse`: the module does not parse.
 * Then ./secilc.ts compiles base + module so libsepol's own `typebounds` checking confirms the result.
 *
 * Source: R-PM2; SELinux CIL reference guide (name resolution in blocks, typebounds, typetransition, filecon);
 * container-selinux (container_t, container_file_t); refpolicy (unconfined_domain_type,
 * can_write_shadow_passwords).
 */
import { keywordOf, type CilList, type CilNode } from './cil/ast.js';
import { parseCil } from './cil/parse.js';
import { printFlat } from './cil/print.js';
import { baseHolds, evalPerms, type BaseModel } from './base.js';
import { fileconConfinement } from './filecon-regex.js';

/** The container domain every module domain is bounded by (container-selinux; the paper's svirt_lxc_net_t). */
export const CONTAINER_DOMAIN = 'container_t';

/**
 * The system types a module's types may be bounded by and whose system attributes they may then join: the
 * container domain and the container file types. Every attribute a module type can join holds one of these, so a
 * rule whose target is such an attribute would reach other images' types (see the `target` violation).
 */
export const CONTAINER_PARENTS: ReadonlySet<string> = new Set([CONTAINER_DOMAIN, 'container_file_t', 'container_ro_file_t']);

/** refpolicy's attribute of the types MCS constraints apply to (container_t is one). */
export const MCS_ATTRIBUTE = 'mcs_constrained_type';

/** Where an image's own files live on a host, by storage driver: file contexts may only label paths below these. */
export const DEFAULT_IMAGE_ROOTS: readonly string[] = ['/var/lib/docker/overlay2/', '/var/lib/containers/storage/overlay/'];

/** Most statements checked in one module, macro expansions included. */
export const MAX_EXPANDED_STATEMENTS = 100_000;

/** One violation: `file:line:col: statement: message`. */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  /** The statement as written, on one line (shortened to 120 characters). */
  statement: string;
  message: string;
  /** What kind of violation (see the module docstring). */
  code: string;
}

/** The result of the static check. */
export interface StaticCheck {
  /** The module's namespace (its block name), when there is one. */
  module?: string;
  diagnostics: Diagnostic[];
  /** The module's domains (full names, `web.process`), in order of declaration. */
  domains: string[];
  /** Every type the module declares (full names). */
  types: string[];
}

/** Options of {@link checkStatic}. */
export interface CheckOptions {
  base: BaseModel;
  /** Path prefixes under which file contexts may label; default {@link DEFAULT_IMAGE_ROOTS}. */
  imageRoots?: readonly string[];
}

/** A resolved name: the module's own (full name) or a system one. */
interface Ref {
  own: boolean;
  name: string;
  /** For own names: what was declared. */
  kind?: Decl['kind'];
}

interface Decl {
  kind: 'type' | 'attribute' | 'alias' | 'macro' | 'block' | 'context' | 'classpermission' | 'permissionx' | 'ipaddr' | 'classmap';
  node: CilList;
  full: string;
}

interface Macro {
  params: { kind: string; name: string }[];
  body: CilNode[];
  node: CilList;
  scope: string[];
}

interface Ctx {
  scope: string[];
  params: Map<string, Ref | CilNode>;
  /** The outermost `call` being expanded, where diagnostics go, and the macro chain. */
  via?: { call: CilList; macros: string[] };
  depth: number;
}

interface AvRule {
  kw: string;
  src: Ref;
  tgt: Ref | 'self';
  cls: string;
  perms: Set<string>;
  node: CilList;
  ctx: Ctx;
}

const ROLE_KW = new Set(['role', 'roleattribute', 'roleattributeset', 'roleallow', 'roletransition', 'rolebounds']);
const USER_KW = new Set(['user', 'userrole', 'userlevel', 'userrange', 'userbounds', 'userprefix', 'selinuxuser', 'selinuxuserdefault', 'userattribute', 'userattributeset']);
const MLS_KW = new Set(['sensitivity', 'sensitivityalias', 'sensitivityaliasactual', 'sensitivityorder', 'category', 'categoryalias', 'categoryaliasactual', 'categoryorder', 'sensitivitycategory', 'level', 'levelrange', 'rangetransition']);
const BOOL_KW = new Set(['boolean', 'booleanif', 'tunable', 'tunableif']);
const LABEL_KW = new Set(['portcon', 'genfscon', 'nodecon', 'netifcon', 'fsuse', 'ibpkeycon', 'ibendportcon', 'ioportcon', 'iomemcon', 'pirqcon', 'pcidevicecon', 'devicetreecon']);
const SYSTEM_KW = new Set(['class', 'classorder', 'common', 'classcommon', 'sid', 'sidorder', 'sidcontext', 'policycap', 'handleunknown', 'mls', 'constrain', 'mlsconstrain', 'validatetrans', 'mlsvalidatetrans', 'defaultuser', 'defaultrole', 'defaulttype', 'defaultrange', 'expandtypeattribute', 'deny']);
const AV_KW = new Set(['allow', 'auditallow', 'dontaudit', 'neverallow', 'allowx', 'auditallowx', 'dontauditx', 'neverallowx']);
const TYPE_RULE_KW = new Set(['typetransition', 'typechange', 'typemember']);
const FILE_KINDS = new Set(['file', 'dir', 'char', 'block', 'socket', 'pipe', 'symlink', 'any']);

function shorten(s: string): string {
  return s.length > 120 ? s.slice(0, 117) + '...' : s;
}

function atomValue(n: CilNode | undefined): string | undefined {
  return n?.kind === 'atom' ? n.value : undefined;
}

/**
 * Checks a module's text against R-PM2 without compiling it. Never throws for bad input: a module that does
 * not parse gives one `parse` diagnostic.
 */
export function checkStatic(text: string, file: string, opts: CheckOptions): StaticCheck {
  const base = opts.base;
  const roots = opts.imageRoots ?? DEFAULT_IMAGE_ROOTS;
  const m = parseCil(text, file);
  const diagnostics: Diagnostic[] = [];
  const out: StaticCheck = { diagnostics, domains: [], types: [] };
  if (m.errors.length) {
    const e = m.errors[0];
    diagnostics.push({ file, line: e.line, column: e.column, statement: '', message: `the module does not parse: ${e.message}`, code: 'parse' });
    return out;
  }
  const reported = new Set<string>();
  const report = (node: CilNode, ctx: Ctx | undefined, message: string, code: string) => {
    const at = ctx?.via?.call ?? node;
    const p = at.pos ?? { line: 1, column: 1 };
    const stmt = shorten(printFlat(at));
    const why = ctx?.via ? `${message} (in macro ${ctx.via.macros.join(' → ')}: ${shorten(printFlat(node))})` : message;
    const key = `${p.line}:${p.column}:${why}`;
    if (!reported.has(key)) {
      reported.add(key);
      diagnostics.push({ file, line: p.line, column: p.column, statement: stmt, message: why, code });
    }
  };

  // ---- the namespace: exactly one top-level block ----
  const blocks = m.statements.filter((s): s is CilList => keywordOf(s) === 'block');
  const mod = blocks[0];
  for (const s of m.statements) {
    if (s === mod) continue;
    if (keywordOf(s) === 'block') report(s, undefined, `a second namespace block: a module is one block (${atomValue(mod.items[1])})`, 'namespace');
    else report(s, undefined, mod ? `statement outside the module's namespace block (${atomValue(mod.items[1])}): it would change the system policy` : 'statement outside a namespace block: a module declares everything inside one (block NAME …)', 'namespace');
  }
  if (!mod) {
    if (!m.statements.length) diagnostics.push({ file, line: 1, column: 1, statement: '', message: 'the module is empty: no (block NAME …) namespace', code: 'namespace' });
    return out;
  }
  const modName = atomValue(mod.items[1]);
  if (!modName || !/^[A-Za-z][A-Za-z0-9_]*$/.test(modName)) {
    report(mod, undefined, 'the module block needs a plain name (letters, digits, _)', 'namespace');
    return out;
  }
  out.module = modName;

  // ---- pass 1: declarations, by full name ----
  const decls = new Map<string, Decl>();
  const macros = new Map<string, Macro>();
  const aliasActual = new Map<string, { node: CilList; scope: string[]; target: string }>();
  const declOrder: string[] = [];
  const collect = (body: CilNode[], scope: string[]) => {
    for (const s of body) {
      if (s.kind !== 'list') continue;
      const kw = keywordOf(s);
      const name = atomValue(s.items[1]);
      const full = name !== undefined ? [...scope, name].join('.') : '';
      const declare = (kind: Decl['kind']) => {
        if (name === undefined) return;
        decls.set(full, { kind, node: s, full });
        declOrder.push(full);
      };
      switch (kw) {
        case 'type': declare('type'); break;
        case 'typeattribute': declare('attribute'); break;
        case 'typealias': declare('alias'); break;
        case 'typealiasactual': if (name) aliasActual.set(full, { node: s, scope, target: atomValue(s.items[2]) ?? '' }); break;
        case 'context': declare('context'); break;
        case 'classpermission': declare('classpermission'); break;
        case 'classmap': declare('classmap'); break;
        case 'permissionx': declare('permissionx'); break;
        case 'ipaddr': declare('ipaddr'); break;
        case 'macro': {
          declare('macro');
          const ps = s.items[2]?.kind === 'list' ? s.items[2].items : [];
          macros.set(full, {
            params: ps.flatMap((p) => (p.kind === 'list' && p.items.length === 2 ? [{ kind: atomValue(p.items[0]) ?? '', name: atomValue(p.items[1]) ?? '' }] : [])),
            body: s.items.slice(3),
            node: s,
            scope: [...scope, name ?? ''],
          });
          break;
        }
        case 'block':
          declare('block');
          collect(s.items.slice(2), [...scope, name ?? '']);
          break;
        case 'optional':
          collect(s.items.slice(2), scope);
          break;
      }
    }
  };
  collect(mod.items.slice(2), [modName]);
  // `in` bodies add declarations to an own block.
  const collectIns = (body: CilNode[], scope: string[]) => {
    for (const s of body) {
      if (s.kind !== 'list') continue;
      const kw = keywordOf(s);
      if (kw === 'in') {
        const tgt = atomValue(s.items[1]) ?? '';
        const r = resolveBlock(tgt, scope);
        if (r) collect(s.items.slice(2), r.split('.'));
      } else if (kw === 'block') collectIns(s.items.slice(2), [...scope, atomValue(s.items[1]) ?? '']);
      else if (kw === 'optional') collectIns(s.items.slice(2), scope);
    }
  };
  function resolveBlock(name: string, scope: string[]): string | undefined {
    const n = name.startsWith('.') ? name.slice(1) : name;
    if (n === modName || n.startsWith(modName + '.')) return decls.get(n)?.kind === 'block' || n === modName ? n : undefined;
    if (name.startsWith('.')) return undefined;
    for (let i = scope.length; i >= 1; i--) {
      const full = [...scope.slice(0, i), n].join('.');
      if (decls.get(full)?.kind === 'block') return full;
    }
    return undefined;
  }
  collectIns(mod.items.slice(2), [modName]);
  for (const [full, d] of decls) if (d.kind === 'type') out.types.push(full);

  // ---- name resolution (CIL: the current block and its enclosing blocks, then the global namespace) ----
  const resolve = (name: string, ctx: Ctx): Ref => {
    const bound = ctx.params.get(name);
    if (bound && 'own' in bound) return bound;
    let ref: Ref;
    if (name.startsWith('.')) {
      const rest = name.slice(1);
      const first = rest.split('.')[0];
      ref = first === modName ? { own: true, name: rest, kind: decls.get(rest)?.kind } : { own: false, name: rest };
    } else if (name.includes('.')) {
      const [first] = name.split('.');
      const blk = resolveBlock(first, ctx.scope);
      if (blk) {
        const full = [blk, ...name.split('.').slice(1)].join('.');
        ref = { own: true, name: full, kind: decls.get(full)?.kind };
      } else ref = { own: false, name };
    } else {
      ref = { own: false, name };
      for (let i = ctx.scope.length; i >= 1; i--) {
        const full = [...ctx.scope.slice(0, i), name].join('.');
        const d = decls.get(full);
        if (d) {
          ref = { own: true, name: full, kind: d.kind };
          break;
        }
      }
    }
    if (ref.own && ref.kind === 'alias') {
      const act = aliasActual.get(ref.name);
      if (act) {
        const target = resolve(act.target, { scope: act.scope, params: new Map(), depth: 0 });
        if (!target.own) return { own: false, name: `${target.name} (through alias ${ref.name})` };
        return target;
      }
    }
    if (!ref.own && base.aliases.has(ref.name)) return { own: false, name: base.aliases.get(ref.name)! };
    return ref;
  };
  const plainName = (r: Ref) => r.name.replace(/ \(through alias .*\)$/, '');
  /** Why joining the system attribute `an` is refused. */
  const systemAttributeWhy = (an: string): string => {
    const exempt = base.neverallowExemptions.get(an);
    const members = base.attributes.get(an);
    const unconfined = !!members && members.size > 0 && base.allows.some((r) => r.cls === 'capability' && r.perms.has('sys_admin') && [...members].every((x) => r.sources.has(x)));
    return exempt !== undefined
      ? `it exempts the module's types from the base policy's neverallow (${base.path.split('/').pop()}:${exempt}): that weakens a neverallow`
      : unconfined
        ? 'it is unconfined-like: its members hold every capability and escape confinement'
        : 'membership in a system attribute grants whatever the system policy grants its members';
  };

  // ---- pass 2: every statement ----
  const bounds = new Map<string, { parent: Ref; node: CilList; ctx: Ctx }>();
  const domainUse = new Map<string, { node: CilList; ctx: Ctx; why: string }>();
  const avRules: AvRule[] = [];
  const attrMembers = new Map<string, Set<string>>();
  /** `typeattributeset SYSTEM_ATTR (own types…)`, judged after pass 2 against each type's bound parent. */
  const systemMemberships: { attr: string; members: Ref[]; node: CilList; ctx: Ctx }[] = [];
  // Every (classpermissionset NAME (class (perms))) of a name, in any order: CIL adds them all to the set, and a
  // set may be used before the statements that fill it.
  const classPerms = new Map<string, { cls: string; perms: CilNode | undefined }[]>();
  const addClassPerms = (s: CilList, ctx: Ctx) => {
    const r = resolve(atomValue(s.items[1]) ?? '', ctx);
    const cp = s.items[2]?.kind === 'list' ? s.items[2] : undefined;
    if (r.own && cp) classPerms.set(r.name, [...(classPerms.get(r.name) ?? []), { cls: atomValue(cp.items[0]) ?? '', perms: cp.items[1] }]);
  };
  const prescanClassPerms = (body: CilNode[], scope: string[]) => {
    for (const s of body) {
      if (s.kind !== 'list') continue;
      const kw = keywordOf(s);
      if (kw === 'classpermissionset') addClassPerms(s, { scope, params: new Map(), depth: 0 });
      else if (kw === 'block') prescanClassPerms(s.items.slice(2), [...scope, atomValue(s.items[1]) ?? '']);
      else if (kw === 'optional') prescanClassPerms(s.items.slice(2), scope);
      else if (kw === 'in') {
        const b = resolveBlock(atomValue(s.items[1]) ?? '', scope);
        if (b) prescanClassPerms(s.items.slice(2), b.split('.'));
      }
    }
  };
  const useDomain = (r: Ref, node: CilList, ctx: Ctx, why: string) => {
    if (r.own && r.kind === 'type' && !domainUse.has(r.name)) domainUse.set(r.name, { node, ctx, why });
  };
  const requireOwnSource = (n: CilNode | undefined, s: CilList, ctx: Ctx, what: string): Ref[] => {
    const names: string[] = n?.kind === 'atom' ? [n.value] : n?.kind === 'list' ? n.items.map((i) => atomValue(i) ?? '(…)') : [];
    const refs: Ref[] = [];
    for (const nm of names) {
      if (nm === '(…)' || nm === 'all' || nm === 'not' || nm === 'and' || nm === 'or') {
        report(s, ctx, `${what} source is a type expression: only the module's own types may be a source`, 'source');
        continue;
      }
      const r = resolve(nm, ctx);
      if (!r.own) report(s, ctx, `${what} has the system type ${r.name} as source: a module's rules may only have its own types as source`, 'source');
      refs.push(r);
    }
    return refs;
  };

  // Macro calls inside macros multiply: a budget on visited statements keeps a "macro bomb" from running away.
  let budget = MAX_EXPANDED_STATEMENTS;
  let exhausted = false;
  const visit = (body: CilNode[], ctx: Ctx) => {
    for (const s of body) {
      if (--budget < 0) {
        if (!exhausted) report(s, ctx, `more than ${MAX_EXPANDED_STATEMENTS} statements once macros are expanded: refused (fail closed)`, 'expansion');
        exhausted = true;
        return;
      }
      if (s.kind === 'atom') {
        report(s, ctx, `a bare symbol "${s.value}" where a statement belongs`, 'unknown');
        continue;
      }
      if (s.kind !== 'list') continue;
      statement(s, ctx);
    }
  };

  const statement = (s: CilList, ctx: Ctx) => {
    const kw = keywordOf(s);
    const a = s.items.slice(1);
    if (kw === undefined) {
      report(s, ctx, 'a list without a keyword is not a CIL statement', 'unknown');
      return;
    }
    if (ROLE_KW.has(kw)) return report(s, ctx, `${kw}: a module may not add or change roles`, 'role');
    if (USER_KW.has(kw)) return report(s, ctx, `${kw}: a module may not add or change SELinux users`, 'user');
    if (MLS_KW.has(kw)) return report(s, ctx, `${kw}: a module may not add sensitivities, categories or levels`, 'mls');
    if (BOOL_KW.has(kw)) return report(s, ctx, `${kw}: a module may not declare or depend on booleans or tunables (they switch rules the checker cannot see at install time)`, 'boolean');
    if (LABEL_KW.has(kw)) return report(s, ctx, `${kw}: labels a system object (ports, filesystems, nodes, network interfaces, devices); a container module may not`, 'labeling');
    if (SYSTEM_KW.has(kw)) return report(s, ctx, `${kw}: changes the policy as a whole; a container module may not`, 'system');
    switch (kw) {
      case 'type':
      case 'typeattribute':
      case 'typealias':
      case 'context':
      case 'classpermission':
      case 'classmap':
      case 'permissionx':
      case 'ipaddr':
        if (kw === 'context') {
          const t = s.items[2]?.kind === 'list' ? atomValue(s.items[2].items[2]) : undefined;
          if (t && !resolve(t, ctx).own) report(s, ctx, `context with the system type ${resolve(t, ctx).name}: a module's contexts use its own types`, 'filecon');
        }
        return;
      case 'typealiasactual': {
        // Binding an alias the module does not declare would re-point a system name.
        const an = atomValue(a[0]) ?? '';
        let full: string | undefined;
        if (an.startsWith('.')) full = an.slice(1);
        else if (an.includes('.')) {
          const blk = resolveBlock(an.split('.')[0], ctx.scope);
          full = blk ? [blk, ...an.split('.').slice(1)].join('.') : undefined;
        } else {
          for (let i = ctx.scope.length; i >= 1 && full === undefined; i--) {
            const f = [...ctx.scope.slice(0, i), an].join('.');
            if (decls.has(f)) full = f;
          }
        }
        if (full === undefined || decls.get(full)?.kind !== 'alias') return report(s, ctx, `typealiasactual of ${atomValue(a[0])}, which is not an alias the module declares: it would re-point a system name`, 'namespace');
        return;
      }
      case 'classpermissionset': {
        // Outside macros and inherited templates, prescanClassPerms has recorded it already.
        if (ctx.via || ctx.depth > 0) addClassPerms(s, ctx);
        return;
      }
      case 'classmapping':
        return;
      case 'roletype': {
        const role = atomValue(a[0]) ?? '';
        const t = resolve(atomValue(a[1]) ?? '', ctx);
        if (!t.own) return report(s, ctx, `roletype gives the system type ${t.name} a role: a module may only associate its own types`, 'role');
        if (role !== 'system_r' && role !== 'object_r') return report(s, ctx, `roletype with role ${role}: a module's types take system_r (domains) or object_r (files)`, 'role');
        if (role === 'system_r') useDomain(t, s, ctx, `given system_r at line ${s.pos?.line ?? '?'}`);
        return;
      }
      case 'typebounds': {
        const parent = resolve(atomValue(a[0]) ?? '', ctx);
        const child = resolve(atomValue(a[1]) ?? '', ctx);
        if (!child.own) return report(s, ctx, `typebounds with the system type ${child.name} as child: a module may only bound its own types`, 'bounds');
        bounds.set(child.name, { parent, node: s, ctx });
        return;
      }
      case 'typepermissive':
        return report(s, ctx, 'typepermissive: a permissive domain is never denied anything; a module may not', 'permissive');
      case 'typeattributeset': {
        const attr = resolve(atomValue(a[0]) ?? '', ctx);
        // Joining a system attribute that the type's own bound parent is already a member of (a domain bounded
        // by container_t into container_domain, a file type bounded by container_file_t into file_type) gives
        // the type nothing its parent lacks: typebounds caps what it may do, and rules naming the attribute as
        // target treat it as they treat the parent. container-selinux needs exactly that: the runtime may only
        // enter container_domain members, and MCS separation holds only for mcs_constrained_type members.
        // Decided once the bounds are known (a typebounds may come later in the module).
        if (!attr.own && a[1]?.kind === 'list' && a[1].items.length > 0 && a[1].items.every((n) => n.kind === 'atom' && !['and', 'or', 'not', 'xor', 'all'].includes(n.value))) {
          systemMemberships.push({ attr: plainName(attr), members: a[1].items.map((n) => resolve(atomValue(n) ?? '', ctx)), node: s, ctx });
          return;
        }
        if (!attr.own) return report(s, ctx, `typeattributeset into ${plainName(attr)}, an attribute outside the module: ${systemAttributeWhy(plainName(attr))}`, 'attribute');
        const set = attrMembers.get(attr.name) ?? new Set<string>();
        const walkExpr = (n: CilNode | undefined) => {
          if (!n) return;
          if (n.kind === 'atom') {
            if (['and', 'or'].includes(n.value)) return;
            if (n.value === 'all' || n.value === 'not' || n.value === 'xor') {
              report(s, ctx, `typeattributeset with "${n.value}": the expression reaches system types; list the module's own types`, 'attribute');
              return;
            }
            const r = resolve(n.value, ctx);
            if (!r.own) report(s, ctx, `typeattributeset puts the system type ${r.name} into the module's attribute ${attr.name}: rules with that attribute as source would apply to it`, 'attribute');
            else set.add(r.name);
            return;
          }
          if (n.kind === 'list') n.items.forEach(walkExpr);
        };
        walkExpr(a[1]);
        attrMembers.set(attr.name, set);
        return;
      }
      case 'allow':
      case 'auditallow':
      case 'dontaudit':
      case 'neverallow':
      case 'allowx':
      case 'auditallowx':
      case 'dontauditx':
      case 'neverallowx': {
        const srcs = requireOwnSource(a[0], s, ctx, kw);
        const tn = atomValue(a[1]);
        const tgt: Ref | 'self' = tn === 'self' ? 'self' : resolve(tn ?? '', ctx);
        for (const src of srcs) useDomain(src, s, ctx, `source of ${kw} at line ${(ctx.via?.call ?? s).pos?.line ?? '?'}`);
        // Other images' modules put their domains and file types into the attributes their parents are in
        // (container_domain, file_type, …): a rule granting on such an attribute reaches their types too — a
        // transition into another image's domain, its own host directories — which typebounds never sees
        // (libsepol maps their types back to container_t / container_file_t).
        if (tgt !== 'self' && !tgt.own && (kw === 'allow' || kw === 'allowx')) {
          const members = base.attributes.get(plainName(tgt));
          if (members && [...CONTAINER_PARENTS].some((p) => members.has(p))) {
            report(s, ctx, `${kw} with the system attribute ${plainName(tgt)} as target: other images' modules join it, so the rule would reach their types too; name the module's own types, or ${[...CONTAINER_PARENTS].filter((p) => members.has(p)).join(' / ')}`, 'target');
          }
        }
        if (kw === 'allow') {
          let sets: { cls: string; perms: CilNode | undefined }[] = [];
          if (a[2]?.kind === 'list') sets = [{ cls: atomValue(a[2].items[0]) ?? '', perms: a[2].items[1] }];
          else if (a[2]?.kind === 'atom') {
            const cp = classPerms.get(resolve(a[2].value, ctx).name);
            if (cp) sets = cp;
            else report(s, ctx, `allow with the class permission set ${a[2].value}, which is not the module's own`, 'unknown');
          }
          for (const { cls, perms: permsNode } of sets) {
            const perms = evalPerms(permsNode, base.classes.get(cls) ?? new Set());
            for (const src of srcs) if (src.own) avRules.push({ kw, src, tgt, cls, perms, node: s, ctx });
          }
        }
        return;
      }
      case 'typetransition':
      case 'typechange':
      case 'typemember': {
        const srcs = requireOwnSource(a[0], s, ctx, kw);
        for (const src of srcs) useDomain(src, s, ctx, `source of ${kw} at line ${(ctx.via?.call ?? s).pos?.line ?? '?'}`);
        const result = resolve(atomValue(a[a.length - 1]) ?? '', ctx);
        if (!result.own) report(s, ctx, `${kw} into the system type ${result.name}: transitions may only lead into the module's own types`, 'transition');
        return;
      }
      case 'filecon': {
        const path = atomValue(a[0]) ?? '';
        const kind = atomValue(a[1]) ?? '';
        if (!FILE_KINDS.has(kind)) report(s, ctx, `filecon file kind "${kind}" is not one of ${[...FILE_KINDS].join(', ')}`, 'filecon');
        const v = fileconConfinement(path, roots);
        if (!v.confined || /(^|\/)\.\.(\/|$)/.test(path)) {
          const why = v.confined ? '' : !roots.some((r) => path.startsWith(r)) ? '' : ` (${v.why})`;
          report(s, ctx, `filecon on ${path || '""'}: file contexts may only label the image's own files, under ${roots.join(' or ')}${why}`, 'filecon');
        }
        const c = a[2];
        let t: string | undefined;
        if (c?.kind === 'list' && c.items.length === 4) t = atomValue(c.items[2]);
        else if (c?.kind === 'atom') {
          const r = resolve(c.value, ctx);
          if (!r.own) report(s, ctx, `filecon with the system context ${r.name}`, 'filecon');
          const d = decls.get(r.name);
          if (d?.node.items[2]?.kind === 'list') t = atomValue(d.node.items[2].items[2]);
          if (t) return checkFileconType(t, s, { ...ctx, scope: r.name.split('.').slice(0, -1) });
          return;
        }
        if (t) checkFileconType(t, s, ctx);
        return;
      }
      case 'block': {
        visit(s.items.slice(2), { ...ctx, scope: [...ctx.scope, atomValue(a[0]) ?? ''] });
        return;
      }
      case 'blockabstract': {
        // Only the block it stands in (an own template); naming another block would withdraw that block's
        // statements from the policy.
        const b = resolveBlock(atomValue(a[0]) ?? '', ctx.scope);
        if (!b || b !== ctx.scope.join('.') || b === modName) return report(s, ctx, `blockabstract of ${atomValue(a[0])}: only a block of the module may make itself abstract (a template)`, 'namespace');
        return;
      }
      case 'blockinherit': {
        const b = resolveBlock(atomValue(a[0]) ?? '', ctx.scope);
        if (!b) return report(s, ctx, `blockinherit of ${atomValue(a[0])}, a block outside the module: its statements are not the module's to vouch for`, 'namespace');
        const d = decls.get(b);
        // The template's own (blockabstract NAME) concerns the template, not the block inheriting it.
        if (d && ctx.depth < 8) visit(d.node.items.slice(2).filter((n) => keywordOf(n) !== 'blockabstract'), { ...ctx, depth: ctx.depth + 1 });
        return;
      }
      case 'in': {
        const b = resolveBlock(atomValue(a[0]) ?? '', ctx.scope);
        if (!b) return report(s, ctx, `in ${atomValue(a[0])}: adds statements to a namespace outside the module`, 'namespace');
        visit(s.items.slice(2), { ...ctx, scope: b.split('.') });
        return;
      }
      case 'optional':
        visit(s.items.slice(2), ctx);
        return;
      case 'macro':
        return;
      case 'call': {
        const mn = atomValue(a[0]) ?? '';
        const r = resolve(mn, ctx);
        const mac = r.own ? macros.get(r.name) : undefined;
        if (!mac) return report(s, ctx, `call of ${mn}, a macro outside the module: the statements it adds are not visible to the checker`, 'macro');
        // Reported as `expansion`, so the module is not handed to secilc, which would expand the bomb.
        if (ctx.depth >= 8) return report(s, ctx, 'macro calls nested deeper than 8: refused (fail closed)', 'expansion');
        const args = a[1]?.kind === 'list' ? a[1].items : [];
        const params = new Map<string, Ref | CilNode>();
        mac.params.forEach((p, i) => {
          const arg = args[i];
          if (!arg) return;
          if (arg.kind === 'atom' && ['type', 'typealias', 'typeattribute', 'name'].includes(p.kind)) params.set(p.name, resolve(arg.value, ctx));
          else params.set(p.name, arg);
        });
        const via = { call: ctx.via?.call ?? s, macros: [...(ctx.via?.macros ?? []), r.name] };
        visit(mac.body.map((n) => substitute(n, params)), { scope: mac.scope, params, via, depth: ctx.depth + 1 });
        return;
      }
      default:
        return report(s, ctx, `${kw}: not a statement the checker understands; refused (fail closed)`, 'unknown');
    }
  };

  const checkFileconType = (t: string, s: CilList, ctx: Ctx) => {
    const r = resolve(t, ctx);
    if (!r.own) report(s, ctx, `filecon labels with the system type ${r.name}: a module labels files with its own types`, 'filecon');
  };

  prescanClassPerms(mod.items.slice(2), [modName]);
  visit(mod.items.slice(2), { scope: [modName], params: new Map(), depth: 0 });

  // Rules whose source is an own attribute make each of its members a domain.
  for (const r of avRules) {
    if (r.src.kind !== 'attribute') continue;
    for (const t of attrMembers.get(r.src.name) ?? []) useDomain({ own: true, name: t, kind: decls.get(t)?.kind }, r.node, r.ctx, `member of ${r.src.name}, source of ${r.kw} at line ${(r.ctx.via?.call ?? r.node).pos?.line ?? '?'}`);
  }

  // ---- domains and their bounds ----
  for (const [t, use] of domainUse) {
    out.domains.push(t);
    const seen = new Set<string>();
    let cur = t;
    let b = bounds.get(cur);
    if (!b) {
      const d = decls.get(t);
      report(d?.node ?? use.node, undefined, `${t} is a domain (${use.why}) without (typebounds ${CONTAINER_DOMAIN} ${t.split('.').pop()}): every new domain must be bounded by the container domain`, 'unbounded-domain');
      continue;
    }
    while (b && b.parent.own && !seen.has(cur)) {
      seen.add(cur);
      cur = b.parent.name;
      b = bounds.get(cur);
    }
    const last = bounds.get(cur) ?? b;
    if (!b && !seen.has(cur)) {
      const first = bounds.get(t)!;
      report(first.node, first.ctx, `${t} is bounded by ${cur}, which is not bounded by ${CONTAINER_DOMAIN}: every new domain must stay within the container domain`, 'bounds');
    } else if (b && !b.parent.own && plainName(b.parent) !== CONTAINER_DOMAIN) {
      report(last!.node, last!.ctx, `${cur} is bounded by ${b.parent.name}, not by the container domain ${CONTAINER_DOMAIN}`, 'bounds');
    } else if (seen.has(cur) && b?.parent.own) {
      report(b.node, b.ctx, `typebounds cycle through ${cur}`, 'bounds');
    }
  }
  out.domains.sort((x, y) => declOrder.indexOf(x) - declOrder.indexOf(y));

  // ---- membership in system attributes: only those the type's bound parent (a system type) belongs to ----
  /** The system type at the end of an own type's typebounds chain, if any. */
  const systemParent = (t: string): string | undefined => {
    const seen = new Set<string>();
    let b = bounds.get(t);
    while (b && b.parent.own && !seen.has(b.parent.name)) {
      seen.add(b.parent.name);
      b = bounds.get(b.parent.name);
    }
    return b && !b.parent.own ? plainName(b.parent) : undefined;
  };
  /** Own types each system attribute is given (own attributes expanded). */
  const joinedSystem = new Map<string, Set<string>>();
  for (const m of systemMemberships) {
    const set = joinedSystem.get(m.attr) ?? new Set<string>();
    for (const r of m.members) if (r.own) (r.kind === 'attribute' ? [...(attrMembers.get(r.name) ?? [])] : [r.name]).forEach((t) => set.add(t));
    joinedSystem.set(m.attr, set);
  }
  // MCS: the targeted policy's MCS constraints hold only for mcs_constrained_type members ("( h1 dom h2 ) or
  // ( t1 != mcs_constrained_type )"). container_t is one; a domain bounded by it that is not would be kept to no
  // category, and reach every container's s0:cX,cY files: typebounds bounds types, never levels.
  const mcsHolders = base.attributes.get(MCS_ATTRIBUTE);
  if (mcsHolders) {
    for (const d of out.domains) {
      const p = systemParent(d);
      if (p === undefined || !mcsHolders.has(p) || joinedSystem.get(MCS_ATTRIBUTE)?.has(d)) continue;
      const decl = decls.get(d);
      report(decl?.node ?? mod, undefined, `${d} is not in ${MCS_ATTRIBUTE}: MCS separation holds only for its members, so ${d} would reach every container's files whatever its categories (its parent ${p} is a member); add (typeattributeset ${MCS_ATTRIBUTE} (${d.split('.').pop()}))`, 'mcs');
    }
  }
  for (const m of systemMemberships) {
    const holders = base.attributes.get(m.attr);
    const stmt = `typeattributeset into ${m.attr}, an attribute outside the module`;
    if (!holders) {
      report(m.node, m.ctx, `${stmt}: the base policy has no attribute ${m.attr}`, 'attribute');
      continue;
    }
    for (const r of m.members) {
      const types = r.own && r.kind === 'attribute' ? [...(attrMembers.get(r.name) ?? [])] : [r.name];
      if (!r.own) {
        report(m.node, m.ctx, `${stmt}: it adds the system type ${plainName(r)}; ${systemAttributeWhy(m.attr)}`, 'attribute');
        continue;
      }
      for (const t of types) {
        const p = systemParent(t);
        if (p !== undefined && holders.has(p) && CONTAINER_PARENTS.has(p)) continue;
        report(m.node, m.ctx, `${stmt}: ${systemAttributeWhy(m.attr)}; ${t} may join only attributes its bound parent (${[...CONTAINER_PARENTS].join(', ')}) belongs to, and ${p === undefined ? `${t} has no typebounds under a system type` : !CONTAINER_PARENTS.has(p) ? `its parent ${p} is not one of them` : `its parent ${p} is not a member`}`, 'attribute');
        break;
      }
    }
  }

  // ---- a bounded child may hold nothing its parent lacks (libsepol's typebounds rule: the source maps to its
  //      parent, `self` to the parent, a bounded target to its own parent) ----
  // Rules by source name, and the own attributes each type is in, so a module of many rules is not quadratic.
  const rulesBySource = new Map<string, AvRule[]>();
  for (const r of avRules) {
    const l = rulesBySource.get(r.src.name);
    if (l) l.push(r);
    else rulesBySource.set(r.src.name, [r]);
  }
  const attrsOf = new Map<string, string[]>();
  for (const [a, members] of attrMembers) {
    for (const t of members) {
      const l = attrsOf.get(t);
      if (l) l.push(a);
      else attrsOf.set(t, [a]);
    }
  }
  const ownHolds = (p: string, target: string, cls: string, perm: string) =>
    [p, ...(attrsOf.get(p) ?? [])].flatMap((n) => rulesBySource.get(n) ?? []).some((r) => {
      if (r.cls !== cls || !r.perms.has(perm)) return false;
      if (r.tgt === 'self') return target === p;
      return r.tgt.name === target || (attrMembers.get(r.tgt.name)?.has(target) ?? false);
    });
  for (const r of avRules) {
    const srcTypes = r.src.kind === 'attribute' ? [...(attrMembers.get(r.src.name) ?? [])] : [r.src.name];
    for (const st of srcTypes) {
      const b = bounds.get(st);
      if (!b) continue;
      const parent = b.parent;
      const pn = plainName(parent);
      let targets: { name: string; own: boolean; unbounded?: boolean }[];
      if (r.tgt === 'self') targets = [{ name: pn, own: parent.own }];
      else if (r.tgt.own) {
        const members = r.tgt.kind === 'attribute' ? [...(attrMembers.get(r.tgt.name) ?? [])] : [r.tgt.name];
        targets = members.map((x) => {
          const tb = bounds.get(x);
          return tb ? { name: plainName(tb.parent), own: tb.parent.own } : { name: x, own: true, unbounded: true };
        });
      } else {
        const tn = plainName(r.tgt);
        const members = base.attributes.get(tn);
        targets = members ? [...members].map((x) => ({ name: x, own: false })) : [{ name: tn, own: false }];
      }
      for (const t of targets) {
        const missing = [...r.perms].filter((perm) => !(parent.own ? ownHolds(pn, t.name, r.cls, perm) : baseHolds(base, pn, t.name, r.cls, perm)));
        if (!missing.length) continue;
        const on = r.tgt === 'self' ? 'itself' : t.name;
        const hint = t.unbounded ? ` (${t.name} has no typebounds: bound it under container_file_t to let the domain use it)` : '';
        report(r.node, r.ctx, `${st} is bounded by ${pn}, which does not hold (${r.cls} (${missing.join(' ')})) on ${on}: a bounded domain may not exceed its parent${hint}`, 'exceeds-bounds');
        break;
      }
    }
  }
  diagnostics.sort((x, y) => x.line - y.line || x.column - y.column);
  return out;
}

/** Replaces macro parameters that are not names (class permissions, contexts) by their argument nodes. */
function substitute(n: CilNode, params: Map<string, unknown>): CilNode {
  if (n.kind === 'atom') {
    const v = params.get(n.value);
    if (v && typeof v === 'object' && 'kind' in (v as object) && ((v as CilNode).kind === 'list' || (v as CilNode).kind === 'atom')) return v as CilNode;
    return n;
  }
  if (n.kind === 'list') return { ...n, items: n.items.map((i) => substitute(i, params)) };
  return n;
}

/** Formats a diagnostic as one line: `file:line:col: statement: message`. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.statement ? d.statement + ': ' : ''}${d.message}`;
}

/** The verdict of {@link checkModule}: the static diagnostics, then secilc's. */
export interface ModuleCheck extends StaticCheck {
  /** secilc's result; undefined when the module did not parse (nothing to compile). */
  secilc?: import('./secilc.js').SecilcResult;
  /** True when there is no diagnostic and secilc compiled base + module. */
  valid: boolean;
}

/**
 * Checks a module (R-PM2): {@link checkStatic}, then secilc against the base policy.
 * @throws SecilcUnavailable (./secilc.ts) when secilc is not installed.
 */
export async function checkModule(text: string, file: string, opts: CheckOptions): Promise<ModuleCheck> {
  const st = checkStatic(text, file, opts);
  // Nothing to compile when it does not parse; and a macro bomb is not handed to secilc either.
  if (st.diagnostics.some((d) => d.code === 'parse' || d.code === 'expansion')) return { ...st, valid: false };
  const { compileWithSecilc } = await import('./secilc.js');
  const secilc = await compileWithSecilc(text, file, opts.base.path);
  return { ...st, secilc, valid: st.diagnostics.length === 0 && secilc.ok };
}

/** The report lines of a check: one per diagnostic, one per secilc message (`file:line: secilc: …`), and a verdict line. */
export function formatCheck(r: ModuleCheck, file: string): string[] {
  const lines = r.diagnostics.map(formatDiagnostic);
  for (const m of r.secilc?.messages ?? []) {
    lines.push(m.line !== undefined ? `${file}:${m.line}: secilc: ${m.message}` : m.baseLine !== undefined ? `${file}: secilc (base.cil:${m.baseLine}): ${m.message}` : `${file}: secilc: ${m.message}`);
  }
  const n = r.diagnostics.length;
  const compiled = r.secilc ? (r.secilc.ok ? 'secilc compiled it against the base policy' : 'secilc rejected it') : 'not compiled';
  lines.push(r.valid
    ? `${file}: valid: module ${r.module}, domains ${r.domains.join(', ') || '(none)'} bounded by ${CONTAINER_DOMAIN}; ${compiled}`
    : `${file}: invalid: ${n ? `${n} violation${n === 1 ? '' : 's'} of R-PM2` : 'no R-PM2 violation found'}; ${compiled}`);
  return lines;
}
