import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { hardenText } from '../index.js';

const only = ['BW-0038'];
/** The `# bulwark:` line above a command naming the profile value it got. */
const noted = (net: string, lead = '') => `${lead}# bulwark: --network ${net} set by bulwark harden (profile values: adjust to the service)\n`;
const create = (net: string, lead = '') => `${lead}docker network inspect ${net} >/dev/null 2>&1 || docker network create ${net}   # bulwark: user-defined network (R-G15)\n`;

async function bridgeFindings(path: string, text: string): Promise<string[]> {
  const r = await auditSources([{ path, text }], { env: {} });
  return r.findings.filter((f) => f.ruleId === 'BW-0038').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.target.name}`);
}

describe('BW-0038 fix: a user-defined network instead of the default bridge (unsafe, R-G15, R-M, CIS 5.30)', () => {
  const script =
    '#!/bin/sh\nset -eu\n\n# web\ndocker run -d --name web \\\n  -p 127.0.0.1:8080:80 \\\n  nginx:1.27\ndocker run --rm --network none busybox true\ndocker run --rm --network=host busybox true\ndocker run --rm --net bridge --name job busybox true\n';

  it('script: --network <net> on each run line on the default bridge, and the network created once before the first', async () => {
    expect(await bridgeFindings('x.sh', script)).toEqual(['5:1 web', '10:17 job']);
    expect((await hardenText({ path: 'x.sh', text: script }, { only })).output).toBe(script);
    const r = await hardenText({ path: 'x.sh', text: script }, { only, unsafe: true });
    expect(r.output).toBe(
      '#!/bin/sh\nset -eu\n\n# web\n' +
        create('bulwark') +
        noted('bulwark') +
        'docker run -d --name web \\\n  --network bulwark \\\n  -p 127.0.0.1:8080:80 \\\n  nginx:1.27\n' +
        'docker run --rm --network none busybox true\ndocker run --rm --network=host busybox true\n' +
        noted('bulwark') +
        'docker run --rm --net bulwark --name job busybox true\n',
    );
    expect(r.changes.map((c) => [c.ruleId, c.target, c.line, c.column, c.applicability])).toEqual([
      ['BW-0038', 'web', 5, 1, 'unsafe'],
      ['BW-0038', 'job', 10, 17, 'unsafe'],
    ]);
    expect(await bridgeFindings('x.sh', r.output)).toEqual([]);
    const again = await hardenText({ path: 'x.sh', text: r.output }, { only, unsafe: true });
    expect(again.changes).toEqual([]);
    expect(again.output).toBe(r.output);
  });

  it('takes the network from the profile, creates it before the function holding the run line, and not when the script creates it', async () => {
    // Before the enclosing top-level statement: the network exists for the run line in the function and for
    // the one at the top level, whichever runs first.
    const text = 'deploy() {\n  docker run -d --name api api:1\n}\ndocker run --rm alpine:3 true\n';
    const r = await hardenText({ path: 'x.sh', text }, { only, unsafe: true, profile: { network: 'shop_back' } });
    expect(r.output).toBe(
      `${create('shop_back')}deploy() {\n${noted('shop_back', '  ')}  docker run --network shop_back -d --name api api:1\n}\n${noted('shop_back')}docker run --network shop_back --rm alpine:3 true\n`,
    );
    expect((await hardenText({ path: 'x.sh', text: r.output }, { only, unsafe: true, profile: { network: 'shop_back' } })).output).toBe(r.output);
    const made = 'docker network create --internal --subnet 10.9.0.0/24 shop_back\ndocker run -d --name api api:1\n';
    const m = await hardenText({ path: 'x.sh', text: made }, { only, unsafe: true, profile: { network: 'shop_back' } });
    expect(m.output).toBe(`docker network create --internal --subnet 10.9.0.0/24 shop_back\n${noted('shop_back')}docker run --network shop_back -d --name api api:1\n`);
  });

  it('reaches a fixed point in one run when a later run line of the same image leaves the host network', async () => {
    // Both lines are named by their image: the second one's BW-0038 appears only after --network=host is gone.
    const text = '#!/bin/sh\ndocker run --rm alpine:3 true\ndocker run -d --network=host alpine:3\n';
    const r = await hardenText({ path: 'x.sh', text }, { unsafe: true });
    expect(r.output.split('\n').filter((l) => l.startsWith('docker run')).map((l) => l.includes('--network bulwark'))).toEqual([true, true]);
    const again = await hardenText({ path: 'x.sh', text: r.output }, { unsafe: true });
    expect(again.changes).toEqual([]);
  });

  it('an earlier run line that leaves the host network in a later round gets the network created before it too (QA: set -e)', async () => {
    const text = 'set -e\ndocker run -d --name a --network host nginx:1.25\ndocker run -d --name b nginx:1.25\n';
    const r = await hardenText({ path: 'x.sh', text }, { unsafe: true, only: ['BW-0015', 'BW-0038'] });
    const lines = r.output.split('\n');
    const firstCreate = lines.findIndex((l) => l.startsWith('docker network inspect bulwark >/dev/null 2>&1 || docker network create bulwark'));
    const firstUse = lines.findIndex((l) => l.startsWith('docker run') && l.includes('--network bulwark'));
    expect(firstCreate).toBeGreaterThan(-1);
    expect(firstCreate).toBeLessThan(firstUse);
    expect(lines.filter((l) => l.startsWith('docker run')).map((l) => l.includes('--network bulwark'))).toEqual([true, true]);
  });

  it('an earlier run line fixed in a later round moves the network line up: one line, before the first use', async () => {
    // Round 1 fixes b (a is still on the host network) and creates the network above b; round 2 fixes a.
    const text = 'set -e\ndocker run -d --name a --network host nginx:1.25\necho between\ndocker run -d --name b nginx:1.25\n';
    const r = await hardenText({ path: 'x.sh', text }, { unsafe: true, only: ['BW-0015', 'BW-0038'] });
    expect(r.output).toBe(
      'set -e\n' + create('bulwark') + noted('bulwark') + 'docker run --network bulwark -d --name a nginx:1.25\necho between\n' + noted('bulwark') + 'docker run --network bulwark -d --name b nginx:1.25\n',
    );
    expect(r.changes.map((c) => `${c.line}:${c.column} ${c.target} ${c.ruleId}`)).toEqual(['2:24 a BW-0015', '4:1 b BW-0038', '2:1 a BW-0038']);
    expect((await hardenText({ path: 'x.sh', text: r.output }, { unsafe: true })).output.split(create('bulwark')).length - 1).toBe(1);
  });

  it('one network line for run lines on one engine that differ in sudo, other variables or the quoting of the client', async () => {
    const text = 'sudo docker run -d --name a nginx\ndocker run -d --name b nginx\nFOO=1 docker run -d --name c nginx\nDOCKER=docker\n"$DOCKER" run -d --name d nginx\n${DOCKER} run -d --name e nginx\n';
    const r = await hardenText({ path: 'x.sh', text }, { only, unsafe: true });
    expect(r.output).toBe(
      'sudo docker network inspect bulwark >/dev/null 2>&1 || sudo docker network create bulwark   # bulwark: user-defined network (R-G15)\n' +
        noted('bulwark') +
        'sudo docker run --network bulwark -d --name a nginx\n' +
        noted('bulwark') +
        'docker run --network bulwark -d --name b nginx\n' +
        noted('bulwark') +
        'FOO=1 docker run --network bulwark -d --name c nginx\nDOCKER=docker\n' +
        '"$DOCKER" network inspect bulwark >/dev/null 2>&1 || "$DOCKER" network create bulwark   # bulwark: user-defined network (R-G15)\n' +
        noted('bulwark') +
        '"$DOCKER" run --network bulwark -d --name d nginx\n' +
        noted('bulwark') +
        '${DOCKER} run --network bulwark -d --name e nginx\n',
    );
    expect((await hardenText({ path: 'x.sh', text: r.output }, { only, unsafe: true })).changes).toEqual([]);
  });

  it('creates the network with the run line\'s sudo and variable assignments (the same engine, the same rights)', async () => {
    const text = 'sudo docker run -d nginx\nDOCKER_HOST=tcp://127.0.0.1:2376 docker run -d redis\n';
    const r = await hardenText({ path: 'x.sh', text }, { only, unsafe: true });
    expect(r.output).toBe(
      'sudo docker network inspect bulwark >/dev/null 2>&1 || sudo docker network create bulwark   # bulwark: user-defined network (R-G15)\n' +
        noted('bulwark') +
        'sudo docker run --network bulwark -d nginx\n' +
        'DOCKER_HOST=tcp://127.0.0.1:2376 docker network inspect bulwark >/dev/null 2>&1 || DOCKER_HOST=tcp://127.0.0.1:2376 docker network create bulwark   # bulwark: user-defined network (R-G15)\n' +
        noted('bulwark') +
        'DOCKER_HOST=tcp://127.0.0.1:2376 docker run --network bulwark -d redis\n',
    );
  });

  it('creates the network on the engine the run line talks to (global options kept) and with its client', async () => {
    const text = 'docker -H ssh://ops@build container run -d nginx\npodman run -d --name p nginx\n';
    const r = await hardenText({ path: 'x.sh', text }, { only, unsafe: true });
    expect(r.output).toBe(
      'docker -H ssh://ops@build network inspect bulwark >/dev/null 2>&1 || docker -H ssh://ops@build network create bulwark   # bulwark: user-defined network (R-G15)\n' +
        noted('bulwark') +
        'docker -H ssh://ops@build container run --network bulwark -d nginx\n' +
        'podman network inspect bulwark >/dev/null 2>&1 || podman network create bulwark   # bulwark: user-defined network (R-G15)\n' +
        noted('bulwark') +
        'podman run --network bulwark -d --name p nginx\n',
    );
  });

  it('Markdown: the network line goes at the top of each block that needs it, with the prompt of a transcript', async () => {
    const md = '# Run\n\n```console\n$ docker run -d --name a nginx\n$ docker run -d --name b nginx\n```\n\nLater:\n\n```sh\ndocker run -d --name c nginx\n```\n';
    const r = await hardenText({ path: 'README.md', text: md }, { only, unsafe: true });
    expect(r.output).toBe(
      '# Run\n\n```console\n' +
        create('bulwark', '$ ') +
        // The note is a comment typed at the transcript's prompt (qa17: without it, it read as output or as a root prompt).
        noted('bulwark', '$ ') +
        '$ docker run --network bulwark -d --name a nginx\n' +
        noted('bulwark', '$ ') +
        '$ docker run --network bulwark -d --name b nginx\n```\n\nLater:\n\n```sh\n' +
        create('bulwark') +
        noted('bulwark') +
        'docker run --network bulwark -d --name c nginx\n```\n',
    );
    expect(await bridgeFindings('README.md', r.output)).toEqual([]);
    expect((await hardenText({ path: 'README.md', text: r.output }, { only, unsafe: true })).changes).toEqual([]);
  });

  it('Compose: network_mode: bridge is removed, so the service joins the project network', async () => {
    const text = 'services:\n  web:\n    image: nginx\n    network_mode: bridge   # legacy\n    ports: ["80:80"]\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true });
    expect(r.output).toBe('services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n');
    expect(await bridgeFindings('compose.yaml', r.output)).toEqual([]);
  });

  it('explains what it stops and what it may break', async () => {
    const r = await hardenText({ path: 'x.sh', text: 'docker run nginx\n' }, { only, unsafe: true });
    expect(r.changes.map((c) => c.title)).toEqual(['put the container on a user-defined network instead of the default bridge']);
    expect(r.changes[0].attack).toContain('ARP spoofing');
    expect(r.changes[0].breaks).toContain('containers that reached others by their IP on docker0');
  });
});

describe('BW-0038 fix and run lines handed to another shell (QA)', () => {
  it('leaves `ssh host "docker run …"` on its network: the network would be created on this host only', async () => {
    const text = 'docker run -d --name local nginx:1\nssh host "docker run -d --name remote nginx:1"\n';
    const r = await hardenText({ path: 'r.sh', text }, { only, unsafe: true });
    expect(r.output).toBe(create('bulwark') + noted('bulwark') + 'docker run --network bulwark -d --name local nginx:1\nssh host "docker run -d --name remote nginx:1"\n');
  });
});
