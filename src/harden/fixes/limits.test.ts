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
