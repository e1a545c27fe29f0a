/**
 * QA round 5 (consistency across input kinds): a Kubernetes container holds the capabilities its CRI
 * runtime gives it. containerd and CRI-O apply `capabilities.add` before `capabilities.drop`, so a
 * capability in both lists is not held (R-B, R-K, BW-0002), unlike Docker's `--cap-add` + `--cap-drop`.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { allRules } from '../../rules/index.js';

const rules = allRules.filter((r) => r.meta.slug === 'dangerous-capability-added');

function pod(add: string[], drop: string[]): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: p',
    'spec:',
    '  containers:',
    '    - name: app',
    '      image: nginx:1.25.3',
    '      securityContext:',
    '        capabilities:',
    `          add: [${add.join(', ')}]`,
    `          drop: [${drop.join(', ')}]`,
    '',
  ].join('\n');
}

async function added(text: string) {
  const res = await auditSources([{ path: 'pod.yaml', text, kind: 'kubernetes' }], { env: {}, rules });
  return res.findings.map((f) => [f.target?.name, f.data?.capability, f.severity, f.location.startLine, f.location.startColumn]);
}

describe('Kubernetes capabilities: drop is applied after add', () => {
  it('NET_ADMIN in add and drop is not held; SYS_TIME only in add is', async () => {
    expect(await added(pod(['NET_ADMIN', 'SYS_TIME'], ['NET_ADMIN']))).toEqual([['app', 'SYS_TIME', 'medium', 11, 28]]);
  });

  it('add: [ALL] with drop: [ALL] holds nothing; add: [SYS_ADMIN] after drop: [ALL] is still held', async () => {
    expect(await added(pod(['ALL'], ['ALL']))).toEqual([]);
    expect(await added(pod(['SYS_ADMIN'], ['ALL']))).toEqual([['app', 'SYS_ADMIN', 'critical', 11, 17]]);
  });

  it('Docker keeps the added capability for the same lists (moby TweakCapabilities): the run line still reports it', async () => {
    const res = await auditSources([{ path: 'r.sh', text: 'docker run -d --name app --cap-add NET_ADMIN --cap-drop NET_ADMIN nginx:1.25.3\n' }], { env: {}, rules });
    expect(res.findings.map((f) => [f.target?.name, f.data?.capability, f.severity])).toEqual([['app', 'NET_ADMIN', 'high']]);
  });
});
