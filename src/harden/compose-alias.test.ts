/**
 * Compose lists written on a service as an alias of a shared anchor (`volumes: *vols`, `cap_drop: *drops`):
 * a fix that must change the list replaces the alias on that service with the list (YAML 1.2 and Compose
 * reject a second `volumes:` key), keeps the anchor for its other users, and the output parses (R-G5, R-G7;
 * qa9: the duplicate key made harden drop every change of the file).
 */
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { hardenText } from './index.js';

const STACK = [
  'x-vols: &vols',
  '  - /var/run/docker.sock:/var/run/docker.sock',
  '  - ./data:/data',
  'services:',
  '  one:',
  '    image: alpine:3.19',
  '    volumes: *vols',
  '  two:',
  "    image: 'alpine:3.19'",
  '    volumes: *vols   # same mounts',
  '',
].join('\n');

describe('compose: a list written as an alias on the service', () => {
  it('BW-0013 (unsafe): the alias is replaced by the list without the socket, on each service; no duplicate key', async () => {
    const r = await hardenText({ path: 'compose.yaml', text: STACK }, { unsafe: true, only: ['BW-0013'] });
    expect(r.output.split('\n')).toEqual([
      'x-vols: &vols',
      '  - /var/run/docker.sock:/var/run/docker.sock',
      '  - ./data:/data',
      'services:',
      '  one:',
      '    image: alpine:3.19',
      '    volumes: ["./data:/data"]  # bulwark: replaces the volumes of the shared anchor *vols',
      '  two:',
      "    image: 'alpine:3.19'",
      '    volumes: ["./data:/data"]   # same mounts',
      '',
    ]);
    expect(r.notes).toEqual([]);
    expect(r.changes.map((c) => `${c.line}:${c.column} ${c.target} ${c.ruleId} ${c.applicability}`)).toEqual(['2:5 one BW-0013 unsafe', '2:5 two BW-0013 unsafe']);
    expect(parseDocument(r.output).errors).toEqual([]);
  });

  it('BW-0003 (safe): NET_RAW added to an aliased cap_drop list on the service, not as a second cap_drop key', async () => {
    const text = 'x-drops: &drops [MKNOD]\nservices:\n  a:\n    image: x\n    cap_drop: *drops\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0003'] });
    expect(r.output).toBe('x-drops: &drops [MKNOD]\nservices:\n  a:\n    image: x\n    cap_drop: [MKNOD, NET_RAW]  # bulwark: replaces the cap_drop of the shared anchor *drops\n');
    expect(r.changes).toHaveLength(1);
  });

  it('BW-0011 (safe): a writable /etc bind in a shared aliased list is made read-only on each service that uses it', async () => {
    const text = 'x-vols: &vols\n  - /etc:/host/etc\n  - ./data:/data\nservices:\n  one:\n    image: x\n    volumes: *vols\n  two:\n    image: x\n    volumes: *vols\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0011'] });
    expect(r.output.split('\n')).toEqual([
      'x-vols: &vols',
      '  - /etc:/host/etc',
      '  - ./data:/data',
      'services:',
      '  one:',
      '    image: x',
      '    volumes: ["/etc:/host/etc:ro", "./data:/data"]  # bulwark: replaces the volumes of the shared anchor *vols',
      '  two:',
      '    image: x',
      '    volumes: ["/etc:/host/etc:ro", "./data:/data"]  # bulwark: replaces the volumes of the shared anchor *vols',
      '',
    ]);
    expect(r.notes).toEqual([]);
    expect(r.changes.map((c) => `${c.line}:${c.column} ${c.target} ${c.ruleId} ${c.applicability}`)).toEqual(['2:5 one BW-0011 safe', '2:5 two BW-0011 safe']);
  });
});

describe('compose: settings merged from an anchored mapping (<<: *common) — notes name exactly the services that get them', () => {
  it('edits the anchor when the other services that merge it write the key themselves (they do not get the change)', async () => {
    const text = 'x-common: &common\n  image: nginx:1.25\n  pid: host\nservices:\n  web:\n    <<: *common\n  api:\n    <<: *common\n    pid: "service:web"\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { unsafe: true, only: ['BW-0016'] });
    expect(r.output).toBe('x-common: &common\n  image: nginx:1.25\nservices:\n  web:\n    <<: *common\n  api:\n    <<: *common\n    pid: "service:web"\n');
    expect(r.changes.map((c) => `${c.line}:${c.column} ${c.target} ${c.ruleId}`)).toEqual(['3:8 web BW-0016']);
    expect(r.notes).toEqual([]);
  });

  it('edits the anchor when its only other alias is outside services (x-copy: *common, which Compose ignores)', async () => {
    const text = 'x-common: &common\n  image: nginx:1.25\n  pid: host\nx-copy: *common\nservices:\n  web:\n    <<: *common\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { unsafe: true, only: ['BW-0016'] });
    expect(r.output).toBe('x-common: &common\n  image: nginx:1.25\nx-copy: *common\nservices:\n  web:\n    <<: *common\n');
    expect(r.notes).toEqual([]);
  });

  it('a shared setting is left with a note naming the services that get it (not the one that overrides it), and an own key that hides a merged one is not removed', async () => {
    const text = 'x-common: &common\n  image: nginx:1.25\n  pid: host\nservices:\n  web:\n    <<: *common\n  api:\n    <<: *common\n  worker:\n    <<: *common\n    pid: "service:web"\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { unsafe: true, only: ['BW-0016'] });
    expect(r.output).toBe(text);
    expect(r.changes).toEqual([]);
    expect(r.notes).toEqual([
      'web: BW-0016: pid: host comes from the anchor &common, which gives it to web and api: remove it there (it changes every one of them) or set pid on this service, by hand',
      'api: BW-0016: pid: host comes from the anchor &common, which gives it to web and api: remove it there (it changes every one of them) or set pid on this service, by hand',
      'worker: BW-0016: removing pid from this service would give it the `pid: host` it merges from the anchor &common; change it by hand',
    ]);
  });

  it('a mount in a shared anchor: the note names the anchor and its services', async () => {
    const text = 'x-common: &common\n  image: nginx:1.25\n  volumes:\n    - /etc:/etc\nservices:\n  web:\n    <<: *common\n  api:\n    <<: *common\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0011'] });
    expect(r.output).toBe(text);
    expect(r.notes).toEqual([
      'web: BW-0011: the mount /etc comes from the anchor &common, which gives it to web and api: make it read-only there (it changes every one of them) or write volumes on this service, by hand',
      'api: BW-0011: the mount /etc comes from the anchor &common, which gives it to web and api: make it read-only there (it changes every one of them) or write volumes on this service, by hand',
    ]);
  });

  it('the only item of an own list that hides a merged one becomes an empty list, so the merged items do not come back', async () => {
    const text = 'x-common: &common\n  image: nginx:1.25\n  cap_add: [NET_ADMIN]\nservices:\n  web:\n    <<: *common\n    cap_add:\n      - SYS_ADMIN\n  api:\n    <<: *common\n    cap_add: [CHOWN]\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { unsafe: true, only: ['BW-0002'] });
    expect(r.output).toBe('x-common: &common\n  image: nginx:1.25\n  cap_add: [NET_ADMIN]\nservices:\n  web:\n    <<: *common\n    cap_add: []\n  api:\n    <<: *common\n    cap_add: [CHOWN]\n');
    expect(r.notes).toEqual([]);
  });
});

describe('compose: a fix that empties an anchored mapping merged with <<', () => {
  it('the anchor keeps an empty mapping (`&chromium {}`): a null merge source is a file docker compose refuses (QA core r01)', async () => {
    const text = ['x-chromium: &chromium', '  security_opt:', '    - seccomp:unconfined', 'services:', '  browser:', '    <<: *chromium', '    image: browserless/chrome:1.61', ''].join('\n');
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0021'] });
    expect(r.output.split('\n')).toEqual(['x-chromium: &chromium {}', 'services:', '  browser:', '    <<: *chromium', '    image: browserless/chrome:1.61', '']);
    expect(r.changes.map((c) => c.ruleId)).toEqual(['BW-0021']);
    expect(parseDocument(r.output, { merge: true }).toJS()).toEqual({ 'x-chromium': {}, services: { browser: { image: 'browserless/chrome:1.61' } } });
  });
  it('an anchor in a merge list, emptied by the unsafe privileged fix, becomes `&priv {}`; the other source stays', async () => {
    const text = ['x-priv: &priv', '  privileged: true', 'x-base: &base', '  image: alpine:3.20', 'services:', '  a:', '    <<: [*priv, *base]', '    command: sleep 1', ''].join('\n');
    const r = await hardenText({ path: 'compose.yaml', text }, { unsafe: true, only: ['BW-0001'] });
    expect(r.output.split('\n').slice(0, 8)).toEqual(['x-priv: &priv {}', 'x-base: &base', '  image: alpine:3.20', 'services:', '  a:', '    <<: [*priv, *base]', '    command: sleep 1', '']);
  });
});
