import { describe, expect, it } from 'vitest';
import { imageFacts, runCheck } from '../verify/fixture.js';
import { check, rule } from './image-setuid-file.js';

// BW-0405, CIS 1.6.0 4.8, R-G7.
describe(rule.meta.slug, () => {
  it('setuid and setgid files are reported with path and layer; directories and plain files are not', () => {
    const f = imageFacts([
      { entries: [{ name: 'bin/su', mode: 0o4755 }, { name: 'bin/ls', mode: 0o755 }, { name: 'srv/', type: 'directory', mode: 0o2775 }] },
      { entries: [{ name: 'usr/bin/wall', mode: 0o2755, uid: 0 }, { name: 'usr/bin/x', mode: 0o6755 }] },
    ]);
    expect(runCheck(check, f)).toEqual([
      { at: { layer: 0, path: 'bin/su' }, message: 'bin/su is setuid (mode 4755, uid 0) in layer 1', data: { path: 'bin/su', layer: 1, mode: '4755' } },
      { at: { layer: 1, path: 'usr/bin/wall' }, message: 'usr/bin/wall is setgid (mode 2755, uid 0) in layer 2', data: { path: 'usr/bin/wall', layer: 2, mode: '2755' } },
      { at: { layer: 1, path: 'usr/bin/x' }, message: 'usr/bin/x is setuid+setgid (mode 6755, uid 0) in layer 2', data: { path: 'usr/bin/x', layer: 2, mode: '6755' } },
    ]);
  });

  it('a file a later layer removed or copied up without the bit (`RUN chmod a-s`, the remediation) is not reported; one still setuid is', () => {
    const f = imageFacts([
      { entries: [{ name: 'bin/su', mode: 0o4755 }, { name: 'bin/mount', mode: 0o4755 }, { name: 'bin/passwd', mode: 0o4755 }, { name: 'bin/ping', mode: 0o4755 }] },
      { entries: [{ name: 'bin/su', mode: 0o755 }, { name: 'bin/.wh.mount' }, { name: 'bin/ping', mode: 0o4711 }] },
    ]);
    expect(runCheck(check, f).map((d) => d.message)).toEqual(['bin/passwd is setuid (mode 4755, uid 0) in layer 1', 'bin/ping is setuid (mode 4711, uid 0) in layer 2']);
  });

  it('a hard link to a setuid file is reported under its own name, and still is once a later layer whites out the original name (QA vp 4)', () => {
    const f = imageFacts([
      { entries: [{ name: 'bin/', type: 'directory', mode: 0o755 }, { name: 'bin/su', mode: 0o4755 }, { name: 'usr/lib/.cache', type: 'link', linkname: 'bin/su', mode: 0o644 }] },
      { entries: [{ name: 'bin/.wh.su' }] },
    ]);
    expect(runCheck(check, f)).toEqual([
      { at: { layer: 0, path: 'usr/lib/.cache' }, message: 'usr/lib/.cache is setuid (mode 4755, uid 0, a hard link to bin/su) in layer 1', data: { path: 'usr/lib/.cache', layer: 1, mode: '4755', hardlinkTo: 'bin/su' } },
    ]);
  });
  it('hard links: every surviving name; a link in a later layer keeps the bits of the file it names; the link header\'s own bits count; a link to a plain file is not reported (QA vp 4)', () => {
    const f = imageFacts([
      { entries: [{ name: 'bin/su', mode: 0o4755 }, { name: 'bin/su2', type: 'link', linkname: 'bin/su', mode: 0o4755 }, { name: 'bin/ls', mode: 0o755 }, { name: 'bin/ls2', type: 'link', linkname: 'bin/ls', mode: 0o755 }, { name: 'bin/sg', mode: 0o755 }] },
      { entries: [{ name: 'opt/keep', type: 'link', linkname: 'bin/su', mode: 0o755 }, { name: 'opt/sg', type: 'link', linkname: 'bin/sg', mode: 0o2755 }, { name: 'bin/su', mode: 0o755 }] },
    ]);
    expect(runCheck(check, f).map((d) => d.message)).toEqual([
      'bin/su2 is setuid (mode 4755, uid 0, a hard link to bin/su) in layer 1',
      'opt/keep is setuid (mode 4755, uid 0, a hard link to bin/su) in layer 2',
      'opt/sg is setgid (mode 2755, uid 0, a hard link to bin/sg) in layer 2',
    ]);
  });
});
