import { describe, expect, it } from 'vitest';
import { hardenText } from '../index.js';

const only = ['BW-0006'];

describe('BW-0006 fix: read-only root filesystem', () => {
  it('sets read_only and adds tmpfs for /tmp and /run (unsafe)', async () => {
    const text = 'services:\n  a:\n    image: x\n';
    expect((await hardenText({ path: 'compose.yaml', text }, { only })).output).toBe(text);
    const r = await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true });
    // Owned by the profile's user, which BW-0004's fix (unsafe too) gives the container.
    expect(r.output).toBe('services:\n  a:\n    image: x\n    read_only: true\n    tmpfs:\n      - "/tmp:mode=1777,uid=65532,gid=65532"\n      - "/run:mode=1777,uid=65532,gid=65532"\n');
  });

  it("the tmpfs belongs to the container's own numeric user; a user name gets mode=1777 only (qa-c 6)", async () => {
    const own = await hardenText({ path: 'compose.yaml', text: 'services:\n  a:\n    image: x\n    user: "1000"\n' }, { only, unsafe: true });
    expect(own.output).toBe('services:\n  a:\n    image: x\n    user: "1000"\n    read_only: true\n    tmpfs:\n      - "/tmp:mode=1777,uid=1000"\n      - "/run:mode=1777,uid=1000"\n');
    const named = await hardenText({ path: 'x.sh', text: 'docker run -u node node:22 true\n' }, { only, unsafe: true });
    expect(named.output).toBe('docker run --read-only --tmpfs /tmp:mode=1777 --tmpfs /run:mode=1777 -u node node:22 true\n');
    const profile = await hardenText({ path: 'x.sh', text: 'docker run --user root alpine:3 true\n' }, { only, unsafe: true, profile: { user: '10001:10001' } });
    expect(profile.output).toBe('docker run --read-only --tmpfs /tmp:mode=1777,uid=10001,gid=10001 --tmpfs /run:mode=1777,uid=10001,gid=10001 --user root alpine:3 true\n');
  });

  it('with the user fix: the hardened run line as the engine was given it (touch /run/app.pid as 65532 works on runc 1.1.5; qa-c 6)', async () => {
    const text = 'docker run --rm --network none busybox sh -c "touch /run/app.pid"\n';
    const r = await hardenText({ path: 'x.sh', text }, { only: ['BW-0004', 'BW-0006'], unsafe: true });
    expect(r.output).toBe(
      '# bulwark: --user 65532:65532 set by bulwark harden (profile values: adjust to the service)\n' +
        'docker run --user 65532:65532 --read-only --tmpfs /tmp:mode=1777,uid=65532,gid=65532 --tmpfs /run:mode=1777,uid=65532,gid=65532 --rm --network none busybox sh -c "touch /run/app.pid"\n',
    );
    const again = await hardenText({ path: 'x.sh', text: r.output }, { only: ['BW-0004', 'BW-0006'], unsafe: true });
    expect(again.changes).toEqual([]);
  });

  it('keeps a tmpfs already mounted and turns read_only: false into true', async () => {
    const text = 'services:\n  a:\n    image: x\n    read_only: false\n    tmpfs: /tmp\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only, unsafe: true });
    expect(r.output).toBe('services:\n  a:\n    image: x\n    read_only: true\n    tmpfs: [/tmp, "/run:mode=1777,uid=65532,gid=65532"]\n');
  });

  it('run line: --read-only --tmpfs /tmp --tmpfs /run', async () => {
    const r = await hardenText({ path: 'x.sh', text: 'docker run --rm alpine:3 true\n' }, { only, unsafe: true });
    expect(r.output).toBe('docker run --read-only --tmpfs /tmp:mode=1777,uid=65532,gid=65532 --tmpfs /run:mode=1777,uid=65532,gid=65532 --rm alpine:3 true\n');
  });
});

/** A Pod manifest with container `app` (extra container lines after its image) and extra pod spec lines before `containers`. */
const k8sPod = (container = '', pod = '') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${pod}  containers:\n  - name: app\n    image: busybox:1.36\n${container}`;

describe('BW-0006 fix on Kubernetes: readOnlyRootFilesystem and memory-backed emptyDir volumes', () => {
  it('turns false into true, mounts /tmp and /run, and does not take the name of another volume', async () => {
    const text = k8sPod('    securityContext:\n      readOnlyRootFilesystem: false\n', '  volumes:\n  - name: bulwark-tmp\n    configMap: {name: x}\n');
    const r = await hardenText({ path: 'pod.yaml', text }, { only, unsafe: true });
    expect(r.output).toBe(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  volumes:\n  - name: bulwark-tmp\n    configMap: {name: x}\n' +
        '  - name: bulwark-tmp-2\n    emptyDir:\n      medium: Memory\n  - name: bulwark-run\n    emptyDir:\n      medium: Memory\n' +
        '  containers:\n  - name: app\n    image: busybox:1.36\n    securityContext:\n      readOnlyRootFilesystem: true\n' +
        '    volumeMounts:\n    - name: bulwark-tmp-2\n      mountPath: /tmp\n    - name: bulwark-run\n      mountPath: /run\n',
    );
    expect(r.changes[0].detail).toBe("tmpfs as memory-backed emptyDir volumes (medium: Memory) mounted at /tmp, /run: what is written there counts against the container's memory limit");
  });
});
