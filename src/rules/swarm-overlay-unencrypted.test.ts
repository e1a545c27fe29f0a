import { describe, expect, it } from 'vitest';
import { auditSources } from '../engine/audit.js';
import { auditRecordedEngine, recorded } from '../live/engine-testkit.js';
import rule from './swarm-overlay-unencrypted.js';

describe('BW-0219 swarm-overlay-unencrypted (CIS 1.6.0 7.3)', () => {
  it('recorded /networks: ingress and plain1 are reported, enc1 (--opt encrypted) is not', async () => {
    const r = await auditRecordedEngine([rule], recorded('swarm-info'), recorded('swarm-networks'));
    expect(r.findings.map((f) => [f.ruleId, f.severity, f.location.file, f.location.startLine, f.location.startColumn, f.location.endColumn, f.pointer, f.data, f.message])).toEqual([
      [
        'BW-0219', 'medium', 'docker://localhost/networks', 89, 13, 22, '/3/Name', { network: 'ingress' },
        'overlay network "ingress" (the routing-mesh network swarm creates for published ports) is not encrypted: its traffic between swarm nodes travels in clear',
      ],
      ['BW-0219', 'medium', 'docker://localhost/networks', 172, 13, 21, '/6/Name', { network: 'plain1' }, 'overlay network "plain1" is not encrypted: its traffic between swarm nodes travels in clear'],
    ]);
  });
  it('the encrypted option counts whatever its value (libnetwork checks its presence); bridges are not overlays', async () => {
    const nets = [
      { Name: 'a', Driver: 'overlay', Options: { encrypted: '' } },
      { Name: 'b', Driver: 'overlay', Options: { encrypted: 'true' } },
      { Name: 'c', Driver: 'bridge', Options: {} },
      { Name: 'd', Driver: 'overlay', Options: null },
    ];
    const r = await auditRecordedEngine([rule], { Name: 'vm' }, nets);
    expect(r.findings.map((f) => [f.data.network, f.pointer, f.location.startLine])).toEqual([['d', '/3/Name', 22]]);
  });
  it('a stack file: overlay networks without driver_opts encrypted, at their driver; override files and external networks', async () => {
    const stack = [
      'services:',
      '  web:',
      '    image: nginx:1.27',
      '    networks: [front, back, shared]',
      'networks:',
      '  front:',
      '    driver: overlay',
      '    attachable: true',
      '  back:',
      '    driver: overlay',
      '    driver_opts:',
      '      encrypted: ""',
      '  local:',
      '    driver: bridge',
      '  shared:',
      '    driver: overlay',
      '    external: true',
      '  later:',
      '    driver: "overlay"',
      '',
    ].join('\n');
    // The override adds the option only: Compose merges the two entries.
    const override = 'networks:\n  later:\n    driver_opts: {encrypted: "true"}\n';
    const r = await auditSources(
      [
        { path: 'compose.yaml', text: stack, kind: 'compose' },
        { path: 'compose.override.yaml', text: override, kind: 'compose' },
      ],
      { rules: [rule] },
    );
    expect(r.findings.map((f) => [f.ruleId, f.location.file, f.location.startLine, f.location.startColumn, f.location.endColumn, f.target, f.data, f.message])).toEqual([
      ['BW-0219', 'compose.yaml', 7, 13, 20, { kind: 'file', name: 'compose.yaml' }, { network: 'front' }, 'overlay network "front" is not encrypted (no driver_opts encrypted): its traffic between swarm nodes travels in clear'],
    ]);
    expect(r.findings[0].remediation).toBe('networks:\n  backend:\n    driver: overlay\n    driver_opts:\n      encrypted: ""');
  });
  it('nothing without networks', async () => {
    expect((await auditRecordedEngine([rule], recorded('swarm-info'))).findings).toEqual([]);
  });
});
