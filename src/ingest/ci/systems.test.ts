/**
 * QA round 2 of the other CI services (./systems.ts, ./expressions.ts; kind `ci`): real-world shapes that were
 * misread, each through the engine (`auditSources`) with exact rule ids, lines and columns (R-G5, R-G6, R-S).
 */
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { auditSources } from '../../engine/audit.js';
import { SourceFile } from '../../model/source.js';
import { droneContainers } from './systems.js';

const audit = async (path: string, text: string) => auditSources([{ path, text }], { env: {} });
/** `ruleId line:column target` of the findings with the given ids, in report order. */
const at = (r: Awaited<ReturnType<typeof audit>>, ids: string[]) =>
  r.findings.filter((f) => ids.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.location.startLine}:${f.location.startColumn} ${f.target.name}`);

describe('CircleCI', () => {
  it('reads << parameters.x >> / << pipeline.parameters.x >> as unknown values, not as a here-document', async () => {
    const text = [
      'version: 2.1',
      'commands:',
      '  start-db:',
      '    parameters:',
      '      version: {type: string, default: "14"}',
      '    steps:',
      '      - run: docker run -d --name pg -e POSTGRES_PASSWORD=circle-pw-literal postgres:<< parameters.version >>',
      'jobs:',
      '  it:',
      '    machine: {image: ubuntu-2204:current}',
      '    steps:',
      '      - run: |',
      '          docker run --rm --pid=host <<pipeline.parameters.image>> true',
      '          cat <<EOF > x',
      '          docker run --privileged not-a-command',
      '          EOF',
      '',
    ].join('\n');
    const r = await audit('.circleci/config.yml', text);
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => [f.kind, f.containers])).toEqual([['ci', 2]]);
    expect(at(r, ['BW-0001', 'BW-0016', 'BW-0026'])).toEqual(['BW-0026 7:38 pg', 'BW-0016 13:27 <<pipeline.parameters.image>>']);
  });
});

describe('Drone and Woodpecker step containers', () => {
  it('reads a privileged step, a host volume by name (Drone) and a temp volume (not a host mount), each step named', async () => {
    const text = [
      'kind: pipeline', // 1
      'type: docker',
      'name: default',
      'steps:',
      '- name: publish', // 5
      '  image: plugins/docker',
      '  privileged: true',
      '- name: it',
      '  image: docker:24',
      '  volumes:', // 10
      '  - name: sock',
      '    path: /var/run/docker.sock',
      '  - name: cache',
      '    path: /cache',
      '  commands:', // 15
      '  - docker run --rm --pid=host alpine:3.20 true',
      'services:',
      '- name: db',
      '  image: mysql:8',
      'volumes:', // 20
      '- name: sock',
      '  host:',
      '    path: /var/run/docker.sock',
      '- name: cache',
      '  temp: {}', // 25
      '---',
      'kind: pipeline',
      'type: exec',
      'name: bare',
      'steps:', // 30
      '- name: host',
      '  image: ignored:1',
      '  privileged: true',
      '',
    ].join('\n');
    const r = await audit('.drone.yml', text);
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => f.containers)).toEqual([4]);
    expect(at(r, ['BW-0001', 'BW-0011', 'BW-0012', 'BW-0013', 'BW-0016', 'BW-0038'])).toEqual([
      'BW-0001 7:3 publish',
      'BW-0013 12:11 it',
      'BW-0038 16:5 alpine:3.20',
      'BW-0016 16:21 alpine:3.20',
    ]);
  });

  it('Woodpecker: steps as a map, short volume syntax, network_mode', async () => {
    const text = [
      'steps:',
      '  build:',
      '    image: golang:1.22',
      '    network_mode: host',
      '    volumes:',
      '      - "/var/run/docker.sock:/var/run/docker.sock"',
      '      - /etc:/host-etc:ro',
      '    privileged: false',
      '',
    ].join('\n');
    const r = await audit('.woodpecker/ci.yaml', text);
    expect(r.errors).toEqual([]);
    expect(at(r, ['BW-0001', 'BW-0011', 'BW-0013', 'BW-0015'])).toEqual(['BW-0015 4:19 build', 'BW-0013 6:10 build', 'BW-0011 7:9 build']);
  });
});

describe('Azure Pipelines containers', () => {
  it('reads container resources (options, ports) by alias, and an inline job container; a reference is not read twice', async () => {
    const text = [
      'resources:', // 1
      '  containers:',
      '  - container: pg',
      '    image: postgres:15',
      '    ports:', // 5
      '    - 5432:5432',
      '    options: --privileged',
      '  - container: builder',
      '    image: mcr.microsoft.com/dotnet/sdk:8.0',
      '    options: --cap-add SYS_ADMIN -v /var/run/docker.sock:/var/run/docker.sock', // 10
      'jobs:',
      '- job: a',
      '  container: builder',
      '  services:',
      '    postgres: pg', // 15
      '  steps:',
      '  - script: echo "docker run --privileged is bad"',
      '- job: b',
      '  pool: {vmImage: ubuntu-22.04}',
      '  container:', // 20
      '    image: ubuntu:22.04',
      '    options: --pid=host',
      '  steps:',
      '  - script: make',
      '',
    ].join('\n');
    const r = await audit('azure-pipelines.yml', text);
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => f.containers)).toEqual([3]);
    expect(at(r, ['BW-0001', 'BW-0002', 'BW-0013', 'BW-0016', 'BW-0038'])).toEqual([
      'BW-0001 7:14 pg',
      'BW-0002 10:14 builder',
      'BW-0013 10:34 builder',
      'BW-0016 22:14 ubuntu:22.04',
    ]);
  });
});

describe('Buildkite docker plugin', () => {
  it('reads docker#vX plugin settings (privileged, volumes, add-caps, user) as a docker run; docker-compose plugin not', async () => {
    const text = [
      'steps:',
      '  - label: test',
      '    command: npm test',
      '    plugins:',
      '      - docker#v5.10.0:', // 5
      '          image: "node:20"',
      '          privileged: true',
      '          user: root',
      '          add-caps: [SYS_ADMIN]',
      '          volumes:', // 10
      '            - "/var/run/docker.sock:/var/run/docker.sock"',
      '      - docker-compose#v4.16.0:',
      '          run: app',
      '',
    ].join('\n');
    const r = await audit('.buildkite/pipeline.yml', text);
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => f.containers)).toEqual([1]);
    expect(at(r, ['BW-0001', 'BW-0002', 'BW-0005', 'BW-0013'])).toEqual([
      'BW-0001 7:11 node:20',
      'BW-0005 8:17 node:20',
      'BW-0002 9:22 node:20',
      'BW-0013 11:16 node:20',
    ]);
  });
});

describe('Drone / Woodpecker environment: (qa17)', () => {
  it('reads a step environment map and Woodpecker list as -e: dind without TLS, a literal password, from_secret skipped', async () => {
    const text = [
      'steps:',
      '  dind:',
      '    image: docker:dind',
      '    privileged: true',
      '    environment:',
      '      DOCKER_TLS_CERTDIR: ""',
      '      DB_PASSWORD: wp-literal-pw-77',
      '      TOKEN:',
      '        from_secret: token',
      '  test:',
      '    image: golang:1.22',
      '    environment:',
      '      - API_SECRET=list-form-secret-9',
      '',
    ].join('\n');
    const r = await audit('.woodpecker.yml', text);
    expect(r.errors).toEqual([]);
    expect(at(r, ['BW-0001', 'BW-0026', 'BW-0045'])).toEqual(['BW-0001 4:5 dind', 'BW-0045 6:7 dind', 'BW-0026 7:7 dind', 'BW-0026 13:9 test']);
    const { containers } = droneContainers(new SourceFile('.woodpecker.yml', text), parseDocument(text));
    expect(containers.map((c) => c.env.map((e) => `${e.name}=${e.kind}:${e.value ?? ''}`))).toEqual([
      ['DOCKER_TLS_CERTDIR=literal:', 'DB_PASSWORD=literal:wp-literal-pw-77'],
      ['API_SECRET=literal:list-form-secret-9'],
    ]);
  });
});
