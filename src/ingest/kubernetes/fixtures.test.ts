/**
 * Realistic manifests of test/fixtures/k8s/ audited end to end (all rules), with every finding listed:
 * `slug@line:column target severity`. The hardened Deployment (Pod Security Standards "restricted") reports
 * nothing above info.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../../engine/audit.js';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'k8s');

async function findings(name: string): Promise<string[]> {
  const r = await audit([join(FIXTURES, name)], { env: {}, config: {} });
  expect(r.errors).toEqual([]);
  return r.findings.map((f) => `${f.slug}@${f.location.startLine}:${f.location.startColumn} ${f.target.kind === 'file' ? '(file)' : f.target.name} ${f.severity}`);
}

describe('test/fixtures/k8s', () => {
  it('hardened-deployment.yaml (restricted PSS): nothing above info', async () => {
    expect(await findings('hardened-deployment.yaml')).toEqual(['pids-limit-missing@26:9 api info']);
  });

  it('backup-cronjob.yaml: literal PGPASSWORD, writable hostPath, floating tag', async () => {
    expect(await findings('backup-cronjob.yaml')).toEqual([
      'pids-limit-missing@19:13 pg-dump info',
      'image-not-pinned@20:20 pg-dump info',
      'secret-in-environment@23:15 pg-dump high',
      'writable-bind-mount@42:15 pg-dump info',
    ]);
  });

  it('privileged-daemonset.yaml: privileged, Docker socket, host PID and network, /proc', async () => {
    expect(await findings('privileged-daemonset.yaml')).toEqual([
      'host-pid@15:7 agent high',
      'host-network@16:7 agent high',
      'capabilities-not-dropped@18:9 agent medium',
      'user-not-set@18:9 agent medium',
      'root-filesystem-writable@18:9 agent low',
      'no-new-privileges-missing@18:9 agent medium',
      'memory-limit-missing@18:9 agent medium',
      'cpu-limit-missing@18:9 agent low',
      'pids-limit-missing@18:9 agent info',
      'seccomp-profile-missing@18:9 agent medium',
      'image-not-pinned@19:16 agent info',
      'privileged-container@21:11 agent critical',
      'docker-socket-mounted@31:11 agent critical',
      'sensitive-host-mount@35:11 agent medium',
    ]);
  });

  it('list.yaml: a List with a Service, a StatefulSet (runAsNonRoot, literal password, hostPort) and a removed Ingress API', async () => {
    expect(await findings('list.yaml')).toEqual([
      'root-filesystem-writable@27:11 redis low',
      'cpu-limit-missing@27:11 redis low',
      'pids-limit-missing@27:11 redis info',
      'image-not-pinned@28:18 redis info',
      // `$(REDIS_PASSWORD)` in args: the kubelet puts the variable's value in the command line.
      'secret-in-command@29:36 redis medium',
      'secret-in-environment@31:13 redis high',
      'port-published-all-interfaces@35:13 redis info',
      'k8s-deprecated-api@41:3 (file) info',
    ]);
  });

  it('the literal secret value is masked in the source texts reporters print (same length)', async () => {
    const path = join(FIXTURES, 'backup-cronjob.yaml');
    const r = await audit([path], { env: {}, config: {} });
    const text = r.sources.get(path)!.text;
    expect(text.split('\n')[23]).toBe('              value: **************');
    expect(text).not.toContain('Backup-2024!');
    expect(JSON.stringify(r.findings)).not.toContain('Backup-2024!');
  });
});
