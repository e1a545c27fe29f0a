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
