#!/usr/bin/env node
/**
 * Deterministic generator of the benchmark corpus: realistic, varied Compose files and Dockerfiles.
 *
 * Every file has its own PRNG (mulberry32) seeded from (seed, kind, index), so file N is the same
 * whatever the count, and the same seed always yields byte-identical files. No Math.random, no clock.
 *
 * Compose files (compose-spec, https://github.com/compose-spec/compose-spec/blob/main/spec.md):
 * 1–8 services, `x-` extension fields with anchors and `<<` merge keys, short and long volume and
 * port syntax, environment as list and as map (with `${VAR:-default}`, `*_FILE` secrets, empty
 * values), deploy.resources, cap_add/cap_drop, security_opt, healthchecks, devices, namespaces
 * (network_mode/pid/ipc: host), full-line and trailing comments, occasional CRLF line endings and
 * non-ASCII comments; about 1–6 KB each.
 *
 * Dockerfiles (https://docs.docker.com/reference/dockerfile/): 20–120 lines, parser directive,
 * ARG before FROM, multi-stage builds, BuildKit heredocs (`RUN <<EOF`, `COPY <<EOF`), ENV in both the
 * `ENV A=1 B=2` and the legacy `ENV A 1` syntax, RUN with `\` continuations and `--mount`, USER or
 * not, and `HEALTHCHECK CMD …` without options (which crashes dockerfilelint 1.8.0:
 * "Cannot read properties of null (reading 'reduce')" in lib/checks.js), `HEALTHCHECK NONE`.
 *
 * CLI: `node bench/generate.mjs [--out bench/out/corpus] [--seed 1] [--compose 2000] [--dockerfile 2000]`
 * writes `<out>/compose/*`, `<out>/dockerfile/*` and `<out>/manifest.json`, and prints the sizes.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Default seed of the published figures. */
export const DEFAULT_SEED = 1;
/** Default number of files of each kind. */
export const DEFAULT_COUNT = 2000;

/**
 * mulberry32: a small 32-bit PRNG (public domain, Tommy Ettinger).
 * @param {number} seed 32-bit unsigned integer
 * @returns {() => number} uniform floats in [0, 1)
 */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a 32-bit hash of a string: derives per-file seeds. */
function fnv1a(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Random helpers over one PRNG. */
function tools(rng) {
  const int = (lo, hi) => lo + Math.floor(rng() * (hi - lo + 1));
  const pick = (arr) => arr[Math.floor(rng() * arr.length)];
  const chance = (p) => rng() < p;
  const sample = (arr, n) => {
    const copy = [...arr];
    const out = [];
    while (out.length < n && copy.length) out.push(copy.splice(Math.floor(rng() * copy.length), 1)[0]);
    return out;
  };
  const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[int(0, 15)]).join('');
  const alnum = (n) => Array.from({ length: n }, () => 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'[int(0, 55)]).join('');
  return { rng, int, pick, chance, sample, hex, alnum };
}

// ---------------------------------------------------------------------------------------------------
// Compose

const SERVICE_NAMES = ['web', 'api', 'db', 'redis', 'worker', 'proxy', 'nginx', 'cache', 'queue', 'scheduler', 'frontend', 'backend', 'auth', 'grafana', 'prometheus', 'agent', 'mailer', 'search', 'minio', 'traefik', 'cron', 'adminer', 'pgbouncer', 'exporter'];
const IMAGES = [
  'postgres:16', 'postgres:15-alpine', 'redis:7-alpine', 'redis', 'nginx:1.27', 'nginx:latest', 'traefik:v3.1', 'node:20-slim',
  'python:3.12-slim', 'ghcr.io/acme/api:1.4.2', 'registry.example.com:5000/team/worker:2024.06', 'busybox', 'grafana/grafana:latest',
  'prom/prometheus:v2.53.0', 'rabbitmq:3-management', 'mariadb:11', 'mysql:8.4', 'elasticsearch:8.14.1', 'minio/minio',
  'gcr.io/cadvisor/cadvisor:v0.49.1', 'portainer/portainer-ce:2.20.3', 'docker.io/library/alpine:3.20',
  'acme/app@sha256:4f1c7a3b1e8d2a6f9c0b5e7d3a1f2c4b6e8d0a9c7b5e3f1d2c4a6b8e0f1a3c5d7',
];
const CAPS = ['NET_ADMIN', 'SYS_ADMIN', 'NET_BIND_SERVICE', 'CHOWN', 'SYS_PTRACE', 'NET_RAW', 'DAC_OVERRIDE', 'SETUID', 'SETGID', 'SYS_TIME', 'SYS_MODULE', 'CAP_SYS_RESOURCE', 'MKNOD', 'AUDIT_WRITE'];
const SECURITY_OPTS = ['no-new-privileges:true', 'no-new-privileges=true', 'seccomp:unconfined', 'seccomp=./seccomp/profile.json', 'apparmor:unconfined', 'apparmor=docker-default', 'label:disable', 'label=type:container_t', 'systempaths=unconfined'];
const BIND_SOURCES = [
  ['./config', '/etc/app'], ['./data', '/var/lib/app'], ['/var/run/docker.sock', '/var/run/docker.sock'], ['/etc/localtime', '/etc/localtime'],
  ['/', '/rootfs'], ['/proc', '/host/proc'], ['/sys', '/sys'], ['/var/lib/docker', '/var/lib/docker'], ['${DATA_DIR:-./data}', '/data'],
  ['~/.ssh', '/root/.ssh'], ['/etc', '/host/etc'], ['./nginx/nginx.conf', '/etc/nginx/nginx.conf'], ['/dev', '/dev'], ['/home/deploy/logs', '/logs'],
];
const ENV_PLAIN = [
  ['NODE_ENV', 'production'], ['TZ', 'Europe/Berlin'], ['LOG_LEVEL', 'info'], ['PORT', '8080'], ['POSTGRES_USER', 'app'], ['POSTGRES_DB', 'app'],
  ['REDIS_URL', 'redis://redis:6379/0'], ['ADMIN_EMAIL', 'ops@example.com'], ['WORKERS', '4'], ['FEATURE_FLAGS', 'search,export'],
  ['DATABASE_HOST', 'db'], ['SMTP_USER', 'mailer'], ['PUID', '1000'], ['PGID', '1000'], ['JAVA_OPTS', '-Xms256m -Xmx512m'],
];
const ENV_SECRET = ['POSTGRES_PASSWORD', 'MYSQL_ROOT_PASSWORD', 'API_KEY', 'SECRET_KEY', 'AWS_SECRET_ACCESS_KEY', 'STRIPE_API_KEY', 'JWT_SECRET', 'GITHUB_TOKEN', 'SMTP_PASSWORD', 'SESSION_SECRET'];
const COMMENTS = ['# see docs/deploy.md', '# TODO: pin this', '# keep in sync with .env.example', '# added for debugging, remove later', '# managed by ops', '# do not expose publicly', '# Größe anpassen — ändern nach Bedarf', '# 注意: production only', '# FIXME: works on my machine'];

/** A YAML double-quoted scalar. */
const q = (s) => JSON.stringify(s);

function composeService(t, name, ctx) {
  const { int, pick, chance, sample, alnum, hex } = t;
  const L = [];
  const f = ctx.features;
  L.push(`  ${name}:${chance(0.1) ? '  ' + pick(COMMENTS) : ''}`);
  if (ctx.anchors.common && chance(0.6)) {
    L.push('    <<: *common');
    f.add('merge-key');
  }
  if (chance(0.15)) {
    L.push('    build:');
    L.push(`      context: ./${name}`);
    if (chance(0.5)) L.push(`      dockerfile: ${pick(['Dockerfile', 'Dockerfile.prod', 'docker/Dockerfile'])}`);
    if (chance(0.5)) {
      L.push('      args:');
      L.push(`        - VERSION=${int(1, 9)}.${int(0, 20)}.${int(0, 9)}`);
      if (chance(0.3)) L.push(`        - NPM_TOKEN=npm_${alnum(36)}`);
    }
    if (chance(0.5)) L.push(`    image: acme/${name}:${chance(0.5) ? 'latest' : `${int(1, 4)}.${int(0, 9)}`}`);
  } else if (chance(0.05)) {
    L.push(`    build: ./${name}`);
  } else {
    L.push(`    image: ${pick(IMAGES)}`);
  }
  if (chance(0.3)) L.push(`    container_name: ${ctx.project}-${name}`);
  if (chance(0.4)) L.push(`    restart: ${pick(['always', 'unless-stopped', 'on-failure', '"no"'])}`);
  if (chance(0.4)) {
    if (chance(0.5)) L.push(`    command: ${pick(['npm start', '--providers.docker=true --api.insecure=true', 'redis-server --appendonly yes', 'sh -c "sleep 5 && ./run.sh"'])}`);
    else {
      L.push('    command:');
      for (const c of sample(['--config=/etc/app/config.yaml', '--verbose', '--port=8080', '--log-format=json', '--metrics'], int(1, 4))) L.push(`      - ${q(c)}`);
    }
  }
  if (chance(0.75)) {
    const plain = sample(ENV_PLAIN, int(1, 6));
    const secrets = chance(0.45) ? sample(ENV_SECRET, int(1, 2)) : [];
    const asList = chance(0.45);
    L.push('    environment:');
    const entries = [];
    for (const [k, v] of plain) entries.push([k, v]);
    for (const k of secrets) {
      const form = int(0, 4);
      if (form === 0) entries.push([k, `${alnum(int(12, 28))}`]), f.add('literal-secret');
      else if (form === 1) entries.push([k, `\${${k}}`]);
      else if (form === 2) entries.push([k, `\${${k}:-change-me}`]);
      else if (form === 3) entries.push([`${k}_FILE`, `/run/secrets/${k.toLowerCase()}`]);
      else entries.push([k, '']), f.add('empty-env');
    }
    if (chance(0.2)) entries.push(['DATABASE_URL', `postgres://app:\${DB_PASSWORD}@db:5432/app`]);
    for (const [k, v] of entries) {
      if (asList) L.push(v === '' && chance(0.5) ? `      - ${k}` : `      - ${k}=${v}`);
      else L.push(`      ${k}: ${v === '' ? '' : /^[\w./:@,-]+$/.test(v) && !/^\d+$/.test(v) ? v : q(v)}`.trimEnd());
    }
    f.add(asList ? 'env-list' : 'env-map');
  }
  if (chance(0.2)) L.push(chance(0.5) ? '    env_file: .env' : `    env_file:\n      - .env\n      - ./env/${name}.env`);
  if (chance(0.55)) {
    L.push('    ports:');
    for (let i = int(1, 3); i > 0; i--) {
      if (chance(0.25)) {
        f.add('ports-long');
        L.push(`      - target: ${pick([80, 443, 8080, 5432, 9000])}`);
        L.push(`        published: ${q(String(int(1024, 65000)))}`);
        L.push(`        protocol: ${pick(['tcp', 'udp'])}`);
        if (chance(0.5)) L.push(`        host_ip: ${pick(['127.0.0.1', '0.0.0.0', '::1'])}`);
        if (chance(0.3)) L.push('        mode: host');
      } else {
        f.add('ports-short');
        const p = int(1024, 65000);
        L.push(`      - ${q(pick([`${p}:${p}`, `127.0.0.1:${p}:80`, `${p}`, `${p}-${p + 3}:${p}-${p + 3}`, `${p}:53/udp`, `0.0.0.0:${p}:8080`, `[::1]:${p}:80`]))}${chance(0.15) ? '   ' + pick(COMMENTS) : ''}`);
      }
    }
  }
  if (chance(0.1)) L.push(`    expose:\n      - "${int(3000, 9999)}"`);
  if (chance(0.7)) {
    L.push('    volumes:');
    // Distinct targets: Compose rejects two mounts on one container path.
    const binds = sample(BIND_SOURCES, 4);
    for (let i = int(1, 4); i > 0; i--) {
      const kind = int(0, 9);
      if (kind <= 2) {
        f.add('volume-named');
        L.push(`      - ${ctx.volumes[int(0, ctx.volumes.length - 1)]}:/var/lib/${name}/${i}${chance(0.3) ? ':ro' : ''}`);
      } else if (kind <= 6) {
        f.add('volume-bind-short');
        const [src, dst] = binds[i - 1];
        const mode = pick(['', '', ':ro', ':rw', ':z', ':ro,Z', ':rshared']);
        L.push(`      - ${src}:${dst}${mode}${chance(0.1) ? '  ' + pick(COMMENTS) : ''}`);
      } else if (kind <= 8) {
        f.add('volume-bind-long');
        const [src, dst] = binds[i - 1];
        L.push('      - type: bind');
        L.push(`        source: ${src}`);
        L.push(`        target: ${dst}`);
        if (chance(0.5)) L.push(`        read_only: ${pick(['true', 'false'])}`);
        if (chance(0.2)) L.push(`        bind:\n          propagation: ${pick(['rshared', 'shared', 'rslave', 'private'])}`);
      } else {
        f.add('volume-tmpfs');
        L.push('      - type: tmpfs');
        L.push(`        target: /tmp/${name}/${i}`);
        if (chance(0.5)) L.push(`        tmpfs:\n          size: ${int(1, 64) * 1048576}`);
      }
    }
  }
  if (chance(0.1)) L.push(`    tmpfs:\n      - /run\n      - /tmp:size=${int(8, 128)}m`);
  if (chance(0.12)) {
    L.push(`    privileged: ${pick(['true', 'true', 'false'])}`);
    f.add('privileged');
  }
  for (const ns of ['pid', 'ipc']) if (chance(0.05)) L.push(`    ${ns}: host`);
  if (chance(0.06)) L.push('    network_mode: host');
  else if (chance(0.6)) {
    if (chance(0.5)) L.push(`    networks: [${sample(ctx.networks, int(1, ctx.networks.length)).join(', ')}]`);
    else {
      L.push('    networks:');
      for (const n of sample(ctx.networks, int(1, ctx.networks.length))) L.push(`      - ${n}`);
    }
  }
  if (chance(0.35)) {
    L.push('    cap_drop:');
    L.push('      - ALL');
    f.add('cap-drop');
  }
  if (chance(0.3)) {
    L.push('    cap_add:');
    for (const c of sample(CAPS, int(1, 3))) L.push(`      - ${c}`);
    f.add('cap-add');
  }
  if (chance(0.4)) {
    L.push('    security_opt:');
    for (const s of sample(SECURITY_OPTS, int(1, 3))) L.push(`      - ${q(s)}`);
  }
  if (chance(0.35)) L.push(`    user: ${q(pick(['1000:1000', 'root', '0', 'node', '${UID}:${GID}', '65534', 'app:app']))}`);
  if (chance(0.25)) L.push(`    read_only: ${pick(['true', 'false'])}`);
  if (chance(0.08)) L.push(`    devices:\n      - ${pick(['/dev/kmsg', '/dev/fuse:/dev/fuse', '/dev/dri:/dev/dri', '/dev/net/tun'])}`);
  if (chance(0.05)) L.push(`    sysctls:\n      net.core.somaxconn: ${int(128, 4096)}`);
  if (chance(0.05)) L.push('    ulimits:\n      nofile:\n        soft: 20000\n        hard: 40000');
  if (chance(0.1)) L.push(`    extra_hosts:\n      - "host.docker.internal:host-gateway"`);
  if (chance(0.45)) {
    f.add('deploy-resources');
    L.push('    deploy:');
    if (chance(0.3)) L.push(`      replicas: ${int(1, 4)}`);
    L.push('      resources:');
    L.push('        limits:');
    const cpus = chance(0.8);
    if (cpus) L.push(`          cpus: ${q(pick(['0.25', '0.50', '1', '2', '1.5']))}`);
    if (!cpus || chance(0.75)) L.push(`          memory: ${pick(['128M', '256M', '512M', '1G', '2g', '64m'])}`);
    if (chance(0.3)) L.push(`          pids: ${int(50, 500)}`);
    if (chance(0.3)) L.push(`        reservations:\n          memory: ${pick(['64M', '128M'])}`);
    if (chance(0.2)) L.push('      restart_policy:\n        condition: on-failure\n        max_attempts: 3');
  } else if (chance(0.2)) {
    L.push(`    mem_limit: ${pick(['256m', '1g', '512000000'])}`);
    if (chance(0.5)) L.push(`    cpus: ${pick(['0.5', '1.0', '2'])}`);
    if (chance(0.5)) L.push(`    pids_limit: ${int(50, 500)}`);
  }
  if (chance(0.45)) {
    f.add('healthcheck');
    L.push('    healthcheck:');
    if (chance(0.08)) L.push('      disable: true');
    else {
      const form = int(0, 2);
      if (form === 0) L.push(`      test: ["CMD", "curl", "-f", "http://localhost:${int(80, 9000)}/health"]`);
      else if (form === 1) L.push(`      test: ["CMD-SHELL", "pg_isready -U $\${POSTGRES_USER} || exit 1"]`);
      else L.push('      test: wget -qO- http://localhost/ || exit 1');
      L.push(`      interval: ${int(5, 60)}s`);
      if (chance(0.7)) L.push(`      timeout: ${int(1, 10)}s`);
      if (chance(0.7)) L.push(`      retries: ${int(1, 5)}`);
      if (chance(0.3)) L.push(`      start_period: ${int(5, 120)}s`);
    }
  }
  if (ctx.services.length && chance(0.4)) {
    const deps = sample(ctx.services, int(1, Math.min(3, ctx.services.length)));
    if (chance(0.5)) L.push(`    depends_on: [${deps.join(', ')}]`);
    else {
      L.push('    depends_on:');
      for (const d of deps) L.push(`      ${d}:\n        condition: ${pick(['service_started', 'service_healthy'])}`);
    }
  }
  if (chance(0.3)) {
    L.push('    labels:');
    if (chance(0.5)) {
      L.push(`      - "traefik.enable=true"`);
      L.push(`      - "traefik.http.routers.${name}.rule=Host(\`${name}.example.com\`)"`);
    } else {
      L.push(`      com.example.team: ${pick(['platform', 'payments', 'data'])}`);
      L.push(`      com.example.commit: "${hex(12)}"`);
    }
  }
  if (ctx.anchors.logging && chance(0.4)) L.push('    logging: *default-logging');
  if (chance(0.1)) L.push(`    x-owner: ${pick(['team-a', 'team-b'])}`);
  if (chance(0.1)) L.push(`    ${pick(COMMENTS)}`);
  return L;
}

/**
 * Generates one Compose file.
 * @param {number} seed corpus seed
 * @param {number} index 0-based file index
 * @returns {{ name: string, text: string, features: string[], services: number }}
 */
export function generateCompose(seed, index) {
  const t = tools(mulberry32(fnv1a(`compose:${seed}:${index}`)));
  const { int, pick, chance, sample } = t;
  const features = new Set();
  const n = int(1, 8);
  const names = sample(SERVICE_NAMES, n);
  const project = `proj${index}`;
  const L = [];
  if (chance(0.5)) L.push(`# ${pick(['Production stack', 'Local development', 'Staging environment', 'Monitoring'])} for ${project}`, `${pick(COMMENTS)}`);
  if (chance(0.15)) L.push(`version: ${q(pick(['3.8', '3', '2.4']))}`);
  if (chance(0.5)) L.push(`name: ${project}`);
  const anchors = { logging: chance(0.4), common: chance(0.4) };
  if (anchors.logging) {
    features.add('anchor');
    L.push('', 'x-logging: &default-logging', '  driver: json-file', '  options:', `    max-size: ${int(1, 50)}m`, `    max-file: "${int(1, 5)}"`);
  }
  if (anchors.common) {
    features.add('anchor');
    L.push('', 'x-common: &common', `  restart: ${pick(['always', 'unless-stopped'])}`);
    if (chance(0.5)) L.push('  security_opt:', '    - no-new-privileges:true');
    if (chance(0.5)) L.push('  environment:', `    TZ: ${pick(['UTC', 'Europe/Paris'])}`);
  }
  if (chance(0.1)) L.push('', 'x-version: 2', `x-maintainers: [ops@example.com, dev@example.com]`);
  const volumes = sample(['data', 'dbdata', 'cache', 'uploads', 'certs', 'logs'], int(1, 3));
  const networks = sample(['front', 'back', 'internal', 'monitoring'], int(1, 3));
  const ctx = { anchors, features, project, volumes, networks, services: [] };
  L.push('', 'services:');
  for (const name of names) {
    L.push(...composeService(t, name, ctx));
    ctx.services.push(name);
    if (chance(0.5)) L.push('');
  }
  L.push('', 'volumes:');
  for (const v of volumes) L.push(chance(0.8) ? `  ${v}:` : `  ${v}:\n    driver: local`);
  L.push('', 'networks:');
  for (const nw of networks) L.push(chance(0.7) ? `  ${nw}:` : `  ${nw}:\n    driver: bridge${nw === 'internal' ? '\n    internal: true' : ''}`);
  if (chance(0.2)) L.push('', 'secrets:', '  db_password:', '    file: ./secrets/db_password.txt');
  let text = L.join('\n') + '\n';
  if (/[^\x00-\x7f]/.test(text)) features.add('non-ascii');
  if (chance(0.03)) {
    text = text.replace(/\n/g, '\r\n');
    features.add('crlf');
  }
  const name = index % 3 === 0 ? `docker-compose.${String(index).padStart(4, '0')}.yml` : `compose.${String(index).padStart(4, '0')}.yaml`;
  return { name, text, features: [...features].sort(), services: n };
}

// ---------------------------------------------------------------------------------------------------
// Dockerfiles

const BASES = [
  ['node', ['20-slim', '20-alpine', '22', 'lts']], ['python', ['3.12-slim', '3.11', '3.12-alpine']], ['golang', ['1.22', '1.23-alpine']],
  ['ubuntu', ['22.04', '24.04', 'latest']], ['debian', ['bookworm-slim', '12']], ['alpine', ['3.20', '3.19', 'latest']],
  ['eclipse-temurin', ['21-jre', '17-jdk']], ['nginx', ['1.27-alpine']], ['gcr.io/distroless/static', ['nonroot', 'latest']],
  ['rust', ['1.79']], ['php', ['8.3-fpm']], ['ruby', ['3.3-slim']],
];
const APT_PKGS = ['curl', 'ca-certificates', 'git', 'build-essential', 'libpq-dev', 'gnupg', 'unzip', 'jq', 'tini', 'openssl', 'procps', 'wget', 'netcat-openbsd', 'locales'];
const APK_PKGS = ['curl', 'ca-certificates', 'git', 'bash', 'tini', 'openssl', 'su-exec', 'tzdata', 'jq'];

function dockerfileStage(t, ctx, isFinal, budget) {
  const { int, pick, chance, sample, alnum } = t;
  const f = ctx.features;
  const L = [];
  const [img, tags] = pick(BASES);
  const alpine = /alpine/.test(tags.join()) && chance(0.5);
  const ref = ctx.globalArg && chance(0.6) ? `${img}:\${${ctx.globalArg}}` : `${img}:${pick(tags)}`;
  const stageName = isFinal ? (chance(0.3) ? 'runtime' : '') : pick(['build', 'builder', 'deps', 'base', 'compile']) + (ctx.stages.length || '');
  L.push(`FROM ${chance(0.1) ? '--platform=$BUILDPLATFORM ' : ''}${ref}${stageName ? ` ${chance(0.8) ? 'AS' : 'as'} ${stageName}` : ''}`);
  if (chance(0.5)) L.push(`LABEL org.opencontainers.image.source="https://github.com/acme/${ctx.name}" \\\n      org.opencontainers.image.licenses="Apache-2.0"`);
  if (chance(0.4)) {
    L.push(`ARG ${pick(['APP_VERSION', 'BUILD_DATE', 'GIT_SHA'])}${chance(0.5) ? `=${int(1, 9)}.${int(0, 9)}` : ''}`);
    f.add('arg');
  }
  if (chance(0.2)) {
    L.push(`ARG ${pick(['NPM_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN'])}`);
    if (chance(0.5)) L.push(`ENV ${pick(['NPM_TOKEN', 'GITHUB_TOKEN'])}=\${${pick(['NPM_TOKEN', 'GITHUB_TOKEN'])}}`);
  }
  if (chance(0.6)) {
    if (chance(0.5)) {
      L.push(`ENV ${sample(['LANG=C.UTF-8', 'PYTHONDONTWRITEBYTECODE=1', 'PYTHONUNBUFFERED=1', 'NODE_ENV=production', 'PATH="/app/bin:$PATH"', 'APP_HOME=/app'], int(1, 3)).join(' \\\n    ')}`);
      f.add('env-equals');
    } else {
      L.push(`ENV ${pick(['NODE_ENV production', 'APP_HOME /app', 'LANG C.UTF-8', 'JAVA_OPTS -Xmx512m -XX:+UseG1GC'])}`);
      f.add('env-legacy');
    }
  }
  if (chance(0.12)) {
    L.push(`ENV ${pick(['API_KEY', 'DB_PASSWORD', 'SECRET_KEY_BASE', 'AWS_SECRET_ACCESS_KEY'])}=${alnum(int(16, 40))}`);
    f.add('literal-secret');
  }
  L.push(`WORKDIR ${pick(['/app', '/src', '/usr/src/app', '/opt/service', '/go/src/app'])}`);
  if (chance(0.2)) L.push(`SHELL ["/bin/bash", "-o", "pipefail", "-c"]`);
  // Fill up to `budget` physical lines; a block that would overflow is dropped and a shorter one tried.
  let used = L.reduce((n, block) => n + block.split('\n').length, 0);
  for (let attempts = 0; used < budget && attempts < 40; attempts++) {
    const before = L.length;
    const k = int(0, 15);
    if (k <= 3) {
      f.add('run-continuation');
      if (alpine) L.push(`RUN apk add --no-cache \\\n${sample(APK_PKGS, int(2, 6)).map((p) => `      ${p}`).join(' \\\n')}`);
      else {
        const pkgs = sample(APT_PKGS, int(2, 8));
        L.push(`RUN apt-get update \\\n    && apt-get install -y --no-install-recommends \\\n${pkgs.map((p) => `       ${p}`).join(' \\\n')} \\\n    && rm -rf /var/lib/apt/lists/*`);
      }
    } else if (k === 4) {
      f.add('heredoc');
      L.push(`RUN <<EOF\nset -eux\n${pick(['groupadd -r app && useradd -r -g app app', 'mkdir -p /app/data /app/logs', 'echo "building $APP_VERSION"'])}\n${pick(['chown -R 1000:1000 /app', 'ln -sf /dev/stdout /var/log/app.log', 'true'])}\nEOF`);
    } else if (k === 5) {
      f.add('heredoc');
      L.push(`COPY <<EOF /etc/app/${pick(['app.conf', 'entrypoint.sh', 'settings.ini'])}\n[server]\nport = ${int(1024, 9999)}\nworkers = ${int(1, 16)}\nEOF`);
    } else if (k <= 7) {
      L.push(`COPY ${chance(0.3) ? '--chown=1000:1000 ' : ''}${pick(['package.json package-lock.json ./', 'requirements.txt .', 'go.mod go.sum ./', '. .', 'src/ ./src/', 'Gemfile Gemfile.lock ./'])}`);
    } else if (k === 8) {
      L.push(`RUN ${chance(0.4) ? '--mount=type=cache,target=/root/.cache ' : ''}${pick(['npm ci --omit=dev', 'pip install --no-cache-dir -r requirements.txt', 'go build -o /out/app ./cmd/app', 'cargo build --release', 'bundle install --jobs 4'])}`);
    } else if (k === 9) {
      L.push(`RUN ["${pick(['/bin/sh', 'sh'])}", "-c", "${pick(['make install', 'echo ok', 'ldconfig'])}"]`);
    } else if (k === 10) {
      L.push(`ADD ${pick(['https://example.com/tool.tar.gz /tmp/', 'vendor.tar.gz /opt/', '--chmod=755 https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini'])}`);
    } else if (k === 11) {
      L.push(`# ${pick(['install dependencies first for better caching', 'TODO: drop root', 'see https://docs.docker.com/build/', 'Ünïcödé comment ✓'])}`);
    } else if (k === 12) {
      L.push(`RUN ${pick(['chmod 4755 /usr/local/bin/helper', 'chmod +x /entrypoint.sh', 'curl -fsSL https://get.example.com | sh', 'useradd --uid 10001 --create-home app', 'echo "$SECRET" > /tmp/x && rm /tmp/x'])}`);
    } else if (k === 13) {
      L.push(`EXPOSE ${pick(['80', '8080', '443 8443', '3000/tcp', '53/udp'])}`);
    } else if (k === 14) {
      L.push(`VOLUME ${pick(['/data', '["/var/lib/app"]', '/tmp /var/cache'])}`);
    } else {
      L.push('');
    }
    const added = L.slice(before).reduce((n, block) => n + block.split('\n').length, 0);
    if (used + added > budget) L.length = before;
    else used += added;
  }
  if (!isFinal) return L;
  if (ctx.stages.length) {
    L.push(`COPY --from=${pick(ctx.stages)} ${pick(['/out/app /usr/local/bin/app', '/app/dist ./dist', '/usr/src/app/node_modules ./node_modules'])}`);
  }
  const userForm = int(0, 9);
  if (userForm <= 3) {
    L.push(`USER ${pick(['1000:1000', 'app', 'node', '10001', 'nobody', 'nonroot:nonroot'])}`);
    f.add('user');
  } else if (userForm === 4) {
    L.push('USER root');
    f.add('user-root');
  } else f.add('no-user');
  const hc = int(0, 5);
  if (hc <= 1) {
    L.push(`HEALTHCHECK CMD ${pick(['curl -f http://localhost/ || exit 1', 'wget -qO- http://localhost:8080/health || exit 1', '["/app/healthcheck"]', 'pg_isready'])}`);
    f.add('healthcheck-no-options');
  } else if (hc <= 3) {
    L.push(`HEALTHCHECK --interval=${int(5, 60)}s --timeout=${int(1, 10)}s${chance(0.5) ? ` --start-period=${int(5, 60)}s --retries=${int(1, 5)}` : ''} \\\n  CMD ${pick(['curl -f http://localhost/ || exit 1', '["/app/healthcheck", "--quiet"]'])}`);
    f.add('healthcheck-options');
  } else if (hc === 4) {
    L.push('HEALTHCHECK NONE');
    f.add('healthcheck-none');
  }
  if (chance(0.2)) L.push(`STOPSIGNAL ${pick(['SIGTERM', 'SIGQUIT'])}`);
  if (chance(0.5)) L.push(`ENTRYPOINT ${pick(['["/tini", "--"]', '["/entrypoint.sh"]', '/usr/local/bin/app'])}`);
  L.push(`CMD ${pick(['["node", "server.js"]', '["python", "-m", "app"]', '["/usr/local/bin/app"]', 'nginx -g "daemon off;"', '["bundle", "exec", "puma"]'])}`);
  return L;
}

/**
 * Generates one Dockerfile.
 * @param {number} seed corpus seed
 * @param {number} index 0-based file index
 * @returns {{ name: string, text: string, features: string[], stages: number }}
 */
export function generateDockerfile(seed, index) {
  const t = tools(mulberry32(fnv1a(`dockerfile:${seed}:${index}`)));
  const { int, pick, chance } = t;
  const features = new Set();
  const target = int(22, 116);
  const nStages = int(1, Math.min(3, 1 + Math.floor(target / 35)));
  const ctx = { features, name: `svc${index}`, stages: [], globalArg: undefined };
  const L = [];
  if (chance(0.4)) {
    L.push('# syntax=docker/dockerfile:1');
    features.add('directive');
  }
  if (chance(0.5)) L.push(`# ${pick(['Build and run the service', 'Multi-stage build', 'Production image'])}`);
  if (chance(0.35)) {
    ctx.globalArg = pick(['BASE_TAG', 'NODE_VERSION', 'PY_VERSION']);
    L.push(`ARG ${ctx.globalArg}=${pick(['20-slim', '3.12', 'latest'])}`);
    features.add('arg-before-from');
  }
  // Budget in physical lines per stage: the target minus the header and the final stage's closing lines.
  const perStage = Math.max(8, Math.floor((target - L.length - 4) / nStages));
  for (let s = 0; s < nStages; s++) {
    const isFinal = s === nStages - 1;
    const lines = dockerfileStage(t, ctx, isFinal, perStage);
    L.push(...lines, '');
    if (!isFinal) ctx.stages.push(lines[0].split(/\s+/).pop());
  }
  if (nStages > 1) features.add('multi-stage');
  const text = L.join('\n').replace(/\n+$/, '') + '\n';
  if (/[^\x00-\x7f]/.test(text)) features.add('non-ascii');
  const name = index % 4 === 3 ? `svc${String(index).padStart(4, '0')}.Dockerfile` : `Dockerfile.${String(index).padStart(4, '0')}`;
  return { name, text, features: [...features].sort(), stages: nStages };
}

/**
 * Generates the corpus in memory.
 * @param {{ seed?: number, compose?: number, dockerfile?: number }} [opts] counts default to {@link DEFAULT_COUNT}
 * @returns {{ seed: number, compose: ReturnType<typeof generateCompose>[], dockerfile: ReturnType<typeof generateDockerfile>[] }}
 */
export function generateCorpus(opts = {}) {
  const seed = opts.seed ?? DEFAULT_SEED;
  const compose = Array.from({ length: opts.compose ?? DEFAULT_COUNT }, (_, i) => generateCompose(seed, i));
  const dockerfile = Array.from({ length: opts.dockerfile ?? DEFAULT_COUNT }, (_, i) => generateDockerfile(seed, i));
  return { seed, compose, dockerfile };
}

/**
 * Writes a corpus to `<dir>/compose/`, `<dir>/dockerfile/` and `<dir>/manifest.json` (replacing what was there).
 * The manifest lists every file with its size in bytes, its features and, for Dockerfiles, whether it contains
 * `HEALTHCHECK CMD` without options (the dockerfilelint 1.8.0 crash trigger).
 * @returns {{ compose: { files: number, bytes: number }, dockerfile: { files: number, bytes: number } }}
 */
export function writeCorpus(dir, corpus) {
  const sizes = {};
  const manifest = { seed: corpus.seed, generator: 'bench/generate.mjs', kinds: {} };
  for (const kind of ['compose', 'dockerfile']) {
    const sub = join(dir, kind);
    rmSync(sub, { recursive: true, force: true });
    mkdirSync(sub, { recursive: true });
    let bytes = 0;
    const files = [];
    for (const f of corpus[kind]) {
      const buf = Buffer.from(f.text, 'utf8');
      writeFileSync(join(sub, f.name), buf);
      bytes += buf.length;
      files.push({ name: f.name, bytes: buf.length, features: f.features });
    }
    sizes[kind] = { files: files.length, bytes };
    manifest.kinds[kind] = { files: files.length, bytes, list: files };
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n');
  return sizes;
}

function parseArgs(argv) {
  const out = { out: 'bench/out/corpus', seed: DEFAULT_SEED, compose: DEFAULT_COUNT, dockerfile: DEFAULT_COUNT };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--out') out.out = v, i++;
    else if (a === '--seed') out.seed = Number(v), i++;
    else if (a === '--compose') out.compose = Number(v), i++;
    else if (a === '--dockerfile') out.dockerfile = Number(v), i++;
    else if (a === '--count') out.compose = out.dockerfile = Number(v), i++;
    else throw new Error(`unknown argument ${a} (use --out DIR --seed N --compose N --dockerfile N --count N)`);
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const args = parseArgs(process.argv.slice(2));
    const sizes = writeCorpus(args.out, generateCorpus(args));
    for (const [kind, s] of Object.entries(sizes)) {
      console.log(`${kind.padEnd(10)} ${String(s.files).padStart(5)} files  ${(s.bytes / 1e6).toFixed(2)} MB  (avg ${(s.bytes / s.files / 1024).toFixed(1)} KB)  -> ${join(args.out, kind)}`);
    }
  } catch (e) {
    console.error(`generate: ${e.message}`);
    process.exit(2);
  }
}
