/**
 * `harden --from-container`'s texts (runLineFor, composeFor) from `docker inspect` output through the inspect
 * ingester: settings no rule reads are carried (working directory, hostname, extra hosts, /dev/shm size, stop
 * signal and timeout, OOM score adjustment, health check timing), the health check is written as the engine stores
 * it, and a Compose file declares its named volumes (qa-c 5). The same texts were started on a private engine: the
 * new container's inspect output showed the same values.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { toEngineConfig } from '../emit/engine.js';
import { ingestInspect } from '../ingest/inspect/index.js';
import { SourceFile } from '../model/source.js';
import { carriedSettings, composeFor, runLineFor } from './from-container.js';

const ID = '49c9a4586fc012e51fa8482d60fc0ec5886276e752398cebeb2b30aebf89ef74';

/** An inspect object as dockerd 28 gives for `docker run -w /tmp --hostname myhost --add-host … -v fcvol:/vol …` (the fields that matter here). */
function inspect(over: { config?: Record<string, unknown>; host?: Record<string, unknown> } = {}): Record<string, unknown> {
  return {
    Id: ID,
    Name: '/fc-orig',
    State: { Running: true },
    Config: {
      Hostname: 'myhost',
      Domainname: '',
      User: '',
      Env: null,
      Cmd: ['sleep', '1d'],
      Healthcheck: { Test: ['CMD-SHELL', 'true'], Interval: 5000000000 },
      Image: 'bw/busybox:hd',
      WorkingDir: '/tmp',
      Entrypoint: null,
      Labels: {},
      StopSignal: 'SIGINT',
      StopTimeout: 30,
      ...over.config,
    },
    HostConfig: {
      Binds: ['fcvol:/vol'],
      NetworkMode: 'none',
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
      ExtraHosts: ['db.local:192.0.2.10'],
      Dns: [],
      DnsOptions: [],
      DnsSearch: [],
      OomScoreAdj: 100,
      ShmSize: 134217728,
      Privileged: false,
      CapAdd: null,
      CapDrop: null,
      ...over.host,
    },
    Mounts: [{ Type: 'volume', Name: 'fcvol', Source: '/var/lib/docker/volumes/fcvol/_data', Destination: '/vol', Driver: 'local', Mode: 'z', RW: true, Propagation: '' }],
  };
}

async function container(obj: Record<string, unknown>) {
  const r = await ingestInspect(new SourceFile('docker://fc-orig', JSON.stringify([obj], null, 2)), { env: {}, readFile: async () => undefined });
  expect(r.errors).toEqual([]);
  return r.containers[0];
}

describe('harden --from-container: what a re-created container keeps (qa-c 5)', () => {
  it('run line: -w, --hostname, --add-host, --shm-size, --stop-signal, --stop-timeout, --oom-score-adj, --health-cmd true and its interval', async () => {
    const obj = inspect();
    const line = runLineFor(await container(obj), obj);
    expect(line).toBe(
      "docker run --name fc-orig --mount type=volume,source=fcvol,target=/vol --network none --health-cmd true --workdir /tmp --hostname myhost --add-host db.local:192.0.2.10 --shm-size 128m --stop-signal SIGINT --stop-timeout 30 --oom-score-adj 100 --health-interval 5s bw/busybox:hd sleep 1d\n",
    );
  });

  it('leaves out what the engine fills in: the id as hostname, the default 64m /dev/shm, OOM adjustment 0; no hostname with the host network', async () => {
    const obj = inspect({ config: { Hostname: ID.slice(0, 12), WorkingDir: '', StopSignal: '', StopTimeout: undefined, Healthcheck: undefined }, host: { ExtraHosts: null, ShmSize: 67108864, OomScoreAdj: 0 } });
    expect(carriedSettings(obj)).toEqual([]);
    expect(carriedSettings(inspect({ host: { NetworkMode: 'host', ExtraHosts: null, ShmSize: 67108864, OomScoreAdj: 0 }, config: { WorkingDir: '', StopSignal: '', StopTimeout: undefined } }))).toEqual([]);
    expect(runLineFor(await container(obj), obj)).toBe('docker run --name fc-orig --mount type=volume,source=fcvol,target=/vol --network none bw/busybox:hd sleep 1d\n');
  });

  it('an exec-form health check (Test ["CMD", …]): the API body keeps it, the run line writes the shell form and says so', async () => {
    const obj = inspect({ config: { Healthcheck: { Test: ['CMD', 'wget', '-q', '--spider', 'http://localhost/a b'], Retries: 3 } } });
    const c = await container(obj);
    expect(toEngineConfig(c).body.Healthcheck).toEqual({ Test: ['CMD', 'wget', '-q', '--spider', 'http://localhost/a b'] });
    const line = runLineFor(c, obj);
    expect(line.split('\n')[0]).toBe(
      '# written differently: healthcheck test ["CMD","wget","-q","--spider","http://localhost/a b"] (docker run has no flag for an exec-form health check: --health-cmd runs the same words through /bin/sh -c, which the image must have)',
    );
    expect(line).toContain(" --health-cmd 'wget -q --spider '\\''http://localhost/a b'\\''' ");
    expect(line).toContain(' --health-retries 3 ');
    // The Compose file keeps the exec form as it is.
    expect(parse(composeFor(c, obj)).services['fc-orig'].healthcheck).toEqual({ test: ['CMD', 'wget', '-q', '--spider', 'http://localhost/a b'], retries: 3 });
  });

  it('Compose: the same settings, the health check, and the named volume declared at the top level as external', async () => {
    const obj = inspect();
    const y = composeFor(await container(obj), obj);
    expect(y).toBe(
      'services:\n  fc-orig:\n    image: bw/busybox:hd\n    container_name: fc-orig\n    volumes:\n      - fcvol:/vol\n    network_mode: none\n    command:\n      - sleep\n      - 1d\n' +
        '    working_dir: /tmp\n    hostname: myhost\n    extra_hosts:\n      - db.local:192.0.2.10\n    shm_size: 128m\n    stop_signal: SIGINT\n    stop_grace_period: 30s\n    oom_score_adj: 100\n' +
        '    healthcheck:\n      test:\n        - CMD-SHELL\n        - "true"\n      interval: 5s\n' +
        'volumes:\n  fcvol:\n    external: true\n',
    );
  });
});

describe('harden --from-container: label secrets are masked (QA round D)', () => {
  // `docker create --label db.url=postgres://u:CtrLblPw55@db/x --label 'traefik…basicauth.users=admin:$apr1$…' -e DB_PASSWORD=CtrEnvPw66 …`
  const HASH = '$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/';
  const labeled = () =>
    inspect({
      config: {
        Env: ['DB_PASSWORD=CtrEnvPw66'],
        Labels: { 'db.url': 'postgres://u:CtrLblPw55@db/x', 'traefik.http.middlewares.a.basicauth.users': `admin:${HASH}`, 'com.example.team': 'payments' },
        Healthcheck: undefined,
        WorkingDir: '',
        StopSignal: '',
        StopTimeout: undefined,
        Hostname: ID.slice(0, 12),
      },
      host: { ExtraHosts: null, ShmSize: 67108864, OomScoreAdj: 0 },
    });

  it('run line: the URL password and the htpasswd hash masked, said so; the environment secret by name', async () => {
    const obj = labeled();
    const line = runLineFor(await container(obj), obj);
    expect(line).toBe(
      '# written differently: label db.url (its secret (url-credentials) is masked in the printed flags: labels are readable by anyone who can run docker inspect, so keep the secret out of them (BW-0046))\n' +
        '# written differently: label traefik.http.middlewares.a.basicauth.users (its secret (password-hash) is masked in the printed flags: labels are readable by anyone who can run docker inspect, so keep the secret out of them (BW-0046))\n' +
        `docker run --name fc-orig --mount type=volume,source=fcvol,target=/vol --network none -e DB_PASSWORD --label 'db.url=postgres://u:**********@db/x' --label 'traefik.http.middlewares.a.basicauth.users=admin:${'*'.repeat(HASH.length)}' --label com.example.team=payments bw/busybox:hd sleep 1d\n`,
    );
  });

  it('Compose: the same labels masked, said so', async () => {
    const obj = labeled();
    const y = composeFor(await container(obj), obj);
    expect(y).not.toMatch(/CtrLblPw55|CtrEnvPw66|H6uskkkW/);
    expect(y.split('\n').slice(0, 2)).toEqual([
      '# written differently: label db.url (its secret (url-credentials) is masked in the printed flags: labels are readable by anyone who can run docker inspect, so keep the secret out of them (BW-0046))',
      '# written differently: label traefik.http.middlewares.a.basicauth.users (its secret (password-hash) is masked in the printed flags: labels are readable by anyone who can run docker inspect, so keep the secret out of them (BW-0046))',
    ]);
    expect(parse(y).services['fc-orig'].labels).toEqual({ 'db.url': 'postgres://u:**********@db/x', 'traefik.http.middlewares.a.basicauth.users': `admin:${'*'.repeat(HASH.length)}`, 'com.example.team': 'payments' });
    expect(parse(y).services['fc-orig'].environment).toEqual(['DB_PASSWORD']);
  });

  it('the engine body keeps the values (the probe creates its container from it); the printed flags mask a logging option secret too', async () => {
    const obj = labeled();
    (obj.HostConfig as Record<string, unknown>).LogConfig = { Type: 'splunk', Config: { 'splunk-token': 'SplTok-1234-5678', 'splunk-url': 'https://splunk.example.com:8088' } };
    const cfg = toEngineConfig(await container(obj));
    expect(cfg.body.Labels?.['db.url']).toBe('postgres://u:CtrLblPw55@db/x');
    expect(cfg.body.HostConfig.LogConfig?.Config['splunk-token']).toBe('SplTok-1234-5678');
    expect(cfg.args.join(' ')).not.toMatch(/CtrLblPw55|H6uskkkW|SplTok|CtrEnvPw66/);
    expect(cfg.args.slice(cfg.args.indexOf('--log-driver'), cfg.args.indexOf('--log-driver') + 6)).toEqual(['--log-driver', 'splunk', '--log-opt', 'splunk-token=****************', '--log-opt', 'splunk-url=https://splunk.example.com:8088']);
  });
});
