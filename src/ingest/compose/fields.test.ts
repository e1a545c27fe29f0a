/**
 * Field-by-field model values and exact origins of the Compose ingester (compose-spec 05-services.md).
 * Requirements: R-B, R-K, R-D, R-S, R-M, R-G4..R-G8, R-G11..R-G13, R-G15.
 */
import { describe, expect, it } from 'vitest';
import { at, chars, fakeCtx, ingestText } from './test-helpers.js';

const Y = `services:
  app:
    image: "nginx:1.27"
    user: "1000:1000"
    privileged: "true"
    read_only: 'false'
    init: true
    cap_add: [cap_net_raw, CAP_SYS_ADMIN, all]
    cap_drop:
      - net_raw
    security_opt:
      - apparmor=unconfined
      - label:disable
      - label=type:spc_t
      - no-new-privileges
      - no-new-privileges=false
      - systempaths=unconfined
    volumes:
      - ./data:/data:ro,z,rshared
      - ../up:/up
      - ~/cfg:/cfg:Z
      - named:/named
      - /anon
      - type: bind
        source: /srv
        target: /srv
        read_only: true
        bind:
          propagation: rslave
          selinux: z
      - type: volume
        source: vol
        target: /vol
    tmpfs: /run:rw,noexec,size=65536k
    ports:
      - "127.0.0.1:8080:80/tcp"
      - "8000-8010:8000-8010"
      - "[::1]:53:53/udp"
      - 9090
      - "127.0.0.1::81"
      - target: 443
        published: "8443"
        host_ip: 0.0.0.0
        protocol: udp
    devices:
      - /dev/fuse:/dev/fuse:r
      - /dev/sda
      - source: /dev/ttyUSB0
        target: /dev/ttyACM0
        permissions: rw
    secrets:
      - db_pw
      - source: api_key
        target: key
    env_file:
      - .env.app
      - path: ./opt.env
        required: false
    environment:
      - PASSWORD=hunter2
      - TOKEN
      - DB_PASSWORD_FILE=/run/secrets/db_pw
      - EMPTY=
    network_mode: "service:vpn"
    pid: host
    ipc: shareable
    uts: host
    userns_mode: host
    cgroup: private
    mem_limit: 1.5GB
    memswap_limit: -1
    mem_reservation: 512m
    cpus: "0.5"
    cpu_shares: 512
    cpu_quota: 50000
    cpu_period: 100000
    cpuset: "0-1"
    pids_limit: 100
    ulimits:
      nproc: 65535
      nofile:
        soft: 1024
        hard: 2048
    storage_opt:
      size: 10g
    blkio_config:
      weight: 300
    restart: on-failure:5
    runtime: runsc
    healthcheck:
      test: NONE
    logging:
      driver: none
    sysctls:
      - net.core.somaxconn=1024
    links: [db]
    external_links: [redis_1]
    volumes_from: [other]
    group_add: [audio, 44]
    command: sh -c 'echo "a b"'
    entrypoint: [/bin/tini, --]
    labels:
      com.example.a: "1"
    expose: ["3000", 4000]
    device_cgroup_rules: ['c 189:* rmw']
`;

describe('every service field', async () => {
  const { r, sf } = await ingestText(Y);
  const c = r.containers[0];
  it('no errors, one service', () => {
    expect(r.errors).toEqual([]);
    expect(r.containers).toHaveLength(1);
  });
  it('scalars and string booleans (privileged: "true" is true, raw kept)', () => {
    expect(c.image?.value).toBe('nginx:1.27');
    expect(at(sf, c.image?.origin)).toBe('3:12-3:24');
    expect(c.user?.value).toBe('1000:1000');
    expect(c.privileged).toMatchObject({ value: true, raw: 'true', how: 'explicit' });
    expect(at(sf, c.privileged?.origin)).toBe('5:17-5:23');
    expect(c.readOnlyRootfs?.value).toBe(false);
    expect(c.init?.value).toBe(true);
    expect(c.runtime?.value).toBe('runsc');
  });
  it('capabilities normalized, origins on the flow items', () => {
    expect(c.capAdd.map((x) => [x.value, x.raw, at(sf, x.origin)])).toEqual([
      ['NET_RAW', 'cap_net_raw', '8:15-8:26'],
      ['SYS_ADMIN', 'CAP_SYS_ADMIN', '8:28-8:41'],
      ['ALL', 'all', '8:43-8:46'],
    ]);
    expect(c.capDrop.map((x) => x.value)).toEqual(['NET_RAW']);
  });
  it('security_opt in = and : forms (R-G4, R-G7, R-G12)', () => {
    expect(c.securityOpt.map((o) => [o.key, o.value])).toEqual([
      ['apparmor', 'unconfined'],
      ['label', 'disable'],
      ['label', 'type:spc_t'],
      ['no-new-privileges', 'true'],
      ['no-new-privileges', 'false'],
      ['systempaths', 'unconfined'],
    ]);
    expect(at(sf, c.securityOpt[1].origin)).toBe('13:9-13:22');
  });
  it('volumes: relative and ~ sources are binds, bare names volumes, single paths anonymous (R-B)', () => {
    expect(c.mounts.map((m) => [m.type, m.source ?? null, m.target, m.readOnly, m.propagation ?? null, m.selinuxRelabel ?? null, m.syntax])).toEqual([
      ['bind', 'data', '/data', true, 'rshared', 'z', 'short'],
      ['bind', '../up', '/up', false, null, null, 'short'],
      ['bind', '~/cfg', '/cfg', false, null, 'Z', 'short'],
      ['volume', 'named', '/named', false, null, null, 'short'],
      ['volume', null, '/anon', false, null, null, 'short'],
      ['bind', '/srv', '/srv', true, 'rslave', 'z', 'long'],
      ['volume', 'vol', '/vol', false, null, null, 'long'],
      ['tmpfs', null, '/run', false, null, null, 'tmpfs'],
    ]);
    expect(c.mounts[0].sourceRaw).toBe('./data');
    expect(chars(sf, c.mounts[0].sourceOrigin)).toBe('./data');
    expect(at(sf, c.mounts[5].origin)).toBe('24:9-30:21');
    expect(c.mounts[7].options).toEqual(['rw', 'noexec', 'size=65536k']);
  });
  it('ports: short, range, IPv6, bare number, ephemeral host port, long syntax', () => {
    expect(c.ports.map((p) => [p.hostIp ?? null, p.hostPort ?? null, p.containerPort, p.protocol])).toEqual([
      ['127.0.0.1', '8080', '80', 'tcp'],
      [null, '8000-8010', '8000-8010', 'tcp'],
      ['::1', '53', '53', 'udp'],
      [null, null, '9090', 'tcp'],
      ['127.0.0.1', null, '81', 'tcp'],
      ['0.0.0.0', '8443', '443', 'udp'],
    ]);
    expect(at(sf, c.ports[3].origin)).toBe('39:9-39:13');
  });
  it('devices: explicit and default permissions, long syntax (R-G8)', () => {
    expect(c.devices.map((d) => [d.hostPath, d.containerPath, d.permissions, d.permissionsExplicit])).toEqual([
      ['/dev/fuse', '/dev/fuse', 'r', true],
      ['/dev/sda', '/dev/sda', 'rwm', false],
      ['/dev/ttyUSB0', '/dev/ttyACM0', 'rw', true],
    ]);
    expect(c.deviceCgroupRules.map((x) => x.value)).toEqual(['c 189:* rmw']);
  });
  it('secrets and env_file in short and long forms', () => {
    expect(c.secrets.map((s) => s.value)).toEqual(['db_pw', 'api_key']);
    expect(c.envFiles.map((s) => [s.value, at(sf, s.origin)])).toEqual([
      ['.env.app', '56:9-56:17'],
      ['./opt.env', '57:15-57:24'],
    ]);
  });
  it('environment list: literal, passthrough, _FILE, empty (R-S)', () => {
    expect(c.env.map((e) => [e.name, e.value ?? null, e.kind])).toEqual([
      ['PASSWORD', 'hunter2', 'literal'],
      ['TOKEN', null, 'passthrough'],
      ['DB_PASSWORD_FILE', '/run/secrets/db_pw', 'literal'],
      ['EMPTY', '', 'literal'],
    ]);
    expect(at(sf, c.env[0].valueOrigin)).toBe('60:18-60:25');
    expect(c.env[1].valueOrigin).toBeUndefined();
  });
  it('namespaces', () => {
    expect(c.namespaces.network?.value).toEqual({ mode: 'service', ref: 'vpn' });
    expect(c.namespaces.pid?.value).toEqual({ mode: 'host' });
    expect(c.namespaces.ipc?.value).toEqual({ mode: 'shareable' });
    expect(c.namespaces.uts?.value).toEqual({ mode: 'host' });
    expect(c.namespaces.userns?.value).toEqual({ mode: 'host' });
    expect(c.namespaces.cgroupns?.value).toEqual({ mode: 'private' });
    expect(at(sf, c.namespaces.pid?.origin)).toBe('65:10-65:14');
  });
  it('resources in bytes, nanoCPUs and counts (R-G6)', () => {
    const x = c.resources;
    expect(x.memory?.value).toBe(Math.trunc(1.5 * 1024 ** 3));
    expect(x.memorySwap?.value).toBe(-1);
    expect(x.memoryReservation?.value).toBe(512 * 1024 ** 2);
    expect(x.nanoCpus?.value).toBe(5e8);
    expect([x.cpuShares?.value, x.cpuQuota?.value, x.cpuPeriod?.value, x.cpusetCpus?.value, x.pidsLimit?.value]).toEqual([512, 50000, 100000, '0-1', 100]);
    expect(x.ulimits.map((u) => [u.name, u.soft, u.hard])).toEqual([['nproc', 65535, 65535], ['nofile', 1024, 2048]]);
    expect(at(sf, x.ulimits[0].origin)).toBe('80:7-80:19');
    expect(x.storageSize?.value).toBe(10 * 1024 ** 3);
    expect(x.blkioWeight?.value).toBe(300);
  });
  it('restart, healthcheck NONE, logging, sysctls, links, groups, command, labels, expose', () => {
    expect(c.restart?.value).toEqual({ name: 'on-failure', maxRetries: 5 });
    expect(c.healthcheck?.value).toEqual({ disabled: true });
    expect(c.logging?.driver?.value).toBe('none');
    expect(c.sysctls).toEqual([{ name: 'net.core.somaxconn', value: '1024', origin: { kind: 'file', file: 'compose.yml', start: sf.offset(95, 9), end: sf.offset(95, 32) } }]);
    expect(c.links.map((l) => l.value)).toEqual(['db', 'redis_1']);
    expect(c.volumesFrom.map((l) => l.value)).toEqual(['other']);
    expect(c.groupAdd.map((l) => l.value)).toEqual(['audio', '44']);
    expect(c.command?.value).toEqual(['sh', '-c', 'echo "a b"']);
    expect(c.entrypoint?.value).toEqual(['/bin/tini', '--']);
    expect(c.labels['com.example.a'].value).toBe('1');
    expect(c.expose.map((e) => e.value)).toEqual(['3000', '4000']);
  });
});

describe('other spellings', () => {
  it('deploy.resources and deploy.restart_policy (any → always; on-failure with max_attempts)', async () => {
    const { r, sf } = await ingestText(`services:
  a:
    deploy:
      resources:
        limits: {cpus: '0.25', memory: 1g, pids: 50}
        reservations: {memory: 256M}
      restart_policy:
        condition: any
  b:
    deploy:
      restart_policy: {condition: on-failure, max_attempts: 3}
`);
    const [a, b] = r.containers;
    expect(a.resources.nanoCpus?.value).toBe(2.5e8);
    expect(a.resources.memory?.value).toBe(1024 ** 3);
    expect(a.resources.pidsLimit?.value).toBe(50);
    expect(a.resources.memoryReservation?.value).toBe(256 * 1024 ** 2);
    expect(a.restart?.value).toEqual({ name: 'always' });
    expect(at(sf, a.restart?.origin)).toBe('8:20-8:23');
    expect(b.restart?.value).toEqual({ name: 'on-failure', maxRetries: 3 });
  });
  it('environment mapping: null and empty passthrough, numbers keep their text, quoted value origin', async () => {
    const { r, sf } = await ingestText(`services:
  a:
    environment:
      PASS:
      OTHER: null
      PORT: 0080
      SECRET: 'x y'
      TOKEN: \${TOK}
`);
    const e = r.containers[0].env;
    expect(e.map((x) => [x.name, x.value ?? null, x.kind])).toEqual([
      ['PASS', null, 'passthrough'],
      ['OTHER', null, 'passthrough'],
      ['PORT', '0080', 'literal'],
      ['SECRET', 'x y', 'literal'],
      ['TOKEN', null, 'interpolated'],
    ]);
    expect(at(sf, e[0].origin)).toBe('4:7-4:12');
    expect(chars(sf, e[3].valueOrigin)).toBe('x y');
  });
  it('healthcheck disable: true, test ["NONE"], list labels, sysctls map, tmpfs list', async () => {
    const { r } = await ingestText(`services:
  a:
    healthcheck: {disable: true}
    labels: ["a=1", "b"]
    sysctls: {net.ipv4.ip_forward: 1}
    tmpfs: [/tmp, "/run:ro"]
  b:
    healthcheck:
      test: ["NONE"]
    network_mode: host
`);
    const [a, b] = r.containers;
    expect(a.healthcheck?.value).toEqual({ disabled: true });
    expect(Object.fromEntries(Object.entries(a.labels).map(([k, v]) => [k, v.value]))).toEqual({ a: '1', b: '' });
    expect(a.sysctls.map((s) => [s.name, s.value])).toEqual([['net.ipv4.ip_forward', '1']]);
    expect(a.mounts.map((m) => [m.target, m.readOnly])).toEqual([['/tmp', false], ['/run', true]]);
    expect(b.healthcheck?.value).toEqual({ disabled: true });
    expect(b.namespaces.network?.value).toEqual({ mode: 'host' });
  });
  it('a boolean field with a non-boolean value is an InputError, not a value', async () => {
    const { r } = await ingestText('services:\n  a:\n    privileged: maybe\n');
    expect(r.containers[0].privileged).toBeUndefined();
    expect(r.errors).toEqual([{ file: 'compose.yml', line: 3, column: 17, message: 'privileged: expected true or false, got "maybe"', code: 'parse' }]);
  });
  it('relative bind sources resolve against the Compose file directory', async () => {
    const { r } = await ingestText('services:\n  a:\n    volumes: ["./x:/x", "../y:/y", ".:/w"]\n', fakeCtx(), 'proj/sub/compose.yml');
    expect(r.containers[0].mounts.map((m) => m.source)).toEqual(['proj/sub/x', 'proj/y', 'proj/sub']);
  });
});
