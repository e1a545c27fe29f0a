/**
 * One model (issue 2 "One model, many ingesters"; issue 3 "the same ingester reads docker inspect"): a container
 * described as a `docker create` line and the same container as the real engine's `docker inspect` answer give the
 * same findings — rule id, severity and certainty — for every security setting of the paper's guidelines
 * (R-G1…R-G16): privileged, capabilities, user, read-only root, no-new-privileges, memory/CPU/pids limits,
 * ulimits, sensitive and propagating mounts, the Docker socket, host namespaces, seccomp/AppArmor/SELinux
 * options, systempaths, devices, environment secrets, restart policy, logging, healthcheck, sysctls.
 *
 * What only the inspect answer can show is derived from the answer itself, never assumed of the host:
 *  - `HostConfig.CgroupnsMode: host` when the line does not ask for it: dockerd's default on a cgroup v1 host
 *    (BW-0020 at info); an explicit `--cgroupns host` is BW-0020 at low on the line, and the engine's answer
 *    cannot tell it from the default, so it is info there too;
 *  - `AppArmorProfile: ""` for a container that is not privileged: the host applied no AppArmor profile
 *    (BW-0040 at info, a fact of the host that no line shows).
 * Docker adds `label=disable` itself for `--pid host`/`--ipc host`/`--privileged`: not reported as BW-0023
 * either way (the line did not ask for it).
 */
import { expect, it } from 'vitest';
import { auditSources } from '../../src/engine/audit.js';
import type { AuditResult } from '../../src/engine/types.js';
import { describeEngine, useEngine } from '../support/engine.js';

/** name → [flags, the line's findings as `ruleId/severity` (`?` for unknown certainty), sorted]. */
const CASES: Record<string, [string, string]> = {
  priv: ['--privileged', 'BW-0001/critical BW-0003/medium BW-0004/medium? BW-0006/low BW-0007/medium BW-0008/medium BW-0009/low BW-0010/medium BW-0027/info BW-0031/info'],
  caps: ['--cap-add SYS_ADMIN --cap-add NET_RAW', 'BW-0002/critical BW-0002/low BW-0003/medium BW-0004/medium? BW-0006/low BW-0007/medium BW-0008/medium BW-0009/low BW-0010/medium BW-0027/info BW-0031/info'],
  hard: [
    '--cap-drop ALL --cap-add NET_BIND_SERVICE --user 1000:1000 --read-only --security-opt no-new-privileges --memory 256m --cpus 0.5 --pids-limit 100 --ulimit nofile=1024:2048 --restart on-failure:5',
    'BW-0002/info BW-0027/info',
  ],
  sock: ['-v /var/run/docker.sock:/var/run/docker.sock', 'BW-0003/medium BW-0004/medium? BW-0006/low BW-0007/medium BW-0008/medium BW-0009/low BW-0010/medium BW-0013/critical BW-0027/info BW-0031/info'],
  root: ['-v /:/host:ro', 'BW-0003/medium BW-0004/medium? BW-0006/low BW-0007/medium BW-0008/medium BW-0009/low BW-0010/medium BW-0011/high BW-0013/critical BW-0027/info BW-0031/info'],
  etc: [
    '-v /etc:/etc-host --mount type=bind,source=/tmp,target=/data,bind-propagation=rshared',
    'BW-0003/medium BW-0004/medium? BW-0006/low BW-0007/medium BW-0008/medium BW-0009/low BW-0010/medium BW-0011/high BW-0012/info BW-0014/medium BW-0027/info BW-0031/info',
  ],
  ns: [
    '--pid host --ipc host --uts host --userns host --cgroupns host',
    'BW-0003/medium BW-0004/medium? BW-0006/low BW-0007/medium BW-0008/medium BW-0009/low BW-0010/medium BW-0016/high BW-0017/high BW-0018/medium BW-0019/medium BW-0020/low BW-0027/info BW-0031/info',
  ],
  opts: [
    '--security-opt seccomp=unconfined --security-opt apparmor=unconfined --security-opt label=disable',
    'BW-0003/medium BW-0004/medium? BW-0006/low BW-0007/medium BW-0008/medium BW-0009/low BW-0010/medium BW-0021/high BW-0022/high BW-0023/high BW-0027/info BW-0031/info',
  ],
  sysp: ['--security-opt systempaths=unconfined', 'BW-0003/medium BW-0004/medium? BW-0006/low BW-0007/medium BW-0008/medium BW-0009/low BW-0010/medium BW-0024/high BW-0027/info BW-0031/info'],
  dev: [
    '--device /dev/fuse --device-cgroup-rule "c 10:* rmw"',
    'BW-0003/medium BW-0004/medium? BW-0006/low BW-0007/medium BW-0008/medium BW-0009/low BW-0010/medium BW-0025/medium BW-0025/medium BW-0027/info BW-0031/info',
  ],
  env: [
    '-e DB_PASSWORD=supersecret123 -e API_TOKEN=abcdefghijklmnop1234',
    'BW-0003/medium BW-0004/medium? BW-0006/low BW-0007/medium BW-0008/medium BW-0009/low BW-0010/medium BW-0026/high BW-0026/high BW-0027/info BW-0031/info',
  ],
  rst: [
    '--restart always --log-driver none --no-healthcheck',
    'BW-0003/medium BW-0004/medium? BW-0006/low BW-0007/medium BW-0008/medium BW-0009/low BW-0010/medium BW-0027/info BW-0030/low BW-0031/info BW-0033/medium BW-0034/low',
  ],
  sysctl: ['--sysctl net.ipv4.ip_forward=1 --tmpfs /tmp:rw,exec', 'BW-0003/medium BW-0004/medium? BW-0006/low BW-0007/medium BW-0008/medium BW-0009/low BW-0010/medium BW-0027/info BW-0031/info BW-0037/info'],
  allcap: ['--cap-add ALL --cap-drop NET_RAW -u 0', 'BW-0002/critical BW-0003/low BW-0005/high BW-0006/low BW-0007/medium BW-0008/medium BW-0009/low BW-0010/medium BW-0027/info BW-0031/info'],
  mem: ['--memory 128m --memory-swap -1 --oom-kill-disable --cpu-shares 512', 'BW-0003/medium BW-0004/medium? BW-0006/low BW-0007/medium BW-0010/medium BW-0027/info BW-0031/info'],
  uroot: ['--user root:root --security-opt no-new-privileges=true', 'BW-0003/medium BW-0005/high BW-0006/low BW-0008/medium BW-0009/low BW-0010/medium BW-0027/info BW-0031/info'],
};

/** The container findings as sorted `ruleId/severity[?]` words (file-level findings, such as BW-0036 of a script, left out). */
const ids = (r: AuditResult) =>
  r.findings
    .filter((f) => f.target.kind !== 'file')
    .map((f) => `${f.ruleId}/${f.severity}${f.certainty === 'unknown' ? '?' : ''}`)
    .sort()
    .join(' ');

const words = (s: string) => [...s.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);

describeEngine('one model: a docker create line and docker inspect of the container it made give the same findings', () => {
  const eng = useEngine();
  let image = '';
  const create = async (name: string, flags: string) => {
    image ||= await eng().importBusybox();
    const made = await eng().docker(['create', '--name', name, '--network', 'none', ...words(flags), image, 'sleep', '1']);
    expect(made.stderr).toBe('');
    const inspect = await eng().docker(['inspect', name]);
    expect(inspect.code).toBe(0);
    return { line: `docker create --name ${name} --network none ${flags} ${image} sleep 1\n`, inspect: inspect.stdout };
  };

  it.each(Object.entries(CASES))('%s', async (name, [flags, expected]) => {
    const { line, inspect } = await create(name, flags);
    const run = await auditSources([{ path: `${name}.sh`, text: line, kind: 'run' }], { env: {} });
    const insp = await auditSources([{ path: `${name}.json`, text: inspect, kind: 'inspect' }], { env: {} });
    expect([run.errors, insp.errors]).toEqual([[], []]);
    expect(ids(run)).toBe(expected);

    const [c] = JSON.parse(inspect) as { AppArmorProfile: string; HostConfig: { CgroupnsMode: string; Privileged: boolean } }[];
    const inspectOnly: string[] = [];
    if (c.HostConfig.CgroupnsMode === 'host') inspectOnly.push('BW-0020/info');
    if (c.AppArmorProfile === '' && !c.HostConfig.Privileged) inspectOnly.push('BW-0040/info');
    // The line cannot know the image's user (unknown); dockerd merged the busybox image's empty User into the
    // container's Config.User, so the inspect output knows it is root (definite).
    // And the inspect file does not say whether the daemon runs with --no-new-privileges, which the line's
    // `docker create` would inherit: BW-0007 is definite from the line, unknown from the file.
    const fromLine = expected
      .split(' ')
      .filter((w) => w !== 'BW-0020/low')
      .map((w) => (w === 'BW-0004/medium?' ? 'BW-0004/medium' : w === 'BW-0007/medium' ? 'BW-0007/medium?' : w));
    expect(ids(insp)).toBe([...fromLine, ...inspectOnly].sort().join(' '));
  }, 60_000);
});
