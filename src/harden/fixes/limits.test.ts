import { describe, expect, it } from 'vitest';
import { hardenText } from '../index.js';

describe('limit fixes', () => {
  it('BW-0010 (safe): pids_limit from the profile, with a bulwark comment', async () => {
    const r = await hardenText({ path: 'compose.yaml', text: 'services:\n  a:\n    image: x\n' }, { only: ['BW-0010'] });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    pids_limit: 256  # bulwark: pids limit from the harden profile\n');
  });

  it('BW-0010: replaces an unlimited value in place', async () => {
    const r = await hardenText({ path: 'compose.yaml', text: 'services:\n  a:\n    image: x\n    pids_limit: -1   # unlimited\n' }, { only: ['BW-0010'], profile: { pidsLimit: 100 } });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    pids_limit: 100   # unlimited\n');
  });

  it('BW-0008 and BW-0009 are unsafe: not applied by default', async () => {
    const text = 'services:\n  a:\n    image: x\n';
    const safe = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0008', 'BW-0009'] });
    expect(safe.output).toBe(text);
    expect(safe.unsafeAvailable).toBe(2);
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0008', 'BW-0009'], unsafe: true, profile: { memory: '1g', cpus: '0.5' } });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    mem_limit: 1g  # bulwark: memory limit from the harden profile\n    cpus: 0.5  # bulwark: CPU limit from the harden profile\n');
  });

  it('run line: flags after run and one bulwark comment line above the command', async () => {
    const text = 'set -e\n  docker run -d \\\n    --name w \\\n    nginx\n';
    const r = await hardenText({ path: 'x.sh', text }, { only: ['BW-0008', 'BW-0010'], unsafe: true });
    expect(r.output).toBe(
      'set -e\n  # bulwark: --memory 512m, --pids-limit 256 set by bulwark harden (profile values: adjust to the service)\n  docker run -d \\\n    --memory 512m \\\n    --pids-limit 256 \\\n    --name w \\\n    nginx\n',
    );
  });

  it('BW-0008: a memory reservation above the profile becomes the limit (the engine refuses a limit below it; qa-c 2)', async () => {
    const text =
      'services:\n  ml:\n    image: x\n    mem_reservation: 2g\n  frigate:\n    image: y\n    deploy:\n      resources:\n        reservations:\n          memory: 1536m\n  small:\n    image: z\n    mem_reservation: 256m\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0008'], unsafe: true });
    expect(r.output).toBe(
      'services:\n  ml:\n    image: x\n    mem_reservation: 2g\n    mem_limit: 2g  # bulwark: memory limit set to the reservation (the profile\'s 512m is below it)\n' +
        '  frigate:\n    image: y\n    deploy:\n      resources:\n        reservations:\n          memory: 1536m\n    mem_limit: 1536m  # bulwark: memory limit set to the reservation (the profile\'s 512m is below it)\n' +
        '  small:\n    image: z\n    mem_reservation: 256m\n    mem_limit: 512m  # bulwark: memory limit from the harden profile\n',
    );
    const run = await hardenText({ path: 'x.sh', text: 'docker run -d --memory-reservation 1g --name ml busybox\n' }, { only: ['BW-0008'], unsafe: true });
    expect(run.output).toBe('# bulwark: --memory 1g set by bulwark harden (profile values: adjust to the service)\ndocker run --memory 1g -d --memory-reservation 1g --name ml busybox\n');
  });

  it('BW-0008: a swap limit below the profile lowers the limit to it; a reservation above the swap limit is a note', async () => {
    const r = await hardenText({ path: 'x.sh', text: 'docker run --memory-swap 256m busybox\n' }, { only: ['BW-0008'], unsafe: true });
    expect(r.output).toBe('# bulwark: --memory 256m set by bulwark harden (profile values: adjust to the service)\ndocker run --memory 256m --memory-swap 256m busybox\n');
    const text = 'services:\n  a:\n    image: x\n    mem_reservation: 1g\n    memswap_limit: 512m\n';
    const bad = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0008'], unsafe: true });
    expect(bad.output).toBe(text);
    expect(bad.notes).toEqual(['a: BW-0008: the memory reservation is above the memswap_limit limit, which the engine refuses: set the memory limit by hand']);
  });

  it('BW-0009: with a CPU period the limit is a quota of it, not cpus (the engine refuses both; qa-c 2)', async () => {
    const run = await hardenText({ path: 'x.sh', text: 'docker run -d --cpu-period 100000 --name cp busybox\n' }, { only: ['BW-0009'], unsafe: true });
    expect(run.output).toBe('# bulwark: --cpu-quota 100000 set by bulwark harden (profile values: adjust to the service)\ndocker run --cpu-quota 100000 -d --cpu-period 100000 --name cp busybox\n');
    const text = 'services:\n  a:\n    image: x\n    cpu_period: 50000\n    cpu_quota: -1\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0009'], unsafe: true, profile: { cpus: '1.5' } });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    cpu_period: 50000\n    cpu_quota: 75000\n');
    expect(r.changes.map((c) => [c.ruleId, c.line, c.column])).toEqual([['BW-0009', 5, 16]]);
    const tiny = await hardenText({ path: 'x.sh', text: 'docker run --cpu-period 1000 busybox\n' }, { only: ['BW-0009'], unsafe: true, profile: { cpus: '0.5' } });
    expect(tiny.output).toBe('docker run --cpu-period 1000 busybox\n');
    expect(tiny.notes).toEqual([
      "busybox: BW-0009: a CPU period is set, so the limit must be a CPU quota, and 0.5 CPUs of a 1000µs period is below the engine's 1000µs minimum: set the CPU quota by hand",
    ]);
  });

  it('run line: replaces --pids-limit=0', async () => {
    const r = await hardenText({ path: 'x.sh', text: 'docker run --pids-limit=0 nginx\n' }, { only: ['BW-0010'] });
    expect(r.output).toBe('# bulwark: --pids-limit 256 set by bulwark harden (profile values: adjust to the service)\ndocker run --pids-limit 256 nginx\n');
  });
});

/** A Pod manifest with container `app` (extra container lines after its image) and extra pod spec lines before `containers`. */
const k8sPod = (container = '', pod = '') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${pod}  containers:\n  - name: app\n    image: busybox:1.36\n${container}`;

describe('limit fixes on Kubernetes: resources.limits as quantities', () => {
  it('memory and cpu from the profile as 1Gi and 500m, merged into an existing limits mapping', async () => {
    const text = k8sPod('    resources:\n      limits:\n        ephemeral-storage: 1Gi\n');
    const r = await hardenText({ path: 'pod.yaml', text }, { only: ['BW-0008', 'BW-0009'], unsafe: true, profile: { memory: '1g', cpus: '0.5' } });
    expect(r.output).toBe(k8sPod('    resources:\n      limits:\n        ephemeral-storage: 1Gi\n        memory: 1Gi  # bulwark: memory limit from the harden profile\n        cpu: 500m  # bulwark: CPU limit from the harden profile\n'));
  });
  it('BW-0010: Kubernetes has no per-container pids limit: nothing is written', async () => {
    const r = await hardenText({ path: 'pod.yaml', text: k8sPod() }, { only: ['BW-0010'], unsafe: true });
    expect(r.output).toBe(k8sPod());
    expect(r.changes).toEqual([]);
  });
});
