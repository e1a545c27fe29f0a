/**
 * Second QA round of `bulwark probe` (issue 5), the pure parts: a refusal caused by the substitute image is
 * named as such, `not-testable` records are shown apart and never count, the probed run line is printed with
 * its secrets masked (R-S), and the new `host-pid` attack is a breach (R-B).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ATTACKS, attackOf, kindOf } from './catalogue.js';
import { hardenedSpec } from './index.js';
import { maskedRunLine, specFromCompose, specFromInspect } from './inputs.js';
import { renderMarkdown, renderText, untestable } from './render.js';
import { grade, refusalHint, substituteRefusal } from './runner.js';
import type { ProbeRecord, ProbeReport, ProbeRun } from './types.js';

const rec = (id: string, result: ProbeRecord['result'], evidence = ''): ProbeRecord => ({
  id, class: attackOf(id)?.class ?? 'R-B', requirements: attackOf(id)?.requirements ?? [], attempted: id, result, errno: null, evidence, kind: kindOf(id),
});

describe('substituteRefusal', () => {
  const engine = 'engine refused to start this configuration: unable to find user nginx: no matching entries in passwd file';
  it('a user name the substitute (minimal) image does not define: not the configuration, and how to get a verdict', () => {
    expect(substituteRefusal(engine, 'bulwark/probe-minimal:1', 'nosuch/image:1', undefined)).toBe(
      'not run: the user "nginx" is looked up in the image, and the probe ran in bulwark\'s minimal image bulwark/probe-minimal:1 (the target\'s image "nosuch/image:1" is not on the engine, and bulwark never pulls), which does not define it; load the target\'s image into the engine, pass --image with an image that defines it, or give the user as a number (engine: unable to find user nginx: no matching entries in passwd file)',
    );
  });
  it('with --image, the refusal names --image', () => {
    expect(substituteRefusal('engine refused to start this configuration: unable to find group www: no matching entries in group file', 'bw/busybox:test', 'nginx:1', 'bw/busybox:test')).toBe(
      'not run: the group "www" is looked up in the image, and the probe ran in --image bw/busybox:test, which does not define it; load the target\'s image into the engine, pass --image with an image that defines it, or give the group as a number (engine: unable to find group www: no matching entries in group file)',
    );
  });
  it('in the target\'s own image, or for another reason, the engine\'s refusal is the configuration\'s and stays as it is', () => {
    expect(substituteRefusal(engine, 'bw/busybox:test', 'bw/busybox:test', undefined)).toBe(engine);
    const caps = 'engine refused to start this configuration: unable to apply caps: operation not permitted: unknown';
    expect(substituteRefusal(caps, 'bulwark/probe-minimal:1', 'nosuch/image:1', undefined)).toBe(caps);
  });
});

describe('not-testable records', () => {
  const run = (records: ProbeRecord[]): ProbeRun => ({ label: 'target', image: 'img', args: ['--device', '/dev/vda:/dev/vda'], dropped: [], notes: [], records, succeeded: [], facts: [], threat: grade(records, false) });
  const records = [
    rec('host-device', 'not-testable', 'cannot be tried on this host: x'),
    rec('dev-block', 'not-testable', 'cannot be tried on this host: y'),
    rec('sysrq-trigger', 'not-testable', 'cannot be tried on this host: z'),
    rec('af-packet', 'blocked'),
  ];
  it('never count as blocked or allowed: a run with nothing else allowed grades no threats', () => {
    expect(grade(records, false)).toBe('none');
    expect(untestable(run(records))).toEqual(['host-device', 'dev-block', 'sysrq-trigger']);
  });
  it('text and Markdown list them apart, as not tried', () => {
    const report: ProbeReport = { runId: 'r', subject: '--run "x"', engine: { version: '20.10', securityOptions: [], cpus: 2 }, runs: [run(records)], anySucceeded: false };
    expect(renderText(report).split('\n')).toContain('  cannot be tried on this host (no verdict): host-device, dev-block, sysrq-trigger');
    expect(renderMarkdown(report).split('\n')).toContain('- cannot be tried on this host (no verdict): host-device, dev-block, sysrq-trigger');
  });
});

describe('maskedRunLine (R-S)', () => {
  it('masks environment secrets and URL passwords as audit does; keeps everything else', async () => {
    expect(await maskedRunLine('docker run -e DB_PASSWORD=hunter2 -e API_TOKEN="abc def" bw/busybox:test')).toBe('docker run -e DB_PASSWORD=******* -e API_TOKEN="*******" bw/busybox:test');
    expect(await maskedRunLine('docker run -e DATABASE_URL=postgres://u:S3cretPw@db/x img')).toBe('docker run -e DATABASE_URL=************************** img');
    expect(await maskedRunLine('docker run --cap-drop ALL -e MODE=prod img')).toBe('docker run --cap-drop ALL -e MODE=prod img');
    expect(await maskedRunLine('docker run -d \\\n  -e DB_PASSWORD=hunter2 \\\n  --cap-add SYS_PTRACE \\\n  netdata/netdata')).toBe('docker run -d -e DB_PASSWORD=******* --cap-add SYS_PTRACE netdata/netdata');
  });
});

describe('host-pid', () => {
  it('is a breach of class R-B, run between ptrace and the sockets', () => {
    expect(attackOf('host-pid')).toMatchObject({ class: 'R-B', requirements: ['R-B'], kind: 'breach' });
    expect(grade([rec('host-pid', 'allowed')], false)).toBe('present');
    const ids = ATTACKS.map((a) => a.id);
    expect(ids.slice(ids.indexOf('ptrace'), ids.indexOf('ptrace') + 3)).toEqual(['ptrace', 'host-pid', 'af-packet']);
  });
});

describe('refusalHint', () => {
  it('a runtime that cannot apply the capabilities is the host\'s doing, said in the refusal; other messages get nothing', () => {
    expect(refusalHint('failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: unable to apply caps: operation not permitted: unknown')).toBe(
      " (the engine's runtime lacks a capability this configuration grants, e.g. a dockerd without CAP_SYS_RESOURCE cannot start --privileged or --cap-add ALL: this host cannot run the configuration, so nothing was measured)",
    );
    expect(refusalHint('unable to find user nginx: no matching entries in passwd file')).toBe('');
  });
});

describe('hardenedSpec: the matrix\'s hardened column is what `bulwark harden` writes', () => {
  it('a Compose service that extends another file and takes a value from .env is hardened (was: 0 changes, the files next to it unread)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-probe-hardened-'));
    try {
      writeFileSync(join(dir, 'base.yaml'), 'services:\n  plain:\n    image: bw/busybox:test\n');
      writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    extends:\n      file: base.yaml\n      service: plain\n    mem_limit: ${MEM}\n');
      writeFileSync(join(dir, '.env'), 'MEM=96m\n');
      const path = join(dir, 'compose.yaml');
      const text = readFileSync(path, 'utf8');
      const subject = { spec: await specFromCompose(path, 'web', text), title: `${path} service web`, source: { path, text, kind: 'compose' as const } };
      const h = await hardenedSpec(subject, false);
      expect(h.from).toBe('harden (3 changes: BW-0003, BW-0007, BW-0010)');
      expect(h.spec.capDrop.map((c) => c.value)).toEqual(['NET_RAW']);
      expect(h.spec.securityOpt.map((o) => o.raw)).toEqual(['no-new-privileges:true']);
      expect(h.spec.resources.pidsLimit?.value).toBe(256);
      expect(h.spec.resources.memory?.value).toBe(96 * 2 ** 20);
      expect(h.spec.image?.value).toBe('bw/busybox:test');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('--container: a propagation the engine computed is not asked for explicitly', () => {
  const inspect = {
    Id: 'f'.repeat(64),
    Name: '/agent',
    Config: { Image: 'bw/busybox:test', Cmd: ['sleep', '100'] },
    HostConfig: { Binds: ['/var/lib/docker-root-parent:/hostrun:ro', '/srv/data:/data:rshared'], NetworkMode: 'none' },
    Mounts: [
      { Type: 'bind', Source: '/var/lib/docker-root-parent', Destination: '/hostrun', Mode: 'ro', RW: false, Propagation: 'rslave' },
      { Type: 'bind', Source: '/srv/data', Destination: '/data', Mode: 'rshared', RW: true, Propagation: 'rshared' },
    ],
  };
  it('rslave computed by Docker for a bind holding its data root is dropped (the engine refused it: "not a shared or slave mount"); a written rshared stays', async () => {
    const { spec } = await specFromInspect(inspect, 'agent');
    expect(spec.mounts.map((m) => [m.target, m.readOnly, m.propagation])).toEqual([
      ['/hostrun', true, undefined],
      ['/data', false, 'rshared'],
    ]);
  });
});
