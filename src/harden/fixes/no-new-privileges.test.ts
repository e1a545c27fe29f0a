import { describe, expect, it } from 'vitest';
import { hardenText } from '../index.js';

const only = ['BW-0007'];

describe('BW-0007 fix: no-new-privileges', () => {
  it('adds security_opt to a service without one, at the end of the service', async () => {
    const text = 'services:\n  web:\n    image: nginx  # the proxy\n\n  db:\n    image: postgres\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only });
    expect(r.output).toBe('services:\n  web:\n    image: nginx  # the proxy\n    security_opt:\n      - no-new-privileges:true\n\n  db:\n    image: postgres\n    security_opt:\n      - no-new-privileges:true\n');
    expect(r.changes.map((c) => [c.target, c.ruleId, c.line, c.column, c.applicability])).toEqual([
      ['web', 'BW-0007', 2, 3, 'safe'],
      ['db', 'BW-0007', 5, 3, 'safe'],
    ]);
  });

  it('appends to an existing block or flow list, keeping its comments and style', async () => {
    const text = 'services:\n  a:\n    image: x\n    security_opt:\n    - label=type:foo_t   # custom\n  b:\n    image: y\n    security_opt: [apparmor=custom]\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    security_opt:\n    - label=type:foo_t   # custom\n    - no-new-privileges:true\n  b:\n    image: y\n    security_opt: [apparmor=custom, "no-new-privileges:true"]\n');
  });

  it('replaces an explicit no-new-privileges:false (removed, then added in the next round)', async () => {
    const text = 'services:\n  a:\n    image: x\n    security_opt:\n      - no-new-privileges:false\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    security_opt:\n      - no-new-privileges:true\n');
    expect(r.changes.length).toBe(2);
  });

  it('adds --security-opt right after docker run', async () => {
    const text = '#!/bin/sh\ndocker run -d --name web nginx:1.27\n';
    const r = await hardenText({ path: 'run.sh', text }, { only });
    expect(r.output).toBe('#!/bin/sh\ndocker run --security-opt no-new-privileges:true -d --name web nginx:1.27\n');
  });

  it('changes nothing for a file that already has it', async () => {
    const text = 'services:\n  a:\n    image: x\n    security_opt: ["no-new-privileges:true"]\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only });
    expect(r.output).toBe(text);
    expect(r.changes).toEqual([]);
  });
});

/** A Pod manifest with container `app` (extra container lines after its image) and extra pod spec lines before `containers`. */
const k8sPod = (container = '', pod = '') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${pod}  containers:\n  - name: app\n    image: busybox:1.36\n${container}`;

describe('BW-0007 fix on Kubernetes: allowPrivilegeEscalation: false', () => {
  it('turns allowPrivilegeEscalation: true into false in place (one round), or adds it to the securityContext', async () => {
    const on = k8sPod('    securityContext:\n      allowPrivilegeEscalation: true   # debug\n');
    const r = await hardenText({ path: 'pod.yaml', text: on }, { only });
    expect(r.output).toBe(k8sPod('    securityContext:\n      allowPrivilegeEscalation: false   # debug\n'));
    expect(r.changes.map((c) => `${c.line}:${c.column} ${c.applicability}`)).toEqual(['10:7 safe']);
    const none = await hardenText({ path: 'pod.yaml', text: k8sPod() }, { only });
    expect(none.output).toBe(k8sPod('    securityContext:\n      allowPrivilegeEscalation: false\n'));
  });
});
