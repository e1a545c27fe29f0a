/**
 * The `docker run` flag table against its spellings (pflag semantics), with exact model values and
 * origins. Requirements: R-B, R-K, R-D, R-G6, R-S, R-M, R-P (the model fields the rules read).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SourceFile } from '../../model/source.js';
import type { ContainerSpec, Origin } from '../../model/types.js';
import { parseDockerRun, plainWord, type Word } from './index.js';
import { scanShellText } from './shell.js';
import { parsePortSpec, ramInBytes, splitCsv } from './values.js';

/** Parses one command line through the real shell ingester; returns the file, the container and errors. */
function run(cmd: string) {
  const file = new SourceFile('run.sh', cmd);
  const r = scanShellText(file, cmd);
  return { file, c: r.containers[0] as ContainerSpec, containers: r.containers, errors: r.errors };
}

/** `[line, column, endLine, endColumn, text]` of an origin. */
function at(file: SourceFile, o: Origin | { start: number; end: number } | undefined) {
  if (!o || !('start' in o) || o.start === undefined) return undefined;
  const l = file.location({ start: o.start, end: o.end! });
  return [l.startLine, l.startColumn, l.endLine, l.endColumn, file.text.slice(o.start, o.end)];
}

/** Splits on single spaces into plain words (no quotes), for direct parser calls. */
function words(s: string): Word[] {
  const out: Word[] = [];
  let i = 0;
  for (const part of s.split(' ')) {
    out.push(plainWord(part, i));
    i += part.length + 1;
  }
  return out;
}

describe('command recognition', () => {
  const file = new SourceFile('x', '');
  it.each([
    ['docker pull nginx'],
    ['docker ps -a'],
    ['docker run --help'],
    ['docker container ls'],
    ['echo docker run nginx'],
    ['dockerd run x'],
    ['docker'],
  ])('%s is not a launch', (s) => {
    expect(parseDockerRun(words(s), file).container).toBeNull();
  });

  it.each([
    ['docker run nginx', 'nginx', 0],
    ['docker create nginx', 'nginx', 0],
    ['docker container run nginx', 'nginx', 0],
    ['docker container create -t nginx', 'nginx', 0],
    ['sudo docker run nginx', 'nginx', 5],
    ['sudo -E -u root docker run nginx', 'nginx', 16],
    ['env A=1 B=2 /usr/bin/docker run nginx', 'nginx', 12],
    ['A=1 exec docker run nginx', 'nginx', 9],
    ['command docker run nginx', 'nginx', 8],
    ['podman run nginx', 'nginx', 0],
    ['docker -H tcp://h:2376 --tlsverify run nginx', 'nginx', 0],
    // Wrappers with operands before the command (qa3: `timeout 60 docker run --privileged …` was missed).
    ['timeout 60 docker run nginx', 'nginx', 11],
    ['timeout --signal=KILL -k 5 5m docker run nginx', 'nginx', 30],
    ['flock -w 10 /tmp/deploy.lock docker run nginx', 'nginx', 29],
    ['taskset -c 0,1 docker run nginx', 'nginx', 15],
    ['chrt -f 99 docker run nginx', 'nginx', 11],
    ['stdbuf -oL setsid ionice -c 3 docker run nginx', 'nginx', 30],
    ['xargs -n1 -P 4 docker run nginx', 'nginx', 15],
    ['watch -n 5 docker run nginx', 'nginx', 11],
  ])('%s launches %s', (s, image, dockerAt) => {
    const c = parseDockerRun(words(s), file).container!;
    expect(c.image?.value).toBe(image);
    expect(c.target).toEqual({ kind: 'run', name: image, range: { file: 'x', start: dockerAt, end: dockerAt + s.slice(dockerAt).split(' ')[0].length } });
    expect(c.source).toBe('run');
  });

  it('a launch without an image is a usage error and no container', () => {
    const r = parseDockerRun(words('docker run -d'), file);
    expect(r.container).toBeNull();
    expect(r.errors).toEqual([{ file: 'x', line: 1, column: 1, message: '"docker run" requires at least 1 argument: the image', code: 'usage' }]);
  });
});

describe('flag spellings (pflag)', () => {
  it('boolean long flag, target and origins', () => {
    const { file, c } = run('docker run --privileged nginx');
    expect(c.privileged?.value).toBe(true);
    expect(c.privileged?.how).toBe('explicit');
    expect(at(file, c.privileged?.origin)).toEqual([1, 12, 1, 24, '--privileged']);
    expect(at(file, c.target.range)).toEqual([1, 1, 1, 7, 'docker']);
    expect(at(file, c.image?.origin)).toEqual([1, 25, 1, 30, 'nginx']);
  });

  it('boolean flags with =value', () => {
    const { c } = run('docker run --privileged=false --read-only=true --rm=false --init=1 img');
    expect(c.privileged?.value).toBe(false);
    expect(c.readOnlyRootfs?.value).toBe(true);
    expect(c.autoRemove?.value).toBe(false);
    expect(c.init?.value).toBe(true);
    expect(c.image?.value).toBe('img');
  });

  it('a boolean flag does not take the next word: it becomes the image', () => {
    const { c } = run('docker run --privileged false img');
    expect(c.image?.value).toBe('false');
    expect(c.command?.value).toEqual(['img']);
  });

  it('an invalid boolean is a usage error at the value', () => {
    const { c, errors } = run('docker run --privileged=maybe img');
    expect(c.privileged).toBeUndefined();
    expect(errors).toEqual([
      { file: 'run.sh', line: 1, column: 25, code: 'usage', message: 'invalid argument "maybe" for "--privileged" flag: strconv.ParseBool: parsing "maybe": invalid syntax' },
    ]);
  });

  it('grouped short booleans and a value flag last in the group', () => {
    const { file, c } = run('docker run -itd --name web -itp 8080:80 nginx');
    expect(c.extra.interactive?.value).toBe(true);
    expect(c.extra.tty?.value).toBe(true);
    expect(c.extra.detach?.value).toBe(true);
    expect(c.target.name).toBe('web');
    expect(c.ports).toHaveLength(1);
    expect(c.ports[0]).toMatchObject({ hostPort: '8080', containerPort: '80', protocol: 'tcp' });
    expect(at(file, c.ports[0].origin)).toEqual([1, 28, 1, 40, '-itp 8080:80']);
  });

  it('short value flag glued, with =, and in a group', () => {
    const { file, c } = run('docker run -v/a:/b -v=/c:/d -itp80:80 -uroot img');
    expect(c.mounts.map((m) => [m.source, m.target])).toEqual([['/a', '/b'], ['/c', '/d']]);
    expect(at(file, c.mounts[0].sourceOrigin)).toEqual([1, 14, 1, 16, '/a']);
    expect(at(file, c.mounts[1].sourceOrigin)).toEqual([1, 23, 1, 25, '/c']);
    expect(c.ports[0]).toMatchObject({ hostPort: '80', containerPort: '80' });
    expect(c.user?.value).toBe('root');
    expect(at(file, c.user?.origin)).toEqual([1, 39, 1, 45, '-uroot']);
  });

  it('long value flag with = and with a separate word', () => {
    const { file, c } = run('docker run --cap-add SYS_ADMIN --cap-add=cap_net_raw --cap-drop all img');
    expect(c.capAdd.map((x) => x.value)).toEqual(['SYS_ADMIN', 'NET_RAW']);
    expect(at(file, c.capAdd[0].origin)).toEqual([1, 12, 1, 31, '--cap-add SYS_ADMIN']);
    expect(at(file, c.capAdd[1].origin)).toEqual([1, 32, 1, 53, '--cap-add=cap_net_raw']);
    expect(c.capDrop.map((x) => x.value)).toEqual(['ALL']);
  });

  it('comma-separated capabilities are split, each pointing at its name', () => {
    const { file, c } = run('docker run --cap-add=NET_ADMIN,SYS_TIME img');
    expect(c.capAdd.map((x) => x.value)).toEqual(['NET_ADMIN', 'SYS_TIME']);
    expect(at(file, c.capAdd[1].origin)).toEqual([1, 32, 1, 40, 'SYS_TIME']);
  });

  it('everything after the image is the command, not docker flags', () => {
    const { c } = run('docker run img -v /x:/y --privileged');
    expect(c.mounts).toEqual([]);
    expect(c.privileged).toBeUndefined();
    expect(c.command?.value).toEqual(['-v', '/x:/y', '--privileged']);
  });

  it('-- ends the options', () => {
    const { c } = run('docker run --rm -- nginx -v x');
    expect(c.image?.value).toBe('nginx');
    expect(c.autoRemove?.value).toBe(true);
    expect(c.command?.value).toEqual(['-v', 'x']);
  });

  it('an unknown flag is a usage error; the container is still produced', () => {
    const { c, errors } = run('docker run --dontpastethis -d nginx');
    expect(c.image?.value).toBe('nginx');
    expect(c.extra.detach?.value).toBe(true);
    expect(errors).toEqual([{ file: 'run.sh', line: 1, column: 12, message: 'unknown flag: --dontpastethis', code: 'usage' }]);
  });

  it('a value flag at the end is a usage error', () => {
    const { containers, errors } = run('docker run nginx2 && docker run -v');
    expect(containers).toHaveLength(1);
    expect(errors.map((e) => [e.column, e.message])).toEqual([
      [33, 'flag needs an argument: \'v\' in -v'],
      [22, '"docker run" requires at least 1 argument: the image'],
    ]);
  });

  it('quoted values: --net="host" and --pid="host"', () => {
    const { file, c } = run('docker run --net="host" --pid="host" img');
    expect(c.namespaces.network?.value).toEqual({ mode: 'host' });
    expect(c.namespaces.pid?.value).toEqual({ mode: 'host' });
    expect(at(file, c.namespaces.network?.origin)).toEqual([1, 12, 1, 24, '--net="host"']);
  });

  it('an opaque $OPTS before flags is not the image', () => {
    const { c } = run('docker run $OPTS -d nginx');
    expect(c.image?.value).toBe('nginx');
    expect(c.extra.unresolvedOptions?.value).toEqual(['$OPTS']);
    const r2 = run('docker run -d $IMAGE');
    expect(r2.c.image).toMatchObject({ value: '$IMAGE', how: 'unresolved' });
    expect(r2.c.target.name).toBe('$IMAGE');
  });

  // qa3: `docker run -d "$@" example/agent:2` in a wrapper function took "$@" for the image.
  it.each([
    ['docker run -d "$@" example/agent:2', 'example/agent:2', '"$@"'],
    ['docker run --rm "${EXTRA_ARGS[@]}" ghcr.io/x/y:1 --flag', 'ghcr.io/x/y:1', '"${EXTRA_ARGS[@]}"'],
    ['docker run -d $DOCKER_OPTS nginx:1.27', 'nginx:1.27', '$DOCKER_OPTS'],
    // A variable named for options before a bare image name (took $OPTS for the image, nginx for its command).
    ['docker run -d $OPTS nginx', 'nginx', '$OPTS'],
    ['docker run ${DOCKER_ARGS} myapp --port 80', 'myapp', '${DOCKER_ARGS}'],
  ])('options from an expansion before an image reference: %s', (line, image, opaque) => {
    const { c } = run(line);
    expect(c.image?.value).toBe(image);
    expect(c.target.name).toBe(image);
    expect(c.extra.unresolvedOptions?.value).toEqual([opaque]);
  });

  // qa3: `podman run -d --pod mypod … nginx` took the pod name for the image, and `--replace` was a usage error.
  it('podman-only flags: --pod takes a value, --replace is a boolean; docker still rejects them', () => {
    const p = run('podman run -d --pod mypod --replace --userns=keep-id --name web docker.io/library/nginx:1.27');
    expect(p.errors).toEqual([]);
    expect(p.c.image?.value).toBe('docker.io/library/nginx:1.27');
    expect(p.c.target.name).toBe('web');
    expect(p.c.extra.pod?.value).toBe('mypod');
    const v = run('podman run -d -v ./data:/data:U,Z -v /srv/x:/x:ro,noexec,idmap=uids=0-1000-10 --name web nginx:1.27');
    expect(v.errors).toEqual([]);
    expect(v.c.mounts.map((m) => [m.source, m.readOnly, m.selinuxRelabel])).toEqual([['./data', false, 'Z'], ['/srv/x', true, undefined]]);
    expect(run('docker run -v ./data:/data:U nginx:1.27').errors.map((e) => e.message)).toEqual(['invalid mode: U']);
    const d = run('docker run -d --pod mypod nginx:1.27');
    expect(d.errors.map((e) => e.message)).toEqual(['unknown flag: --pod']);
  });

  it('nerdctl (containerd): its global options before run, its own flags, the rest as docker', () => {
    const n = run('nerdctl -n k8s.io --address /run/containerd/containerd.sock run -d --privileged --verify=cosign --cosign-key cosign.pub --name web nginx:1.27');
    expect(n.errors).toEqual([]);
    expect([n.c.image?.value, n.c.target.name, n.c.privileged?.value, n.c.extra.verify?.value]).toEqual(['nginx:1.27', 'web', true, 'cosign']);
    expect(run('docker run --verify=cosign nginx:1.27').errors.map((e) => e.message)).toEqual(['unknown flag: --verify']);
  });

  it('a variable not named for options, or one followed by a command word, stays the image', () => {
    expect(run('docker run -d $IMAGE sh -c true').c.image?.value).toBe('$IMAGE');
    expect(run('docker run -d "$@" sh').c.image?.value).toBe('$@');
    expect(run('docker run -d $REPO nginx:1.27').c.image?.value).toBe('$REPO');
    expect(run('docker run -d "$OPTS" nginx').c.image?.value).toBe('$OPTS');
    expect(run('docker run -d $OPTS Sh').c.image?.value).toBe('$OPTS');
  });
});

describe('model mapping', () => {
  it('security options in both spellings', () => {
    const { c } = run(
      'docker run --security-opt seccomp=unconfined --security-opt apparmor:unconfined --security-opt no-new-privileges --security-opt seccomp=/p/profile.json --security-opt label=disable --security-opt no-new-privileges:true img',
    );
    expect(c.securityOpt.map((o) => [o.key, o.value, o.raw])).toEqual([
      ['seccomp', 'unconfined', 'seccomp=unconfined'],
      ['apparmor', 'unconfined', 'apparmor:unconfined'],
      ['no-new-privileges', 'true', 'no-new-privileges'],
      ['seccomp', '/p/profile.json', 'seccomp=/p/profile.json'],
      ['label', 'disable', 'label=disable'],
      ['no-new-privileges', 'true', 'no-new-privileges:true'],
    ]);
  });

  it('-v: binds, named and anonymous volumes, modes', () => {
    const { file, c } = run('docker run -v /a:/b -v data:/d -v /anon -v ./rel:/r:ro,rslave,nocopy -v /s:/t:Z -v ~/x:/y -v "$HOME/c:/c" img');
    expect(c.mounts.map((m) => [m.type, m.source, m.target, m.readOnly, m.propagation, m.selinuxRelabel, m.options, m.unresolved])).toEqual([
      ['bind', '/a', '/b', false, undefined, undefined, [], undefined],
      ['volume', 'data', '/d', false, undefined, undefined, [], undefined],
      ['volume', undefined, '/anon', false, undefined, undefined, [], undefined],
      ['bind', './rel', '/r', true, 'rslave', undefined, ['nocopy'], undefined],
      ['bind', '/s', '/t', false, undefined, 'Z', [], undefined],
      ['bind', '~/x', '/y', false, undefined, undefined, [], true],
      ['bind', '$HOME/c', '/c', false, undefined, undefined, [], true],
    ]);
    expect(c.mounts.every((m) => m.syntax === 'volume-flag')).toBe(true);
    expect(at(file, c.mounts[0].origin)).toEqual([1, 12, 1, 20, '-v /a:/b']);
    expect(at(file, c.mounts[6].sourceOrigin)).toEqual([1, 95, 1, 102, '$HOME/c']);
  });

  it('-v: a colon inside ${VAR:-default} or $(cmd) does not split the value (the shell expands it whole)', () => {
    // Defaults that are themselves expansions stay unknown; plain literal defaults are read (see qa5.test.ts).
    const { file, c, errors } = run('docker run -v "${DATA:-$BASE/data}:/data:ro" -v "$(pwd):/app" -p "${PORT:-$P}:80" img');
    expect(errors).toEqual([]);
    expect(c.mounts.map((m) => [m.type, m.source, m.target, m.readOnly, m.unresolved])).toEqual([
      ['bind', '${DATA:-$BASE/data}', '/data', true, true],
      ['bind', '$(pwd)', '/app', false, true],
    ]);
    expect(at(file, c.mounts[0].sourceOrigin)).toEqual([1, 16, 1, 35, '${DATA:-$BASE/data}']);
    // The host port is unknown but no host IP is written: published on every interface (a port, not unknown).
    expect(c.ports.map((p) => [p.hostIp, p.hostPort, p.containerPort])).toEqual([[undefined, '${PORT:-$P}', '80']]);
    expect(c.extra.unresolvedPublish).toBeUndefined();
  });

  it('-v "$PWD":/src, $(pwd), `pwd` and $HOME are host directories (binds); a bare $VOL stays a named volume', () => {
    const { c } = run('docker run -v "$PWD":/src -v ${PWD}:/s2 -v `pwd`:/s3 -v $HOME:/h -v $PWDX:/v1 -v $VOL:/v2 img');
    expect(c.mounts.map((m) => [m.type, m.source, m.target])).toEqual([
      ['bind', '$PWD', '/src'],
      ['bind', '${PWD}', '/s2'],
      ['bind', '`pwd`', '/s3'],
      ['bind', '$HOME', '/h'],
      ['volume', '$PWDX', '/v1'],
      ['volume', '$VOL', '/v2'],
    ]);
  });

  it('-v with too many parts or a bad mode is a usage error', () => {
    const { c, errors } = run('docker run -v a:b:c:d -v /x:/y:bogus img');
    expect(c.mounts).toEqual([]);
    expect(errors.map((e) => [e.column, e.message])).toEqual([
      [15, "invalid volume specification: 'a:b:c:d'"],
      [26, 'invalid mode: bogus'],
    ]);
  });

  it('--mount csv with quotes, readonly forms, tmpfs', () => {
    const { file, c } = run(
      `docker run --mount type=bind,source=/etc,target=/x,readonly --mount type=volume,src=data,dst=/d --mount 'type=bind,"source=/a,b",target=/c,ro=false,bind-propagation=rshared' --mount type=tmpfs,target=/t,tmpfs-size=64m img`,
    );
    expect(c.mounts.map((m) => [m.type, m.source, m.target, m.readOnly, m.propagation, m.options])).toEqual([
      ['bind', '/etc', '/x', true, undefined, []],
      ['volume', 'data', '/d', false, undefined, []],
      ['bind', '/a,b', '/c', false, 'rshared', []],
      ['tmpfs', undefined, '/t', false, undefined, ['tmpfs-size=64m']],
    ]);
    expect(at(file, c.mounts[0].sourceOrigin)).toEqual([1, 37, 1, 41, '/etc']);
    expect(at(file, c.mounts[2].sourceOrigin)).toEqual([1, 124, 1, 128, '/a,b']);
    expect(c.mounts[0].syntax).toBe('mount-flag');
  });

  it('--tmpfs and --device', () => {
    const { c } = run('docker run --tmpfs /run:rw,noexec,nosuid,size=65536k --tmpfs /tmp --device /dev/kfd --device /dev/sda:/dev/xvdc:r --device=/dev/snd:rw --device-cgroup-rule "c 189:* rmw" img');
    expect(c.mounts.map((m) => [m.type, m.target, m.readOnly, m.options])).toEqual([
      ['tmpfs', '/run', false, ['noexec', 'nosuid', 'size=65536k']],
      ['tmpfs', '/tmp', false, []],
    ]);
    expect(c.devices.map((d) => [d.hostPath, d.containerPath, d.permissions, d.permissionsExplicit])).toEqual([
      ['/dev/kfd', '/dev/kfd', 'rwm', false],
      ['/dev/sda', '/dev/xvdc', 'r', true],
      ['/dev/snd', '/dev/snd', 'rw', true],
    ]);
    expect(c.deviceCgroupRules.map((r) => r.value)).toEqual(['c 189:* rmw']);
  });

  it('namespaces and networks', () => {
    const { c } = run('docker run --net=host --pid host --ipc=container:db --uts=host --userns=host --cgroupns=private img');
    expect(c.namespaces.network?.value).toEqual({ mode: 'host' });
    expect(c.namespaces.pid?.value).toEqual({ mode: 'host' });
    expect(c.namespaces.ipc?.value).toEqual({ mode: 'container', ref: 'db' });
    expect(c.namespaces.uts?.value).toEqual({ mode: 'host' });
    expect(c.namespaces.userns?.value).toEqual({ mode: 'host' });
    expect(c.namespaces.cgroupns?.value).toEqual({ mode: 'private' });
    const r2 = run('docker run --network mynet --network other --ipc shareable img');
    expect(r2.c.namespaces.network?.value).toEqual({ mode: 'network', ref: 'mynet' });
    expect(r2.c.networks.map((n) => n.value)).toEqual(['mynet', 'other']);
    expect(r2.c.namespaces.ipc?.value).toEqual({ mode: 'shareable' });
    expect(run('docker run --network none img').c.namespaces.network?.value).toEqual({ mode: 'none' });
  });

  it('resources in their units', () => {
    const { c, errors } = run(
      'docker run -m 512m --memory-swap=-1 --memory-reservation 1G --cpus=1.5 -c 512 --cpu-quota 50000 --cpu-period=100000 --cpuset-cpus 0-3 --cpuset-mems 0 --pids-limit 100 --ulimit nofile=1024:2048 --ulimit nproc=512 --storage-opt size=20G --blkio-weight 300 --kernel-memory 1g img',
    );
    expect(errors).toEqual([]);
    const r = c.resources;
    expect([r.memory?.value, r.memorySwap?.value, r.memoryReservation?.value]).toEqual([536870912, -1, 1073741824]);
    expect([r.nanoCpus?.value, r.cpuShares?.value, r.cpuQuota?.value, r.cpuPeriod?.value]).toEqual([1500000000, 512, 50000, 100000]);
    expect([r.cpusetCpus?.value, r.cpusetMems?.value, r.pidsLimit?.value, r.storageSize?.value, r.blkioWeight?.value]).toEqual(['0-3', '0', 100, 21474836480, 300]);
    expect(r.ulimits.map((u) => [u.name, u.soft, u.hard])).toEqual([['nofile', 1024, 2048], ['nproc', 512, 512]]);
    expect(c.extra['kernel-memory']?.value).toBe('1g');
  });

  it('bad numbers are usage errors at the value; unresolved ones are kept as unresolved', () => {
    const { c, errors } = run('docker run -m lots --pids-limit=x --cpus "$CPUS" img');
    expect(c.resources.memory).toBeUndefined();
    expect(c.resources.nanoCpus?.how).toBe('unresolved');
    expect(errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [1, 15, "invalid size: 'lots'"],
      [1, 33, 'invalid argument "x" for "--pids-limit" flag: not an integer'],
    ]);
  });

  it('restart, runtime, user', () => {
    const { c } = run('docker run --restart on-failure:5 --runtime runsc --user 1000:1000 img');
    expect(c.restart?.value).toEqual({ name: 'on-failure', maxRetries: 5 });
    expect(c.runtime?.value).toBe('runsc');
    expect(c.user?.value).toBe('1000:1000');
  });

  it('environment: literal, passthrough, interpolated, empty, with value ranges', () => {
    const { file, c } = run('docker run -e PW=hunter2 -e TOKEN --env "KEY=$SECRET" --env=EMPTY= -e X="" --env-file ./.env img');
    expect(c.env.map((e) => [e.name, e.kind, e.value, e.raw])).toEqual([
      ['PW', 'literal', 'hunter2', 'hunter2'],
      ['TOKEN', 'passthrough', undefined, undefined],
      ['KEY', 'interpolated', undefined, '$SECRET'],
      ['EMPTY', 'literal', '', ''],
      ['X', 'literal', '', ''],
    ]);
    expect(at(file, c.env[0].origin)).toEqual([1, 12, 1, 25, '-e PW=hunter2']);
    expect(at(file, c.env[0].valueOrigin)).toEqual([1, 18, 1, 25, 'hunter2']);
    expect(at(file, c.env[2].valueOrigin)).toEqual([1, 46, 1, 53, '$SECRET']);
    expect(c.env[1].valueOrigin).toBeUndefined();
    expect(c.envFiles.map((e) => e.value)).toEqual(['./.env']);
  });

  it('ports, expose, healthcheck, logging, sysctls, links, labels and the rest', () => {
    const { c } = run(
      'docker run -P -p 53:53/udp -p [::1]:80:80 --expose 9000 --health-cmd "curl -f x" --log-driver none --log-opt max-size=10m --sysctl net.ipv4.ip_forward=1 --link db:db --volumes-from c1 --group-add 999 --init -l a=b --label c --entrypoint /bin/sh --platform linux/amd64 --add-host a:1.2.3.4 --add-host b:5.6.7.8 img',
    );
    expect(c.extra['publish-all']?.value).toBe(true);
    expect(c.ports.map((p) => [p.hostIp, p.hostPort, p.containerPort, p.protocol])).toEqual([
      [undefined, '53', '53', 'udp'],
      ['::1', '80', '80', 'tcp'],
    ]);
    expect(c.expose.map((e) => e.value)).toEqual(['9000']);
    expect(c.healthcheck?.value).toEqual({ disabled: false, test: 'curl -f x' });
    expect(c.logging?.driver?.value).toBe('none');
    expect(c.logging?.options['max-size']?.value).toBe('10m');
    expect(c.sysctls.map((s) => [s.name, s.value])).toEqual([['net.ipv4.ip_forward', '1']]);
    expect(c.links.map((l) => l.value)).toEqual(['db:db']);
    expect(c.volumesFrom.map((l) => l.value)).toEqual(['c1']);
    expect(c.groupAdd.map((l) => l.value)).toEqual(['999']);
    expect(c.init?.value).toBe(true);
    expect(Object.fromEntries(Object.entries(c.labels).map(([k, v]) => [k, v.value]))).toEqual({ a: 'b', c: '' });
    expect(c.entrypoint?.value).toEqual(['/bin/sh']);
    expect(c.extra.platform?.value).toBe('linux/amd64');
    expect(c.extra['add-host']?.value).toEqual(['a:1.2.3.4', 'b:5.6.7.8']);
  });

  it('--no-healthcheck and --use-api-socket', () => {
    const { c } = run('docker run --no-healthcheck --use-api-socket img');
    expect(c.healthcheck?.value).toEqual({ disabled: true });
    expect(c.mounts.map((m) => [m.type, m.source, m.target, m.readOnly])).toEqual([['bind', '/var/run/docker.sock', '/var/run/docker.sock', false]]);
  });
});

describe('value syntaxes', () => {
  it.each([
    ['512m', 536870912],
    ['1g', 1073741824],
    ['1024', 1024],
    ['1.5GiB', 1610612736],
    ['64M', 67108864],
    ['10b', 10],
    ['2k', 2048],
    ['2 kb', 2048],
    ['-1', -1],
  ])('ramInBytes(%s) = %d', (s, n) => {
    expect(ramInBytes(s)).toBe(n);
  });
  it.each(['', 'lots', '1x', '-5m', 'm'])('ramInBytes(%s) throws', (s) => {
    expect(() => ramInBytes(s)).toThrow(/invalid size/);
  });
  it('parsePortSpec', () => {
    expect(parsePortSpec('127.0.0.1::80')).toEqual({ hostIp: '127.0.0.1', hostPort: undefined, containerPort: '80', protocol: 'tcp' });
    expect(parsePortSpec('8000-8010:8000-8010')).toEqual({ hostIp: undefined, hostPort: '8000-8010', containerPort: '8000-8010', protocol: 'tcp' });
    expect(parsePortSpec('[2001:db8::1]:443:443/sctp')).toEqual({ hostIp: '2001:db8::1', hostPort: '443', containerPort: '443', protocol: 'sctp' });
    expect(parsePortSpec('80')).toEqual({ hostIp: undefined, hostPort: undefined, containerPort: '80', protocol: 'tcp' });
    expect(() => parsePortSpec('80/icmp')).toThrow('invalid proto: icmp');
  });
  it('splitCsv follows encoding/csv quoting', () => {
    expect(splitCsv('a,"b,c",d=""""').map((p) => p.text)).toEqual(['a', 'b,c', 'd=""""']);
    expect(splitCsv('"x""y",,z').map((p) => [p.text, p.start, p.end])).toEqual([['x"y', 0, 6], ['', 7, 7], ['z', 8, 9]]);
  });
});

describe('properties', () => {
  const flagish = fc.constantFrom('-v', '-e', '--mount', '--cap-add', '-itp', '--privileged=', '--', '-p', '--security-opt', '--device', '--ulimit', '-m', '--cpus', '--tmpfs', 'docker', 'run', '$X', '"', ':', ',', '=');
  const word = fc.oneof(fc.string(), flagish, fc.tuple(flagish, fc.string()).map(([a, b]) => a + b));
  it('parseDockerRun never throws and every origin lies inside the line', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), (ws) => {
        const text = ['docker', 'run', ...ws].join(' ');
        const file = new SourceFile('p', text);
        const r = parseDockerRun(words(text), file);
        const c = r.container;
        if (c) {
          for (const m of c.mounts) expect((m.origin as { end: number }).end).toBeLessThanOrEqual(text.length);
          for (const e of c.env) expect((e.valueOrigin as { end: number } | undefined)?.end ?? 0).toBeLessThanOrEqual(text.length);
        }
        for (const e of r.errors) expect(e.message).not.toContain('\n');
      }),
      { numRuns: 400 },
    );
  });
});
