import { describe, expect, it } from 'vitest';
import { hardenText } from '../index.js';

describe('mount fixes', () => {
  it('BW-0011: makes writable sensitive binds read-only in every syntax (safe for /etc, /proc, home)', async () => {
    const text = [
      'services:',
      '  a:',
      '    image: x',
      '    volumes:',
      '      - /etc:/host/etc          # config',
      '      - "/proc:/host/proc:rw"',
      "      - '~/.ssh:/keys:z'",
      '      - type: bind',
      '        source: /root',
      '        target: /r',
      '      - ./data:/data',
      '',
    ].join('\n');
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0011'] });
    expect(r.output).toBe(
      [
        'services:',
        '  a:',
        '    image: x',
        '    volumes:',
        '      - /etc:/host/etc:ro          # config',
        '      - "/proc:/host/proc:ro"',
        "      - '~/.ssh:/keys:z,ro'",
        '      - type: bind',
        '        source: /root',
        '        target: /r',
        '        read_only: true',
        '      - ./data:/data',
        '',
      ].join('\n'),
    );
    expect(r.changes.map((c) => [c.line, c.applicability])).toEqual([
      [5, 'safe'],
      [6, 'safe'],
      [7, 'safe'],
      [8, 'safe'],
    ]);
  });

  it('BW-0011: read-only is unsafe where services usually write (/var/log)', async () => {
    const text = 'services:\n  a:\n    image: x\n    volumes:\n      - /var/log:/logs\n';
    expect((await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0011'] })).output).toBe(text);
    // With --unsafe-fixes it is made read-only, then the read-only bind is removed in the next round.
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0011'], unsafe: true });
    expect(r.changes.map((c) => [c.title, c.applicability])).toEqual([
      ['make the sensitive host mount read-only', 'unsafe'],
      ['remove the read-only sensitive host mount', 'unsafe'],
    ]);
    expect(r.output).toBe('services:\n  a:\n    image: x\n');
  });

  it('BW-0011 run line: -v, --volume=, quoted and --mount', async () => {
    const text = 'docker run -v /etc:/e --volume=/proc:/p:rw -v "/sys:/s" --mount type=bind,src=/root,dst=/r alpine\n';
    const r = await hardenText({ path: 'x.sh', text }, { only: ['BW-0011'] });
    expect(r.output).toBe('docker run -v /etc:/e:ro --volume=/proc:/p:ro -v "/sys:/s:ro" --mount type=bind,src=/root,dst=/r,readonly alpine\n');
  });

  it('BW-0013 (unsafe): removes the docker.sock mount, its line in a continued command', async () => {
    const text = 'docker run -d \\\n  -v /var/run/docker.sock:/var/run/docker.sock \\\n  -p 80:80 traefik\n';
    const r = await hardenText({ path: 'x.sh', text }, { only: ['BW-0013'], unsafe: true });
    expect(r.output).toBe('docker run -d \\\n  -p 80:80 traefik\n');
    const y = 'services:\n  t:\n    image: traefik\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n      - ./conf:/conf\n';
    expect((await hardenText({ path: 'compose.yaml', text: y }, { only: ['BW-0013'], unsafe: true })).output).toBe('services:\n  t:\n    image: traefik\n    volumes:\n      - ./conf:/conf\n');
  });

  it('BW-0013 (unsafe): removes the use_api_socket line (Compose) and --use-api-socket (run line)', async () => {
    const y = 'services:\n  gw:\n    image: docker/mcp-gateway:v2\n    use_api_socket: true # needs the engine\n    command: ["--transport=sse"]\n';
    const r = await hardenText({ path: 'compose.yaml', text: y }, { only: ['BW-0013'], unsafe: true });
    expect(r.output).toBe('services:\n  gw:\n    image: docker/mcp-gateway:v2\n    command: ["--transport=sse"]\n');
    const sh = 'docker run -d --use-api-socket --name gw docker/mcp-gateway:v2\n';
    expect((await hardenText({ path: 'gw.sh', text: sh }, { only: ['BW-0013'], unsafe: true })).output).toBe('docker run -d --name gw docker/mcp-gateway:v2\n');
  });

  it('a socket shared through volumes_from is removed where it is written; the companion then has none (QA)', async () => {
    const text = 'services:\n  proxy:\n    image: nginxproxy/nginx-proxy:1.6\n    volumes:\n      - /var/run/docker.sock:/tmp/docker.sock:ro\n      - certs:/etc/nginx/certs\n  acme:\n    image: nginxproxy/acme-companion:2.4\n    volumes_from: [proxy]\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0013'], unsafe: true });
    expect(r.output).toBe(text.replace('      - /var/run/docker.sock:/tmp/docker.sock:ro\n', ''));
    expect(r.changes.map((c) => [c.ruleId, c.target, c.line, c.column])).toEqual([['BW-0013', 'proxy', 5, 9]]);
    expect(r.notes).toEqual([]);
  });

  it('BW-0011 (unsafe): removes read-only sensitive binds, after making a writable one read-only', async () => {
    const text = 'services:\n  a:\n    image: x\n    volumes:\n      - /:/rootfs:ro\n      - ./data:/data\n      - /sys:/sys:ro\n      - /etc:/host/etc\n';
    const safe = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0011'] });
    expect(safe.output).toBe('services:\n  a:\n    image: x\n    volumes:\n      - /:/rootfs:ro\n      - ./data:/data\n      - /sys:/sys:ro\n      - /etc:/host/etc:ro\n');
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0011'], unsafe: true });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    volumes:\n      - ./data:/data\n');
    // Lines are those of the input, whichever round made the change: /etc is on line 8 (line 6 of round 2's text).
    expect(r.changes.map((c) => [c.title, c.line, c.applicability])).toEqual([
      ['remove the read-only sensitive host mount', 5, 'unsafe'],
      ['remove the read-only sensitive host mount', 7, 'unsafe'],
      ['make the sensitive host mount read-only', 8, 'safe'],
      ['remove the read-only sensitive host mount', 8, 'unsafe'],
    ]);
    const run = await hardenText({ path: 'x.sh', text: 'docker run -v /:/host:ro --mount type=bind,src=/etc,dst=/e,readonly busybox\n' }, { only: ['BW-0011'], unsafe: true });
    expect(run.output).toBe('docker run busybox\n');
  });

  // qa9: Immich's and Frigate's `/etc/localtime:/etc/localtime:ro` was removed with --unsafe-fixes.
  it('BW-0011 (unsafe): keeps read-only binds the audit rates info (a harmless host file: timezone, CA certificates)', async () => {
    const text = 'services:\n  a:\n    image: x\n    volumes:\n      - /etc/localtime:/etc/localtime:ro\n      - /etc/ssl/certs:/etc/ssl/certs:ro\n      - /sys:/sys:ro\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0011'], unsafe: true });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    volumes:\n      - /etc/localtime:/etc/localtime:ro\n      - /etc/ssl/certs:/etc/ssl/certs:ro\n');
    expect(r.changes.map((c) => `${c.line}:${c.column} ${c.ruleId} ${c.title}`)).toEqual(['7:9 BW-0011 remove the read-only sensitive host mount']);
    const run = await hardenText({ path: 'x.sh', text: 'docker run -v /etc/localtime:/etc/localtime:ro busybox\n' }, { only: ['BW-0011'], unsafe: true });
    expect(run.output).toBe('docker run -v /etc/localtime:/etc/localtime:ro busybox\n');
    expect(run.changes).toEqual([]);
  });
});

/** A Pod manifest with container `app` (extra container lines after its image) and extra pod spec lines before `containers`. */
const k8sPod = (container = '', pod = '') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${pod}  containers:\n  - name: app\n    image: busybox:1.36\n${container}`;

describe('mount fixes on Kubernetes: the volumeMount of a hostPath volume', () => {
  const vol = (path: string, name: string) => `  volumes:\n  - name: ${name}\n    hostPath:\n      path: ${path}\n`;
  it('BW-0011 (safe): readOnly: true on the volumeMount, or readOnly: false turned true', async () => {
    const text = k8sPod('    volumeMounts:\n    - name: etc\n      mountPath: /host/etc\n') + vol('/etc', 'etc');
    const r = await hardenText({ path: 'pod.yaml', text }, { only: ['BW-0011'] });
    expect(r.output).toBe(k8sPod('    volumeMounts:\n    - name: etc\n      mountPath: /host/etc\n      readOnly: true\n') + vol('/etc', 'etc'));
    expect(r.changes.map((c) => `${c.line}:${c.column} ${c.applicability}`)).toEqual(['15:7 safe']);
    const f = k8sPod('    volumeMounts:\n    - {name: etc, mountPath: /host/etc, readOnly: false}\n') + vol('/etc', 'etc');
    expect((await hardenText({ path: 'pod.yaml', text: f }, { only: ['BW-0011'] })).output).toBe(k8sPod('    volumeMounts:\n    - {name: etc, mountPath: /host/etc, readOnly: true}\n') + vol('/etc', 'etc'));
  });
  it('BW-0013 (unsafe): the socket volumeMount and its hostPath volume are removed; another container\'s volume stays', async () => {
    const text = k8sPod('    volumeMounts:\n    - name: sock\n      mountPath: /var/run/docker.sock\n    - name: data\n      mountPath: /data\n') + '  volumes:\n  - name: sock\n    hostPath: {path: /var/run/docker.sock}\n  - name: data\n    emptyDir: {}\n';
    const r = await hardenText({ path: 'pod.yaml', text }, { only: ['BW-0013'], unsafe: true });
    expect(r.output).toBe(k8sPod('    volumeMounts:\n    - name: data\n      mountPath: /data\n') + '  volumes:\n  - name: data\n    emptyDir: {}\n');
  });
});
