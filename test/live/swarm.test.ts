/**
 * Networks and swarm on a private engine (issue 3 "user-defined networks (icc per bridge, encrypted overlays),
 * swarm state (CIS section 7)"; CIS Docker Benchmark 1.6.0 5.1, 7.1, 7.3, 7.5, 7.7; R-M, R-G15): the engine
 * joins a one-node swarm on loopback (`docker swarm init --advertise-addr 127.0.0.1`, manager port on a free
 * loopback port), gets an encrypted and a plain overlay network and two user-defined bridges (one with
 * `enable_icc=false`), and `auditLive` reports exactly the expected network and swarm findings. The swarm is
 * left before the engine stops. Also: without dockerd's command line, a systemd unit (fake root) that serves
 * this engine gives its flags, located in the unit file.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditResult } from '../../src/engine/types.js';
import { auditLive } from '../../src/live/audit.js';
import { describeEngine, freePort, startEngine, type Engine } from '../support/engine.js';

const MINE = new Set(['swarm-mode-enabled', 'swarm-overlay-unencrypted', 'swarm-manager-count', 'swarm-autolock-disabled', 'swarm-node-cert-expiry', 'network-icc-enabled']);

describeEngine('audit --live: swarm and user-defined networks', () => {
  let e: Engine;
  let r: AuditResult;
  let unitDir = '';
  beforeAll(async () => {
    e = await startEngine();
    const port = await freePort();
    const init = await e.docker(['swarm', 'init', '--advertise-addr', '127.0.0.1', '--listen-addr', `127.0.0.1:${port}`]);
    if (init.code !== 0) throw new Error(`docker swarm init failed: ${init.stderr.trim()}`);
    for (const args of [
      ['-d', 'overlay', '--opt', 'encrypted', 'enc1'],
      ['-d', 'overlay', 'plain1'],
      ['-d', 'bridge', '--opt', 'com.docker.network.bridge.enable_icc=false', 'noicc'],
      ['-d', 'bridge', 'yesicc'],
    ]) {
      const c = await e.docker(['network', 'create', ...args]);
      if (c.code !== 0) throw new Error(`docker network create ${args.join(' ')} failed: ${c.stderr.trim()}`);
    }
    r = await auditLive({ host: e.host, hostFacts: false });
  }, 120_000);
  afterAll(async () => {
    if (e) await e.docker(['swarm', 'leave', '--force'], { timeoutMs: 30_000 });
    await e?.stop();
    if (unitDir) rmSync(unitDir, { recursive: true, force: true });
  }, 90_000);

  it('reports exactly: swarm active, autolock off, default cert expiry, ingress and plain1 unencrypted, yesicc with icc', () => {
    const mine = r.findings
      .filter((f) => MINE.has(f.slug))
      .map((f) => [f.ruleId, f.slug, f.severity, f.location.file, f.pointer?.replace(/^\/\d+\//, '/N/'), f.data])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])) || JSON.stringify(a[5]).localeCompare(JSON.stringify(b[5])));
    expect(mine).toEqual([
      ['BW-0218', 'swarm-mode-enabled', 'info', 'docker://localhost/info', '/Swarm/LocalNodeState', { state: 'active' }],
      ['BW-0219', 'swarm-overlay-unencrypted', 'medium', 'docker://localhost/networks', '/N/Name', { network: 'ingress' }],
      ['BW-0219', 'swarm-overlay-unencrypted', 'medium', 'docker://localhost/networks', '/N/Name', { network: 'plain1' }],
      ['BW-0221', 'swarm-autolock-disabled', 'low', 'docker://localhost/info', '/Swarm/Cluster/Spec/EncryptionConfig/AutoLockManagers', { setting: 'autolock' }],
      ['BW-0222', 'swarm-node-cert-expiry', 'info', 'docker://localhost/info', '/Swarm/Cluster/Spec/CAConfig/NodeCertExpiry', { certExpiry: '2160h' }],
      ['BW-0223', 'network-icc-enabled', 'info', 'docker://localhost/networks', '/N/Name', { network: 'yesicc' }],
    ]);
    expect(r.errors).toEqual([]);
  });

  it('each network finding points at its own network in the /networks source', () => {
    const nets = r.findings.filter((f) => f.location.file === 'docker://localhost/networks');
    expect(nets.length).toBe(3);
    for (const f of nets) {
      const line = r.sources!.get('docker://localhost/networks')!.text.split('\n')[f.location.startLine - 1];
      expect(line.slice(f.location.startColumn - 1, f.location.endColumn - 1)).toBe(JSON.stringify(f.data.network));
    }
  });

  it('without the command line, a unit serving this engine gives its flags, located in the unit file', async () => {
    unitDir = mkdtempSync('/tmp/bwu-');
    mkdirSync(join(unitDir, 'lib/systemd/system'), { recursive: true });
    const unit = `[Service]\nExecStart=/usr/sbin/dockerd -H ${e.host} --data-root ${e.dir}/data --no-new-privileges --userland-proxy=true\nTasksMax=infinity\n`;
    writeFileSync(join(unitDir, 'lib/systemd/system/docker.service'), unit);
    const withUnit = await auditLive({ host: e.host, hostFacts: false, proc: '/nonexistent', unitRoot: unitDir });
    const without = await auditLive({ host: e.host, hostFacts: false, proc: '/nonexistent', unitRoot: false });
    const slugs = (x: AuditResult) => x.findings.filter((f) => f.target.kind === 'daemon').map((f) => f.slug);
    expect(slugs(without)).toContain('daemon-no-new-privileges-missing');
    expect(slugs(withUnit)).not.toContain('daemon-no-new-privileges-missing');
    expect(withUnit.files.map((f) => f.path)).toContain('/lib/systemd/system/docker.service');
    // A flag of the unit is reported at the unit's line and column.
    const proxy = (x: AuditResult) => x.findings.filter((f) => f.slug === 'daemon-userland-proxy-enabled').map((f) => [f.location.file, f.location.startLine, f.location.startColumn, f.location.endColumn]);
    const col = unit.split('\n')[1].indexOf('--userland-proxy=true') + 1;
    expect(proxy(withUnit)).toEqual([['/lib/systemd/system/docker.service', 2, col, col + '--userland-proxy=true'.length]]);
    expect(proxy(without).map((p) => p[0])).toEqual(['docker://localhost/info']);
  });
});
