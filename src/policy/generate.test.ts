/**
 * `policy generate` (R-PM1): golden modules from the shared corpus (exact CIL), every generated module passes
 * `policy check` and compiles with secilc (issue 6 "Tests"), and a property: any container configuration gives a
 * module the static check accepts.
 */
import fc from 'fast-check';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, corpusPath } from '../../test/support/corpus.js';
import { emptyContainer, type ContainerSpec, type Origin } from '../model/types.js';
import { loadBase, portType } from './base.js';
import { checkModule, checkStatic } from './check.js';
import { cilName, generateModule, literalRegex, type BinaryDomain } from './generate.js';
import { loadContainer, type ContainerSource } from './inputs.js';

const base = loadBase();
const goldenDir = join(import.meta.dirname, '..', '..', 'test', 'policy', 'golden');
const runLines = (rel: string, from: number, to: number) => readFileSync(corpusPath(rel), 'utf8').split('\n').slice(from - 1, to).join('\n');

interface Case { golden: string; from: string; src: ContainerSource; binaries?: BinaryDomain[] }
const cases: Case[] = [
  { golden: 'pihole.cil', from: 'compose/awesome-compose-pihole-cloudflared-netadmin.yaml, service pihole', src: { kind: 'compose', file: corpusPath('compose/awesome-compose-pihole-cloudflared-netadmin.yaml'), service: 'pihole' } },
  { golden: 'mysql-db.cil', from: 'compose/mysql-seccomp-unconfined-literal-rootpw.yml, service db', src: { kind: 'compose', file: corpusPath('compose/mysql-seccomp-unconfined-literal-rootpw.yml'), service: 'db' } },
  { golden: 'traefik.cil', from: 'compose/fieldguide-traefik-dockersock-ro.yml, service traefik', src: { kind: 'compose', file: corpusPath('compose/fieldguide-traefik-dockersock-ro.yml'), service: 'traefik' } },
  {
    golden: 'udica-vsftpd.cil', from: 'inspect/udica-fedora-binds-home-ro-spool-rw-port21.docker-inspect.json', binaries: [{ path: '/usr/sbin/vsftpd', type: 'ftpd_t' }],
    src: { kind: 'inspect', file: corpusPath('inspect/udica-fedora-binds-home-ro-spool-rw-port21.docker-inspect.json') },
  },
  { golden: 'gitlab-runner-Z.cil', from: 'run/gitlab-runner-docs-dockersock-selinux-Z.md:57', src: { kind: 'run', line: runLines('run/gitlab-runner-docs-dockersock-selinux-Z.md', 57, 60) } },
  { golden: 'node-exporter.cil', from: 'run/node-exporter-readme-docker.md:17', src: { kind: 'run', line: runLines('run/node-exporter-readme-docker.md', 17, 22) } },
];

describe('policy generate: golden modules from the corpus', () => {
  for (const c of cases) {
    it(`${c.golden}: exact CIL, passes check, compiles with secilc`, async () => {
      const { spec, where } = await loadContainer(c.src, {});
      // Places relative to the corpus, so the golden text does not depend on where the corpus lives.
      const g = generateModule(spec, { base, from: c.from, binaries: c.binaries, where: (o) => where(o)?.replace(CORPUS_DIR + '/', '') });
      const path = join(goldenDir, c.golden);
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, g.text);
      expect(existsSync(path)).toBe(true);
      expect(g.text).toBe(readFileSync(path, 'utf8'));
      const r = await checkModule(g.text, c.golden, { base });
      expect(r.diagnostics).toEqual([]);
      expect(r.secilc?.ok).toBe(true);
      expect(r.valid).toBe(true);
    });
  }

  it('--cap-add ALL --cap-drop NET_RAW: every capability but net_raw (moby TweakCapabilities), not all of them (QA vp 7)', async () => {
    const { spec } = await loadContainer({ kind: 'run', line: 'docker run --cap-add ALL --cap-drop NET_RAW img' }, {});
    const g = generateModule(spec, { base });
    expect(g.text).toContain('  ; capabilities (cap_add ALL: every capability − cap_drop)\n  (allow process self (capability (audit_write chown dac_override fowner fsetid kill mknod net_bind_service setfcap setgid setpcap setuid sys_chroot)))\n');
    expect(g.text).not.toMatch(/capability \([^)]*net_raw/);
    const kept = await loadContainer({ kind: 'run', line: 'docker run --cap-drop ALL --cap-add NET_RAW --cap-add CHOWN img' }, {});
    expect(generateModule(kept.spec, { base }).text).toContain('  (allow process self (capability (chown net_raw)))\n');
  });

  it('port types as semanage port -l lists them: 8080 is http_cache_port_t, 8443 and 9000 http_port_t (QA vp 9a)', async () => {
    const { spec } = await loadContainer({ kind: 'run', line: 'docker run -p 8080:8080 -p 8443:8443 -p 9000:9000 -p 10005:10005 -p 5353:5353/udp img' }, {});
    const binds = generateModule(spec, { base }).text.split('\n').filter((l) => l.includes('name_bind'));
    expect(binds).toEqual([
      '  (allow process http_cache_port_t (tcp_socket (name_bind)))',
      '  (allow process http_port_t (tcp_socket (name_bind)))',
      '  (allow process unreserved_port_t (udp_socket (name_bind)))',
    ]);
    expect([[8080, 'tcp'], [8443, 'tcp'], [9000, 'tcp'], [10005, 'tcp'], [3130, 'udp'], [853, 'udp'], [63140, 'tcp'], [80, 'tcp'], [22, 'tcp'], [1000, 'tcp'], [2000, 'udp'], [80, 'sctp']].map(([p, proto]) => portType(base, proto as string, p as number)))
      .toEqual(['http_cache_port_t', 'http_port_t', 'http_port_t', 'http_cache_port_t', 'http_cache_port_t', 'dns_port_t', 'mysqld_port_t', 'http_port_t', 'ssh_port_t', 'reserved_port_t', 'unreserved_port_t', undefined]);
  });

  it('pihole: NET_ADMIN is not granted under container_t and says so; Docker default capabilities are kept', async () => {
    const { spec } = await loadContainer(cases[0].src, {});
    const g = generateModule(spec, { base });
    expect(g.domain).toBe('pihole_57a1eedc.process');
    expect(g.notes).toContain('capabilities (Docker defaults + cap_add): (allow process self (capability (net_admin))) left out: container_t does not hold it, so no module bounded by it can grant it');
    expect(g.text).toContain('  (allow process self (capability (audit_write chown dac_override fowner fsetid kill mknod net_bind_service net_raw setfcap setgid setpcap setuid sys_chroot)))\n');
    expect(g.text).toContain('  (allow process dns_port_t (udp_socket (name_bind)))\n');
  });

  it('gitlab-runner: the Docker API socket is not granted; the :Z config mount is container_file_t, written there, with no rw type of its own (Docker relabels it at every start)', async () => {
    const { spec } = await loadContainer(cases[4].src, {});
    const g = generateModule(spec, { base });
    expect(g.notes).toContain('mount bind /var/run/docker.sock:/var/run/docker.sock (a container engine\'s API socket): (allow process container_runtime_t (unix_stream_socket (connectto))) left out: container_t does not hold it, so no module bounded by it can grant it');
    expect(g.text).not.toContain('rw_etc_gitlab_runner_t');
    expect(g.text).toContain('  ; image content (writable root filesystem); mount bind /srv/gitlab-runner/config:/etc/gitlab-runner\n  (allow process container_file_t (dir (add_name create getattr ioctl lock open read remove_name rename reparent rmdir search setattr write)))\n');
  });

  it('refuses privileged containers (spc_t), with the reason', async () => {
    const { spec } = await loadContainer({ kind: 'compose', file: corpusPath('compose/frigate-privileged-devices-longsyntax-tmpfs.yml'), service: 'frigate' }, {});
    expect(() => generateModule(spec, { base })).toThrow('frigate runs --privileged: Docker runs it as spc_t (unconfined), so no module bounded by container_t can describe it; drop --privileged and add only the capabilities and devices it needs');
  });

  it('refuses bad --binary values', async () => {
    const { spec } = await loadContainer(cases[1].src, {});
    expect(() => generateModule(spec, { base, binaries: [{ path: 'nginx', type: 'nginx_t' }] })).toThrow('--binary nginx=nginx_t: the binary\'s path inside the image must be absolute');
    expect(() => generateModule(spec, { base, binaries: [{ path: '/x', type: 'Nginx' }] })).toThrow('--binary /x=Nginx: the type must be a plain name ending in _t (container-selinux style), e.g. nginx_t');
    expect(() => generateModule(spec, { base, binaries: [{ path: '/x', type: 'exec_t' }] })).toThrow('--binary /x=exec_t: the type exec_t is used twice');
  });

  // Second QA round (issue 6): a module a real container-selinux host could not run, or ran less isolated.
  const webCompose = [
    'services:',
    '  web:',
    '    image: nginx:1.25',
    '    read_only: true',
    '    volumes:',
    '      - ./data:/data:Z',
    '      - /:/host',
    '      - type: tmpfs',
    '        target: /run',
    '    ports:',
    '      - "127.0.0.1:8080:80"',
    '',
  ].join('\n');
  const loadWeb = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-policy-gen-'));
    try {
      writeFileSync(join(dir, 'compose.yaml'), webCompose);
      return await loadContainer({ kind: 'compose', file: join(dir, 'compose.yaml'), service: 'web' }, {});
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('the domain may be entered from the entrypoint as the engine shows it (container_file_t, the root filesystem is mounted with context=)', async () => {
    const { spec } = await loadWeb();
    const g = generateModule(spec, { base });
    expect(g.text).toContain('\n  (allow process container_file_t (file (append create entrypoint execute execute_no_trans getattr ioctl link lock map open read rename setattr unlink write)))\n');
  });

  it('domains join container_domain (the runtime enters only those) and mcs_constrained_type (MCS separation); file types join file_type; check accepts it', async () => {
    const { spec } = await loadContainer({ kind: 'run', line: 'docker run -v /srv/app:/data --name app example/app' }, {});
    const g = generateModule(spec, { base, binaries: [{ path: '/usr/bin/worker', type: 'worker_t' }] });
    expect(g.text).toContain([
      '  (typeattributeset container_domain (process worker_t))',
      '  (typeattributeset mcs_constrained_type (process worker_t))',
      '  ; file types: file_type lets them exist on a filesystem and be relabelled to (container_file_t is one)',
      '  (typeattributeset file_type (exec_t rw_data_t worker_exec_t))',
    ].join('\n'));
    const r = await checkModule(g.text, 'app.cil', { base });
    expect([r.diagnostics, r.secilc?.messages, r.valid]).toEqual([[], [], true]);
  });

  it('each rule is preceded by a comment naming the settings it comes from, with file:line', async () => {
    const loaded = await loadWeb();
    const g = generateModule(loaded.spec, { base, where: (o) => loaded.where(o)?.replace(/^.*\//, '') });
    expect(g.text).toContain('\n  ; port 80/tcp published (compose.yaml:11)\n  (allow process http_port_t (tcp_socket (name_bind)))\n');
    expect(g.text).toContain('\n  ; mount bind ./data:/data (compose.yaml:6); mount tmpfs (anonymous):/run (compose.yaml:8)\n  (allow process container_file_t (sock_file (append create getattr open read rename setattr unlink write)))\n');
  });

  it('a writable bind of a system directory gets no chcon advice and no type of its own; a :Z bind no type that Docker would relabel away', async () => {
    const { spec } = await loadWeb();
    const g = generateModule(spec, { base });
    expect(g.notes).toContain('mount bind /:/host: / is a system directory: Docker refuses to relabel it (:z / :Z) and relabelling it with chcon would break the host; bind a directory of the container\'s own instead');
    expect(g.notes.filter((n) => n.includes('chcon -R'))).toEqual([]);
    expect(g.text).not.toMatch(/rw_host_t|rw_data_t/);
  });

  it('a read-only bind container_t may not read says how to make it readable (:z), or that a system directory cannot be', async () => {
    const { spec } = await loadContainer({ kind: 'run', line: 'docker run -v /srv/www:/data:ro -v /home:/h:ro -v /etc:/host-etc:ro --name x example/x' }, {});
    const g = generateModule(spec, { base });
    expect(g.notes.filter((n) => !n.includes('left out') && n.startsWith('mount'))).toEqual([
      'mount bind /srv/www:/data:ro: container_t may not read default_t; mount it with :z (Docker relabels it container_file_t, shared by containers, which this module reads)',
      'mount bind /home:/h:ro: /home is a system directory (home_root_t), which container_t may not read and Docker refuses to relabel: bind a directory below it, with :z, instead',
    ]);
  });

  it('containerd, CRI-O and Podman sockets are engine sockets like docker.sock: no type of their own, no chcon advice', async () => {
    const { spec } = await loadContainer({ kind: 'run', line: 'docker run -v /run/containerd/containerd.sock:/run/containerd/containerd.sock -v /var/run/crio/crio.sock:/c.sock --name x example/x' }, {});
    const g = generateModule(spec, { base });
    expect(g.notes.filter((n) => n.includes('chcon'))).toEqual([]);
    expect(g.notes).toContain("mount bind /run/containerd/containerd.sock:/run/containerd/containerd.sock (a container engine's API socket): (allow process container_runtime_t (unix_stream_socket (connectto))) left out: container_t does not hold it, so no module bounded by it can grant it");
    expect(g.text).not.toMatch(/rw_run_containerd|rw_c_sock/);
  });

  it('names and regexes', () => {
    expect(cilName('quay.io/prometheus/node-exporter')).toBe('quay_io_prometheus_node_exporter');
    expect(cilName('9gag')).toBe('c_9gag');
    expect(literalRegex('/usr/lib/x86_64/libc.so.6')).toBe('/usr/lib/x86_64/libc\\.so\\.6');
  });
});

describe('policy generate: every generated module passes check (property)', () => {
  const o: Origin = { kind: 'file', file: 'x', start: 0, end: 0 };
  const src = <T>(value: T) => ({ value, origin: o, how: 'explicit' as const });
  const caps = fc.constantFrom('NET_ADMIN', 'SYS_ADMIN', 'SYS_PTRACE', 'CHOWN', 'NET_RAW', 'ALL', 'SETUID', 'BPF', 'SYSLOG', 'IPC_LOCK');
  const hostPaths = fc.constantFrom('/etc', '/etc/shadow', '/var/run/docker.sock', '/home/user', '/srv/data', '/', '/proc', '/usr/share', '/tmp', '/var/log', '/dev/shm');
  const mount = fc.record({
    type: fc.constantFrom('bind' as const, 'volume' as const, 'tmpfs' as const),
    source: hostPaths,
    target: fc.constantFrom('/data', '/etc/app', '/var/lib/x', '/run/s.sock', '/cache', '/data'),
    readOnly: fc.boolean(),
    relabel: fc.constantFrom(undefined, 'z' as const, 'Z' as const),
  });
  const port = fc.record({ p: fc.oneof(fc.integer({ min: 1, max: 65535 }).map(String), fc.constantFrom('80', '53', '8000-8003', '22')), proto: fc.constantFrom('tcp' as const, 'udp' as const, 'sctp' as const) });
  const device = fc.record({ host: fc.constantFrom('/dev/fuse', '/dev/dri/renderD128', '/dev/kvm', '/dev/sda', '/dev/ttyUSB0', '/dev/net/tun'), perms: fc.constantFrom('rwm', 'r', 'rw', 'm') });
  const specArb = fc.record({
    add: fc.array(caps, { maxLength: 4 }), drop: fc.array(fc.constantFrom('ALL', 'NET_RAW', 'CHOWN', 'SETUID'), { maxLength: 2 }),
    mounts: fc.array(mount, { maxLength: 4 }), ports: fc.array(port, { maxLength: 3 }), devices: fc.array(device, { maxLength: 2 }),
    ro: fc.boolean(), entry: fc.constantFrom(undefined, '/usr/bin/app', 'app', '/opt/a+b/run.sh'),
    bins: fc.array(fc.record({ path: fc.constantFrom('/usr/sbin/nginx', '/bin/worker'), type: fc.constantFrom('nginx_t', 'worker_t') }), { maxLength: 2 }),
  });
  type SpecInput = typeof specArb extends fc.Arbitrary<infer T> ? T : never;
  const build = (a: SpecInput): ContainerSpec => {
    const s = emptyContainer({ kind: 'service', name: 'app', range: { file: 'x', start: 0, end: 0 } }, 'compose', 'x');
    s.capAdd = a.add.map(src);
    s.capDrop = a.drop.map(src);
    s.mounts = a.mounts.map((m) => ({ type: m.type, source: m.source, target: m.target, readOnly: m.readOnly, selinuxRelabel: m.relabel, options: [], origin: o, syntax: 'short' as const }));
    s.ports = a.ports.map((p) => ({ containerPort: p.p, protocol: p.proto, origin: o }));
    s.devices = a.devices.map((d) => ({ hostPath: d.host, containerPath: d.host, permissions: d.perms, permissionsExplicit: true, origin: o }));
    s.readOnlyRootfs = src(a.ro);
    if (a.entry) s.entrypoint = src([a.entry]);
    return s;
  };

  it('checkStatic finds nothing in any generated module', () => {
    fc.assert(fc.property(specArb, (a) => {
      const bins = a.bins.filter((b, i) => a.bins.findIndex((x) => x.type === b.type) === i);
      const g = generateModule(build(a), { base, binaries: bins });
      expect(checkStatic(g.text, 'gen.cil', { base }).diagnostics).toEqual([]);
    }), { numRuns: 300 });
  });

  it('secilc compiles generated modules (a sample, each with every kind of input)', async () => {
    const samples = fc.sample(specArb, { numRuns: 6, seed: 42 });
    for (const a of samples) {
      const bins = a.bins.filter((b, i) => a.bins.findIndex((x) => x.type === b.type) === i);
      const g = generateModule(build(a), { base, binaries: bins });
      const r = await checkModule(g.text, 'gen.cil', { base });
      expect([r.secilc?.messages, r.valid]).toEqual([[], true]);
    }
  });
});

describe('policy generate: module names (moduleName)', () => {
  const nameOf = async (src: ContainerSource) => generateModule((await loadContainer(src, {})).spec, { base }).name;

  it('unrelated images of one name get names of their own: <name>_<8 hex of SHA-256 of repository NUL container name>', async () => {
    expect(await nameOf({ kind: 'run', line: 'docker run registry-a/web' })).toBe('web_cb9a6def');
    expect(await nameOf({ kind: 'run', line: 'docker run registry-b/web:1.2' })).toBe('web_7b4f4e5c');
    expect(await nameOf({ kind: 'run', line: 'docker run registry-a.example/web' })).toBe('web_43890fad');
    // The same input gives the same name; a new tag of the image keeps it (its run-line name, the image, changes it).
    expect(await nameOf({ kind: 'run', line: 'docker run registry-a/web' })).toBe('web_cb9a6def');
    expect(await nameOf({ kind: 'run', line: 'docker run --name web nginx:1.27' })).toBe('web_1fb81dfa');
    expect(await nameOf({ kind: 'run', line: 'docker run --name web nginx:1.28@sha256:0000000000000000000000000000000000000000000000000000000000000000' })).toBe('web_1fb81dfa');
    // Two containers of one image keep their own names.
    expect(await nameOf({ kind: 'run', line: 'docker run --name worker nginx:1.27' })).toBe('worker_4fa40f3c');
  });

  it('the name is a valid CIL identifier whatever the container is called, and --module still wins', async () => {
    const long = 'x'.repeat(70);
    const names = await Promise.all([`docker run --name "${long}" alpine`, 'docker run --name 9lives alpine', 'docker run --name "__" alpine'].map((line) => nameOf({ kind: 'run', line })));
    expect(names.map((n) => n.replace(/_[0-9a-f]{8}$/, ''))).toEqual(['x'.repeat(50), 'c_9lives', 'container']);
    for (const n of names) expect(n).toMatch(/^[a-z][a-z0-9_]*_[0-9a-f]{8}$/);
    const { spec } = await loadContainer({ kind: 'run', line: 'docker run registry-a/web' }, {});
    expect(generateModule(spec, { base, name: 'web' }).name).toBe('web');
  });

  it('control characters of the input are visible pictures in the module\'s comments (a service name, a host path)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-gen-'));
    try {
      const file = join(dir, 'compose.yaml');
      writeFileSync(file, 'services:\n  "web\\u001b]0;pwned\\u0007":\n    image: registry-a/web\n    volumes: ["/srv/a\\u001b[2Jb:/data"]\n');
      const { spec } = await loadContainer({ kind: 'compose', file, service: 'web\u001b]0;pwned\u0007' }, {});
      const g = generateModule(spec, { base, from: `compose.yaml, service ${spec.target.name}` });
      const comments = g.text.split('\n').filter((l) => l.trimStart().startsWith(';'));
      expect(comments[0]).toBe(`; SELinux policy module ${g.name}, generated by bulwark policy generate from compose.yaml, service web\u241b]0;pwned\u2407 (R-PM1).`);
      // eslint-disable-next-line no-control-regex
      expect(comments.filter((l) => /[\u0000-\u0008\u000b-\u001f\u007f]/.test(l))).toEqual([]);
      expect(comments.some((l) => l.includes('/srv/a\u241b[2Jb'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
