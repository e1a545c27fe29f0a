/** secilc runs and its messages map back to the module (R-PM2). */
import { describe, expect, it } from 'vitest';
import { loadBase } from './base.js';
import { compileWithSecilc, mapMessages, SecilcUnavailable } from './secilc.js';

describe('secilc', () => {
  it('the base policy alone compiles', async () => {
    const base = loadBase();
    const r = await compileWithSecilc('', 'empty.cil', base.path);
    expect([r.ok, r.messages]).toEqual([true, []]);
    expect(r.fileContexts).toBe('/etc(/.*)?\tsystem_u:object_r:etc_t:s0\n/etc/shadow\t--\tsystem_u:object_r:shadow_t:s0\n');
  });
  it('maps resolution and syntax errors to the module line, in either form secilc prints', () => {
    const stderr = [
      'Bad typetransition declaration at /tmp/x/module.cil:7',
      'Failed to build AST',
      'Open parenthesis without matching close at line 4 of /tmp/x/module.cil',
      'neverallow check failed at /b/base.cil:309',
      '  (allow evil.process shadow_t (file (write)))',
      '    <root>',
      '    block at /tmp/x/module.cil:1',
      '    allow at /tmp/x/module.cil:5',
      '      (allow process shadow_t (file (write)))',
    ].join('\n');
    expect(mapMessages(stderr, '/tmp/x/module.cil', '/b/base.cil')).toEqual([
      { line: 7, message: 'Bad typetransition declaration' },
      { line: 4, message: 'Open parenthesis without matching close' },
      { baseLine: 309, message: 'neverallow check failed' },
      { line: 5, message: 'neverallow check failed: (allow evil.process shadow_t (file (write)))' },
    ]);
  });
  it('a missing secilc is an unusable-input error', async () => {
    await expect(compileWithSecilc('', 'm.cil', loadBase().path, { secilc: '/nonexistent/secilc' })).rejects.toThrow(SecilcUnavailable);
    await expect(compileWithSecilc('', 'm.cil', loadBase().path, { secilc: '/nonexistent/secilc' })).rejects.toThrow('secilc is not installed (apt-get install secilc): the module cannot be compile-checked');
  });
});
