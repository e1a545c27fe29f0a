import { describe, expect, it } from 'vitest';
import { ingestSource } from '../engine/audit.js';
import { shellQuote, toEngineConfig, toRunLine } from './engine.js';

async function one(text: string, kind: 'run' | 'compose' = 'run', path = kind === 'run' ? '/w/run.sh' : '/w/compose.yaml') {
  const r = await ingestSource({ path, text, kind });
  expect(r.errors).toEqual([]);
  expect(r.containers).toHaveLength(1);
  return r.containers[0];
}

describe('toEngineConfig', () => {
  it('writes the health check test as the engine stores it: CMD-SHELL once, the exec form kept in the body (qa-c 5)', async () => {
    const list = await one('services:\n  a:\n    image: x\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost/"]\n', 'compose');
    const e = toEngineConfig(list);
    expect(e.body.Healthcheck).toEqual({ Test: ['CMD', 'curl', '-f', 'http://localhost/'] });
    expect(e.args.slice(e.args.indexOf('--health-cmd'), e.args.indexOf('--health-cmd') + 2)).toEqual(['--health-cmd', 'curl -f http://localhost/']);
    expect(e.rewritten.map((d) => d.setting)).toEqual(['healthcheck test ["CMD","curl","-f","http://localhost/"]']);
    const shell = toEngineConfig(await one('services:\n  a:\n    image: x\n    healthcheck:\n      test: ["CMD-SHELL", "pg_isready -U app"]\n', 'compose'));
    expect(shell.body.Healthcheck).toEqual({ Test: ['CMD-SHELL', 'pg_isready -U app'] });
    expect(shell.args).toContain('pg_isready -U app');
    expect(shell.rewritten).toEqual([]);
    const str = toEngineConfig(await one('services:\n  a:\n    image: x\n    healthcheck:\n      test: pg_isready -U app\n', 'compose'));
    expect(str.body.Healthcheck).toEqual({ Test: ['CMD-SHELL', 'pg_isready -U app'] });
  });

  it('leaves out the propagation docker inspect shows for a bind that named none (the engine chooses it again)', async () => {
    const inspect = JSON.stringify([
      {
        Id: 'ab12',
        Name: '/web',
        Config: { Image: 'nginx:1.27' },
        HostConfig: { Binds: ['/srv/data:/data', '/srv/shared:/shared:rshared'] },
        Mounts: [
          { Type: 'bind', Source: '/srv/data', Destination: '/data', RW: true, Propagation: 'rslave' },
          { Type: 'bind', Source: '/srv/shared', Destination: '/shared', RW: true, Propagation: 'rshared' },
        ],
      },
    ]);
    const r = await ingestSource({ path: '/w/inspect.json', text: inspect, kind: 'inspect' });
    expect(r.containers[0].mounts.map((m) => [m.target, m.propagation, m.propagationEffective ?? false])).toEqual([
      ['/data', 'rslave', true],
      ['/shared', 'rshared', false],
    ]);
    expect(toEngineConfig(r.containers[0]).body.HostConfig.Mounts).toEqual([
      { Type: 'bind', Source: '/srv/data', Target: '/data' },
      { Type: 'bind', Source: '/srv/shared', Target: '/shared', BindOptions: { Propagation: 'rshared' } },
    ]);
  });

  it('carries the security settings of a run line into the create body and flags', async () => {
    const c = await one(
      'docker run --cap-drop ALL --cap-add NET_BIND_SERVICE --security-opt no-new-privileges --read-only --user 1000:1000 ' +
        '--pids-limit 64 -m 64m --cpus 0.5 --tmpfs /tmp:size=16m -v /srv/data:/data:ro --ulimit nofile=1024:2048 nginx:1.27 nginx -g "daemon off;"\n',
    );
    const { body, args, image, command, dropped } = toEngineConfig(c);
    expect(body).toEqual({
      Image: 'nginx:1.27',
      User: '1000:1000',
      Cmd: ['nginx', '-g', 'daemon off;'],
      HostConfig: {
        CapAdd: ['NET_BIND_SERVICE'],
        CapDrop: ['ALL'],
        SecurityOpt: ['no-new-privileges'],
        ReadonlyRootfs: true,
        Tmpfs: { '/tmp': 'size=16m' },
        Mounts: [{ Type: 'bind', Source: '/srv/data', Target: '/data', ReadOnly: true }],
        NetworkMode: 'none',
        Memory: 64 * 1024 * 1024,
        NanoCpus: 500_000_000,
        PidsLimit: 64,
        Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 2048 }],
      },
    });
    expect(image).toBe('nginx:1.27');
    expect(command).toEqual(['nginx', '-g', 'daemon off;']);
    expect(dropped).toEqual([]);
    expect(args).toEqual([
      '--user', '1000:1000', '--cap-add', 'NET_BIND_SERVICE', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges', '--read-only',
      '--tmpfs', '/tmp:size=16m', '--mount', 'type=bind,source=/srv/data,target=/data,readonly', '--network', 'none',
      '--memory', '67108864', '--cpus', '0.5', '--pids-limit', '64', '--ulimit', 'nofile=1024:2048',
    ]);
  });

  it('lists what a throw-away container cannot carry, with the reason', async () => {
    const c = await one(
      'services:\n  web:\n    image: web:${TAG}\n    network_mode: host\n    ports: ["8080:80"]\n    restart: always\n    links: [db]\n    environment:\n      - HOME\n',
      'compose',
    );
    const { body, dropped } = toEngineConfig(c, { image: 'bw/busybox:test' });
    expect(body.Image).toBe('bw/busybox:test');
    expect(body.HostConfig.NetworkMode).toBe('none');
    expect(dropped.map((d) => d.setting)).toEqual(['network_mode host', 'restart always', 'environment HOME', 'ports 8080:80', 'links db']);
    expect(dropped.find((d) => d.setting === 'network_mode host')?.reason).toBe('every container bulwark creates has no network (NetworkMode none)');
    expect(toEngineConfig(c, { image: 'x', network: 'keep-host' }).body.HostConfig.NetworkMode).toBe('host');
  });

  it('keeps named volumes off the engine unless asked, and adds bulwark mounts, labels and entrypoint', async () => {
    const c = await one('docker run -v cache:/cache -l tier=web busybox\n');
    const cfg = toEngineConfig(c, { labels: { 'io.bulwark.probe': '7' }, entrypoint: ['/probe', '--all'], cmd: [], extraMounts: [{ type: 'bind', source: '/opt/p', target: '/probe', readOnly: true }] });
    expect(cfg.body.HostConfig.Mounts).toEqual([
      { Type: 'volume', Target: '/cache' },
      { Type: 'bind', Source: '/opt/p', Target: '/probe', ReadOnly: true },
    ]);
    expect(cfg.body.Labels).toEqual({ tier: 'web', 'io.bulwark.probe': '7' });
    expect(cfg.body.Entrypoint).toEqual(['/probe', '--all']);
    expect(cfg.body.Cmd).toEqual([]);
    expect(toRunLine(cfg)).toBe(
      'docker run --mount type=volume,target=/cache --mount type=bind,source=/opt/p,target=/probe,readonly --network none --label tier=web --label io.bulwark.probe=7 --entrypoint /probe busybox --all',
    );
    expect(toEngineConfig(c, { namedVolumes: 'keep' }).body.HostConfig.Mounts).toEqual([{ Type: 'volume', Source: 'cache', Target: '/cache' }]);
  });

  it('inlines a seccomp profile file for the API and keeps the path on the run line; never prints a secret value', async () => {
    const c = await one('docker run --security-opt seccomp=prof.json -e DB_PASSWORD=s3cr3t-Value-99 -e MODE=prod alpine\n');
    const cfg = toEngineConfig(c, { readSeccompProfile: (p) => (p === '/w/prof.json' ? '{"defaultAction":"SCMP_ACT_ERRNO"}' : undefined) });
    expect(cfg.body.HostConfig.SecurityOpt).toEqual(['seccomp={"defaultAction":"SCMP_ACT_ERRNO"}']);
    expect(cfg.body.Env).toEqual(['DB_PASSWORD=s3cr3t-Value-99', 'MODE=prod']);
    expect(cfg.args).toEqual(['--security-opt', 'seccomp=/w/prof.json', '--network', 'none', '-e', 'DB_PASSWORD', '-e', 'MODE=prod']);
    const missing = toEngineConfig(c, { readSeccompProfile: () => undefined });
    expect(missing.body.HostConfig.SecurityOpt).toBeUndefined();
    expect(missing.dropped).toEqual([{ setting: 'security_opt seccomp=prof.json', reason: 'the seccomp profile /w/prof.json cannot be read' }]);
  });

  it('quotes words for a POSIX shell', () => {
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('type=bind,source=/x')).toBe('type=bind,source=/x');
  });
});
