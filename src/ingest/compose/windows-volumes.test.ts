/**
 * Compose short volume syntax with Windows paths (Docker Desktop, Docker on Windows): a drive letter's colon does
 * not split, in the source or in the target (moby `volume/mounts/windows_parser.go`; compose-go `ParseVolume`
 * reads a one-letter section before `:` as a drive), as run lines read `-v` (../run/values.ts joinDriveLetters).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { at, chars, ingestText } from './test-helpers.js';

const D11 = [
  'services:',
  '  p:',
  '    image: portainer/portainer-ce:2.19.4',
  '    volumes:',
  '      - portainer_data:C:\\data',
  '      - C:\\Users\\me\\.docker:C:\\Users\\ContainerUser\\.docker',
  '      - C:\\ProgramData\\Portainer:C:\\data:ro',
  '      - d:/cache:/cache',
  '      - C:\\anon',
  'volumes:',
  '  portainer_data:',
  '',
].join('\n');

describe('Compose short volumes with Windows drive letters (QA d11)', () => {
  it('drive letters in the target are joined as in the source; modes after them still read', async () => {
    const { r, sf } = await ingestText(D11);
    expect(r.errors).toEqual([]);
    const c = r.containers[0];
    expect(c.mounts.map((m) => [m.type, m.source, m.target, m.readOnly])).toEqual([
      ['volume', 'portainer_data', 'C:\\data', false],
      ['bind', 'C:\\Users\\me\\.docker', 'C:\\Users\\ContainerUser\\.docker', false],
      ['bind', 'C:\\ProgramData\\Portainer', 'C:\\data', true],
      ['bind', 'd:/cache', '/cache', false],
      ['volume', undefined, 'C:\\anon', false],
    ]);
    expect(chars(sf, c.mounts[1].sourceOrigin)).toBe('C:\\Users\\me\\.docker');
    expect(at(sf, c.mounts[1].origin)).toBe('6:9-6:59');
  });

  it('findings name the Windows target', async () => {
    const res = await auditSources([{ path: 'compose.yml', text: D11 }], { env: {} });
    const rows = res.findings.filter((f) => f.ruleId === 'BW-0011' || f.ruleId === 'BW-0012').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.severity} ${f.message}`);
    expect(rows).toEqual([
      '6:9 BW-0011 high host path C:\\Users\\me\\.docker mounted writable at C:\\Users\\ContainerUser\\.docker: a home directory or its credentials (SSH, Docker, cloud, Kubernetes)',
      '8:9 BW-0012 info host path d:/cache mounted writable at /cache',
    ]);
  });
});

describe('harden: a Windows bind made read-only (QA d11)', () => {
  it('`:ro` goes after the Windows target, not into it', async () => {
    const { hardenText } = await import('../../harden/index.js');
    const r = await hardenText({ path: 'compose.yml', text: D11 }, { only: ['BW-0011'] });
    expect(r.output).toBe(D11.replace('      - C:\\Users\\me\\.docker:C:\\Users\\ContainerUser\\.docker\n', '      - "C:\\\\Users\\\\me\\\\.docker:C:\\\\Users\\\\ContainerUser\\\\.docker:ro"\n'));
  });
});
