/**
 * `policy check` (R-PM2): every hostile module of issue 6 is rejected with its own reason at its statement, secilc
 * (libsepol's typebounds checking) confirms where it can, and valid modules pass both.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBase } from './base.js';
import { checkModule, checkStatic, formatCheck, formatDiagnostic } from './check.js';

const base = loadBase();
const dir = join(import.meta.dirname, '..', '..', 'test', 'policy', 'modules');
const read = (f: string) => readFileSync(join(dir, f), 'utf8');
/** The base policy's line of the neverallow that can_write_shadow_passwords exempts from. */
const shadowNeverallowLine = base.text.split('\n').findIndex((l) => l.startsWith('(neverallow cannot_write_shadow_passwords ')) + 1;
const diag = (f: string) => checkStatic(read(f), f, { base }).diagnostics.map((d) => [d.line, d.column, d.code, d.message]);

describe('policy check: hostile modules (issue 6 "Tests")', () => {
  it('a rule with a system type as source', () => {
    expect(diag('hostile-system-source.cil')).toEqual([[5, 3, 'source', 'allow has the system type container_t as source: a module\'s rules may only have its own types as source']]);
  });
  it('a new domain not bounded', () => {
    expect(diag('hostile-unbounded-domain.cil')).toEqual([[2, 3, 'unbounded-domain', 'evil.process is a domain (given system_r at line 3) without (typebounds container_t process): every new domain must be bounded by the container domain']]);
  });
  it('a bounded domain holding capability sys_admin', () => {
    expect(diag('hostile-sys-admin.cil')).toEqual([[5, 3, 'exceeds-bounds', 'evil.process is bounded by container_t, which does not hold (capability (sys_admin)) on itself: a bounded domain may not exceed its parent']]);
  });
  it('write access to a host type (shadow_t)', () => {
    expect(diag('hostile-shadow-write.cil')).toEqual([[5, 3, 'exceeds-bounds', 'evil.process is bounded by container_t, which does not hold (file (open write)) on shadow_t: a bounded domain may not exceed its parent']]);
  });
  it('a type added to an unconfined-like attribute', () => {
    expect(diag('hostile-unconfined-attribute.cil')).toEqual([[5, 3, 'attribute', 'typeattributeset into unconfined_domain_type, an attribute outside the module: it is unconfined-like: its members hold every capability and escape confinement; evil.process may join only attributes its bound parent (container_t, container_file_t, container_ro_file_t) belongs to, and its parent container_t is not a member']]);
  });
  it('a new role', () => {
    expect(diag('hostile-role.cil')).toEqual([
      [4, 3, 'role', 'role: a module may not add or change roles'],
      [5, 3, 'role', "roletype with role evil_r: a module's types take system_r (domains) or object_r (files)"],
    ]);
  });
  it('a new user', () => {
    expect(diag('hostile-user.cil')).toEqual([
      [5, 3, 'user', 'user: a module may not add or change SELinux users'],
      [6, 3, 'user', 'userrole: a module may not add or change SELinux users'],
    ]);
  });
  it('a boolean', () => {
    const why = 'a module may not declare or depend on booleans or tunables (they switch rules the checker cannot see at install time)';
    expect(diag('hostile-boolean.cil')).toEqual([[5, 3, 'boolean', `boolean: ${why}`], [6, 3, 'boolean', `booleanif: ${why}`]]);
  });
  it('a filecon whose ( inside [ ] hid a top-level |: the branch after it labels every volume (QA vp 3)', () => {
    expect(diag('hostile-filecon-bracket.cil')).toEqual([[14, 3, 'filecon', "filecon on /var/lib/docker/overlay2/[(]|/var/lib/docker/volumes/.*: file contexts may only label the image's own files, under /var/lib/docker/overlay2/ or /var/lib/containers/storage/overlay/ (it has a | outside parentheses: libselinux anchors it as ^…$, so the branches after the first match paths anywhere)"]]);
  });
  it('a filecon on /etc/shadow', () => {
    expect(diag('hostile-filecon-shadow.cil')).toEqual([[5, 3, 'filecon', "filecon on /etc/shadow: file contexts may only label the image's own files, under /var/lib/docker/overlay2/ or /var/lib/containers/storage/overlay/"]]);
  });
  it('a typetransition into a system type', () => {
    expect(diag('hostile-transition-system.cil')).toEqual([[8, 3, 'transition', "typetransition into the system type unconfined_t: transitions may only lead into the module's own types"]]);
  });
  it('a portcon', () => {
    expect(diag('hostile-portcon.cil')).toEqual([[4, 3, 'labeling', 'portcon: labels a system object (ports, filesystems, nodes, network interfaces, devices); a container module may not']]);
  });
  it('a neverallow weakened through a macro: reported at the call, with the expansion', () => {
    expect(shadowNeverallowLine).toBeGreaterThan(0);
    const d = checkStatic(read('hostile-neverallow-macro.cil'), 'hostile-neverallow-macro.cil', { base }).diagnostics;
    expect(d.map(formatDiagnostic)).toEqual([
      `hostile-neverallow-macro.cil:10:3: (call helper (process)): typeattributeset into can_write_shadow_passwords, an attribute outside the module: it exempts the module's types from the base policy's neverallow (base.cil:${shadowNeverallowLine}): that weakens a neverallow; evil.process may join only attributes its bound parent (container_t, container_file_t, container_ro_file_t) belongs to, and its parent container_t is not a member (in macro evil.helper: (typeattributeset can_write_shadow_passwords (t)))`,
    ]);
  });
  it('a domain kept out of mcs_constrained_type (it would reach every container\'s files; second QA round)', () => {
    expect(diag('hostile-no-mcs.cil')).toEqual([[4, 3, 'mcs', "evil.process is not in mcs_constrained_type: MCS separation holds only for its members, so evil.process would reach every container's files whatever its categories (its parent container_t is a member); add (typeattributeset mcs_constrained_type (process))"]]);
  });
  it('a rule on an attribute other images\' modules join: it reaches their domains and files (second QA round; secilc alone accepts it)', async () => {
    const f = 'hostile-other-images.cil';
    expect(diag(f)).toEqual([
      [10, 3, 'target', "allow with the system attribute container_domain as target: other images' modules join it, so the rule would reach their types too; name the module's own types, or container_t"],
      [11, 3, 'target', "allow with the system attribute container_file_type as target: other images' modules join it, so the rule would reach their types too; name the module's own types, or container_file_t / container_ro_file_t"],
    ]);
    const r = await checkModule(read(f), f, { base });
    expect([r.secilc?.ok, r.valid]).toEqual([true, false]);
  });
  it('a module that does not parse', () => {
    expect(diag('hostile-unparseable.cil')).toEqual([[3, 3, 'parse', 'the module does not parse: open parenthesis without a matching close parenthesis']]);
  });

  it('more ways around the rules: alias of a system type, foreign blockinherit/in/call, statements outside the block, permissive, attribute with system members', () => {
    const text = [
      '(type outside_t)',
      '(block m',
      '  (type process)',
      '  (roletype system_r process)',
      '  (typebounds container_t process)',
      '  (typealias sh)',
      '  (typealiasactual sh shadow_t)',
      '  (allow sh etc_t (file (read)))',
      '  (blockinherit container)',
      '  (in container (type x))',
      '  (call container_runtime_domain (process))',
      '  (typepermissive process)',
      '  (typeattribute mine)',
      '  (typeattributeset mine (process init_t))',
      '  (typeattributeset mine (not process))',
      '  (typebounds spc_t process)',
      '  (nodecon (127.0.0.1) (255.255.255.255) (system_u object_r process ((s0) (s0))))',
      '  (classorder (unordered file))',
      '  (frobnicate process)',
      ')',
      '(block m2)',
    ].join('\n');
    expect(checkStatic(text, 'x.cil', { base }).diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual([
      '1:1 namespace', '8:3 source', '9:3 namespace', '10:3 namespace', '11:3 macro', '12:3 permissive', '14:3 attribute', '15:3 attribute',
      '16:3 bounds', '17:3 labeling', '18:3 system', '19:3 unknown', '21:1 namespace',
    ]);
  });

  it('a domain bounded under another type than container_t, and a file type used without a bound', () => {
    const text = '(block m\n  (type process)\n  (roletype system_r process)\n  (typebounds spc_t process)\n  (type d)\n  (type p2)\n  (typebounds container_t p2)\n  (allow p2 d (file (read)))\n)\n';
    expect(checkStatic(text, 'y.cil', { base }).diagnostics.map(formatDiagnostic)).toEqual([
      'y.cil:4:3: (typebounds spc_t process): m.process is bounded by spc_t, not by the container domain container_t',
      'y.cil:6:3: (type p2): m.p2 is not in mcs_constrained_type: MCS separation holds only for its members, so m.p2 would reach every container\'s files whatever its categories (its parent container_t is a member); add (typeattributeset mcs_constrained_type (p2))',
      'y.cil:8:3: (allow p2 d (file (read))): m.p2 is bounded by container_t, which does not hold (file (read)) on m.d: a bounded domain may not exceed its parent (m.d has no typebounds: bound it under container_file_t to let the domain use it)',
    ]);
  });
});

describe('policy check: secilc confirms (libsepol typebounds)', () => {
  it('rejects the bounded domain holding sys_admin, mapped to the module line', async () => {
    const r = await checkModule(read('hostile-sys-admin.cil'), 'hostile-sys-admin.cil', { base });
    expect(r.valid).toBe(false);
    expect(r.secilc?.ok).toBe(false);
    expect(r.secilc?.messages).toEqual([{ line: 5, message: 'Child type evil.process exceeds bounds of parent container_t: (allow evil.process evil.process (capability (sys_admin)))' }]);
    expect(formatCheck(r, 'hostile-sys-admin.cil')).toEqual([
      'hostile-sys-admin.cil:5:3: (allow process self (capability (chown sys_admin))): evil.process is bounded by container_t, which does not hold (capability (sys_admin)) on itself: a bounded domain may not exceed its parent',
      'hostile-sys-admin.cil:5: secilc: Child type evil.process exceeds bounds of parent container_t: (allow evil.process evil.process (capability (sys_admin)))',
      'hostile-sys-admin.cil: invalid: 1 violation of R-PM2; secilc rejected it',
    ]);
  });
  it('rejects write on shadow_t', async () => {
    const r = await checkModule(read('hostile-shadow-write.cil'), 'hostile-shadow-write.cil', { base });
    expect(r.secilc?.messages).toEqual([{ line: 5, message: 'Child type evil.process exceeds bounds of parent container_t: (allow evil.process shadow_t (file (write open)))' }]);
  });
  it('rejects the rule with container_t as source through the base neverallows', async () => {
    const r = await checkModule(read('hostile-system-source.cil'), 'hostile-system-source.cil', { base });
    expect(r.secilc?.ok).toBe(false);
    expect(r.secilc?.messages.filter((m) => m.line === 5).length).toBe(3);
  });
  it('a module that does not parse is not compiled', async () => {
    const r = await checkModule(read('hostile-unparseable.cil'), 'hostile-unparseable.cil', { base });
    expect(r.valid).toBe(false);
    expect(r.secilc).toBeUndefined();
  });
  it('every hostile module is invalid', async () => {
    for (const f of ['hostile-boolean.cil', 'hostile-filecon-shadow.cil', 'hostile-neverallow-macro.cil', 'hostile-portcon.cil', 'hostile-role.cil', 'hostile-shadow-write.cil', 'hostile-sys-admin.cil', 'hostile-system-source.cil', 'hostile-transition-system.cil', 'hostile-unbounded-domain.cil', 'hostile-unconfined-attribute.cil', 'hostile-unparseable.cil', 'hostile-user.cil', 'hostile-no-mcs.cil', 'hostile-other-images.cil', 'hostile-filecon-bracket.cil']) {
      expect([f, (await checkModule(read(f), f, { base })).valid]).toEqual([f, false]);
    }
  });
});

describe('policy check: valid modules', () => {
  it('a module with two domains, an entrypoint transition and an image filecon passes, and secilc compiles it', async () => {
    const r = await checkModule(read('valid-web.cil'), 'valid-web.cil', { base });
    expect(r.diagnostics).toEqual([]);
    expect(r.domains).toEqual(['web.process', 'web.worker']);
    expect(r.types).toEqual(['web.process', 'web.exec_t', 'web.worker']);
    expect(r.valid).toBe(true);
    expect(r.secilc?.fileContexts).toContain('/var/lib/docker/overlay2/[^/]+/diff/usr/local/bin/worker\t--\tsystem_u:object_r:web.exec_t:s0');
    expect(formatCheck(r, 'valid-web.cil')).toEqual(['valid-web.cil: valid: module web, domains web.process, web.worker bounded by container_t; secilc compiled it against the base policy']);
  });
  it('own macros, attributes and optional blocks pass', async () => {
    const r = await checkModule(read('valid-macro.cil'), 'valid-macro.cil', { base });
    expect([r.diagnostics, r.valid]).toEqual([[], true]);
  });
});

describe('policy check: limits and attributes', () => {
  it('a macro bomb is refused, not expanded without end', () => {
    const lines = ['(block b', '  (type process)', '  (roletype system_r process)', '  (typebounds container_t process)', '  (typeattributeset mcs_constrained_type (process))', '  (macro m0 ((type t)) (allow t self (process (fork))))'];
    for (let i = 1; i <= 7; i++) lines.push(`  (macro m${i} ((type t)) ${Array.from({ length: 10 }, () => `(call m${i - 1} (t))`).join(' ')})`);
    lines.push('  (call m7 (process))', ')');
    const d = checkStatic(lines.join('\n'), 'bomb.cil', { base }).diagnostics;
    expect(d.map((x) => [x.line, x.column, x.code])).toEqual([[14, 3, 'expansion']]);
    expect(d[0].message).toMatch(/^more than 100000 statements once macros are expanded: refused \(fail closed\)/);
  });
  it('members of an own attribute used as a source are domains and need bounds', () => {
    const text = '(block b\n  (type helper)\n  (typeattribute doers)\n  (typeattributeset doers (helper))\n  (allow doers self (process (fork)))\n)\n';
    expect(checkStatic(text, 'a.cil', { base }).diagnostics.map(formatDiagnostic)).toEqual([
      'a.cil:2:3: (type helper): b.helper is a domain (member of b.doers, source of allow at line 5) without (typebounds container_t helper): every new domain must be bounded by the container domain',
    ]);
  });
});

describe('policy check: system attributes the bound parent belongs to (second QA round)', () => {
  // container-selinux lets the runtime enter only container_domain members and keeps only mcs_constrained_type
  // members to their MCS categories: udica's modules join both; a domain bounded by container_t (a member of
  // both) gains nothing by it. A typebounds after the typeattributeset counts.
  const joined = [
    '(block app',
    '  (type process)',
    '  (roletype system_r process)',
    '  (typeattributeset container_domain (process))',
    '  (typeattributeset mcs_constrained_type (process))',
    '  (typebounds container_t process)',
    '  (type data_t)',
    '  (roletype object_r data_t)',
    '  (typebounds container_file_t data_t)',
    '  (typeattributeset file_type (data_t))',
    '  (allow process data_t (file (read open)))',
    ')',
    '',
  ].join('\n');
  it('a bounded domain joining container_domain / mcs_constrained_type, a bounded file type joining file_type: valid, and secilc agrees', async () => {
    const r = await checkModule(joined, 'app.cil', { base });
    expect([r.diagnostics, r.secilc?.messages, r.valid]).toEqual([[], [], true]);
  });
  it('an attribute the parent is not in, an unbounded type, a file type into container_domain, a system member: each refused', () => {
    const text = [
      '(block app',
      '  (type process)',
      '  (roletype system_r process)',
      '  (typebounds container_t process)',
      '  (typeattributeset container_runtime_domain (process))',
      '  (type loose)',
      '  (typeattributeset container_domain (loose))',
      '  (type data_t)',
      '  (typebounds container_file_t data_t)',
      '  (typeattributeset container_domain (data_t))',
      '  (typeattributeset container_domain (process spc_t))',
      '  (typeattributeset no_such_attr (process))',
      ')',
      '',
    ].join('\n');
    expect(checkStatic(text, 'a.cil', { base }).diagnostics.map(formatDiagnostic)).toEqual([
      'a.cil:2:3: (type process): app.process is not in mcs_constrained_type: MCS separation holds only for its members, so app.process would reach every container\'s files whatever its categories (its parent container_t is a member); add (typeattributeset mcs_constrained_type (process))',
      'a.cil:5:3: (typeattributeset container_runtime_domain (process)): typeattributeset into container_runtime_domain, an attribute outside the module: it is unconfined-like: its members hold every capability and escape confinement; app.process may join only attributes its bound parent (container_t, container_file_t, container_ro_file_t) belongs to, and its parent container_t is not a member',
      'a.cil:7:3: (typeattributeset container_domain (loose)): typeattributeset into container_domain, an attribute outside the module: membership in a system attribute grants whatever the system policy grants its members; app.loose may join only attributes its bound parent (container_t, container_file_t, container_ro_file_t) belongs to, and app.loose has no typebounds under a system type',
      'a.cil:10:3: (typeattributeset container_domain (data_t)): typeattributeset into container_domain, an attribute outside the module: membership in a system attribute grants whatever the system policy grants its members; app.data_t may join only attributes its bound parent (container_t, container_file_t, container_ro_file_t) belongs to, and its parent container_file_t is not a member',
      'a.cil:11:3: (typeattributeset container_domain (process spc_t)): typeattributeset into container_domain, an attribute outside the module: it adds the system type spc_t; membership in a system attribute grants whatever the system policy grants its members',
      'a.cil:12:3: (typeattributeset no_such_attr (process)): typeattributeset into no_such_attr, an attribute outside the module: the base policy has no attribute no_such_attr',
    ]);
  });
});

describe('policy check: name resolution', () => {
  it('a local type shadowing container_t does not count as the container domain; global (.name) and nested names resolve', async () => {
    const text = [
      '(block evil',
      '  (type container_t)',
      '  (type process)',
      '  (roletype system_r process)',
      '  (typebounds container_t process)',
      '  (allow process .shadow_t (file (read)))',
      '  (block sub',
      '    (type helper)',
      '    (roletype system_r helper)',
      '    (typebounds .container_t helper)',
      '  )',
      '  (allow sub.helper self (process (fork)))',
      '  (allow .evil.sub.helper self (capability (sys_admin)))',
      ')',
    ].join('\n');
    const r = await checkModule(text, 's.cil', { base });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      's.cil:5:3: (typebounds container_t process): evil.process is bounded by evil.container_t, which is not bounded by container_t: every new domain must stay within the container domain',
      's.cil:6:3: (allow process .shadow_t (file (read))): evil.process is bounded by evil.container_t, which does not hold (file (read)) on shadow_t: a bounded domain may not exceed its parent',
      's.cil:8:5: (type helper): evil.sub.helper is not in mcs_constrained_type: MCS separation holds only for its members, so evil.sub.helper would reach every container\'s files whatever its categories (its parent container_t is a member); add (typeattributeset mcs_constrained_type (helper))',
      's.cil:13:3: (allow .evil.sub.helper self (capability (sys_admin))): evil.sub.helper is bounded by container_t, which does not hold (capability (sys_admin)) on itself: a bounded domain may not exceed its parent',
    ]);
    expect(r.domains).toEqual(['evil.process', 'evil.sub.helper']);
    expect(r.secilc?.ok).toBe(false);
    expect(r.secilc?.messages.map((m) => m.line)).toEqual([6, 13]);
  });
});

describe('policy check never throws', () => {
  it('on random statements from the CIL vocabulary, inside and outside a block', async () => {
    const fc = (await import('fast-check')).default;
    const { atom, list } = await import('./cil/ast.js');
    const { printCil } = await import('./cil/print.js');
    const name = fc.constantFrom('process', 'x', 'container_t', '.shadow_t', 'self', 'sub.t', 'm', 'all', 'not', 'system_r', 'file', 'read', 'a.b.c', '');
    const leaf = fc.oneof(name.map((n) => atom(n)), fc.constantFrom('/var/lib/docker/overlay2/x', '/etc/shadow', '(').map((s) => atom(s, true)));
    const { node } = fc.letrec<{ node: import('./cil/ast.js').CilNode }>((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.tuple(fc.constantFrom('block', 'allow', 'typebounds', 'typeattributeset', 'macro', 'call', 'in', 'blockinherit', 'optional', 'filecon', 'typetransition', 'typealias', 'typealiasactual', 'roletype', 'type', 'context', 'classpermissionset', 'booleanif', 'x'), fc.array(tie('node'), { maxLength: 4 })).map(([kw, items]) => list(kw, ...items))),
    }));
    fc.assert(fc.property(fc.array(node, { maxLength: 6 }), fc.boolean(), (body, wrap) => {
      const stmts = wrap ? [list('block', 'm', ...body)] : body;
      const text = printCil(stmts.filter((s) => s.kind === 'list'));
      const r = checkStatic(text, 'f.cil', { base });
      for (const d of r.diagnostics) expect(d.line).toBeGreaterThan(0);
    }), { numRuns: 1500 });
  });
});
