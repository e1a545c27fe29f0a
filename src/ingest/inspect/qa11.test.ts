/**
 * QA round 11 (inspect output of real Windows containers, first dedicated inspect round): Windows binds keep
 * their drive letters on both sides, and Linux-only controls are not asked of a `"Platform": "windows"`
 * container. Requirements: the model inputs of requirements.md (inspect output feeds the same rules), R-B
 * (BW-0012, BW-0013), R-K / R-D (BW-0003, BW-0006, BW-0007, BW-0010, BW-0031, BW-0040 on Linux only).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { allRules } from '../../rules/index.js';
import { concatenatedObjects } from './json.js';

/**
 * `docker inspect iis` on Windows Server 2022 (process isolation) for
 * `docker run -d --name iis -p 8000:80 -v C:\inetpub\wwwroot:C:\inetpub\wwwroot -v \\.\pipe\docker_engine:\\.\pipe\docker_engine
 *  -v iisdata:c:\data mcr.microsoft.com/windows/servercore/iis:ltsc2022`, trimmed to the fields that matter.
 */
function windowsInspect(platform: string): string {
  return `[
    {
        "Id": "7c1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8",
        "Name": "/iis",
        "Driver": "windowsfilter",
        "Platform": "${platform}",
        "AppArmorProfile": "",
        "HostConfig": {
            "Binds": [
                "C:\\\\inetpub\\\\wwwroot:C:\\\\inetpub\\\\wwwroot",
                "\\\\\\\\.\\\\pipe\\\\docker_engine:\\\\\\\\.\\\\pipe\\\\docker_engine",
                "iisdata:c:\\\\data"
            ],
            "NetworkMode": "nat",
            "CapAdd": null,
            "CapDrop": null,
            "Privileged": false,
            "ReadonlyRootfs": false,
            "SecurityOpt": null,
            "Isolation": "process",
            "Memory": 0,
            "NanoCpus": 0,
            "PidsLimit": null,
            "Ulimits": null
        },
        "Mounts": [
            {
                "Type": "bind",
                "Source": "c:\\\\inetpub\\\\wwwroot",
                "Destination": "c:\\\\inetpub\\\\wwwroot",
                "Mode": "",
                "RW": true,
                "Propagation": ""
            },
            {
                "Type": "npipe",
                "Source": "\\\\\\\\.\\\\pipe\\\\docker_engine",
                "Destination": "\\\\\\\\.\\\\pipe\\\\docker_engine",
                "Mode": "",
                "RW": true,
                "Propagation": ""
            },
            {
                "Type": "volume",
                "Name": "iisdata",
                "Source": "C:\\\\ProgramData\\\\docker\\\\volumes\\\\iisdata\\\\_data",
                "Destination": "c:\\\\data",
                "Driver": "local",
                "Mode": "",
                "RW": true,
                "Propagation": ""
            }
        ],
        "Config": {
            "User": "",
            "Env": null,
            "Image": "mcr.microsoft.com/windows/servercore/iis:ltsc2022"
        }
    }
]
`;
}

async function findings(text: string, slugs?: string[]) {
  const rules = slugs ? allRules.filter((r) => slugs.includes(r.meta.slug)) : allRules;
  const res = await auditSources([{ path: 'iis.docker-inspect.json', text, kind: 'inspect' }], { env: {}, rules });
  expect(res.errors).toEqual([]);
  return res.findings.map((f) => [f.ruleId, f.target?.name, f.location.startLine, f.location.startColumn]);
}

describe('inspect: Windows binds keep drive letters on both sides', () => {
  it('C:\\x:C:\\x is one writable bind at C:\\x (not a mount at "C"), the named pipe one socket finding, a volume at c:\\data nothing', async () => {
    expect(await findings(windowsInspect('windows'), ['writable-bind-mount', 'docker-socket-mounted', 'sensitive-host-mount'])).toEqual([
      ['BW-0012', 'iis', 10, 17],
      ['BW-0013', 'iis', 11, 17],
    ]);
  });

  it('the bind keeps its Windows target as the Binds entry wrote it', async () => {
    const res = await auditSources([{ path: 'iis.docker-inspect.json', text: windowsInspect('windows'), kind: 'inspect' }], { env: {}, rules: allRules.filter((r) => r.meta.slug === 'writable-bind-mount') });
    expect(res.findings.map((f) => f.data)).toEqual([{ path: 'C:\\inetpub\\wwwroot', mode: 'rw', target: 'C:\\inetpub\\wwwroot' }]);
  });
});

describe('inspect: Linux-only controls are not asked of a "Platform": "windows" container', () => {
  const linuxOnly = ['capabilities-not-dropped', 'no-new-privileges-missing', 'root-filesystem-writable', 'pids-limit-missing', 'ulimits-missing', 'apparmor-profile-empty'];

  it('Windows: none of the Linux-only rules fire; memory and CPU limits still do', async () => {
    expect(await findings(windowsInspect('windows'), [...linuxOnly, 'memory-limit-missing', 'cpu-limit-missing'])).toEqual([
      ['BW-0008', 'iis', 21, 23],
      ['BW-0009', 'iis', 22, 25],
    ]);
  });

  it('the same object with "Platform": "linux" gets every one of them, at the value that leaves it unset', async () => {
    expect((await findings(windowsInspect('linux'), linuxOnly)).sort()).toEqual(
      [
        ['BW-0003', 'iis', 16, 24],
        ['BW-0006', 'iis', 18, 31],
        ['BW-0007', 'iis', 19, 28],
        ['BW-0010', 'iis', 23, 26],
        ['BW-0031', 'iis', 24, 24],
        ['BW-0040', 'iis', 7, 28],
      ].sort(),
    );
  });
});

describe('inspect: a -P port that the engine lists for 0.0.0.0 and :: is one port', () => {
  /** `docker run -d -P --name web nginx:1.25` on Docker 24 (IPv4 and IPv6 listeners), trimmed. */
  const text = `[
  {
    "Id": "5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d",
    "Name": "/web",
    "HostConfig": {
      "NetworkMode": "default",
      "PortBindings": {},
      "PublishAllPorts": true
    },
    "Config": {
      "ExposedPorts": {
        "80/tcp": {},
        "443/tcp": {}
      },
      "Image": "nginx:1.25"
    },
    "NetworkSettings": {
      "Ports": {
        "443/tcp": [
          {
            "HostIp": "0.0.0.0",
            "HostPort": "32769"
          }
        ],
        "80/tcp": [
          {
            "HostIp": "0.0.0.0",
            "HostPort": "32768"
          },
          {
            "HostIp": "::",
            "HostPort": "32768"
          }
        ]
      }
    }
  }
]
`;
  it('BW-0028 once per published port, at its first entry', async () => {
    expect(await findings(text, ['port-published-all-interfaces'])).toEqual([
      ['BW-0028', 'web', 20, 11],
      ['BW-0028', 'web', 26, 11],
    ]);
  });
});

describe('inspect: Docker 1.x with the LXC exec driver (--lxc-conf in HostConfig.LxcConf)', () => {
  /** `docker run -d --name legacy --lxc-conf="lxc.aa_profile=unconfined" --lxc-conf="lxc.cgroup.devices.allow=a" busybox` on Docker 1.7 `-e lxc`, trimmed. */
  const text = `[{
    "Id": "0b1c2d3e4f5a69788796a5b4c3d2e1f00b1c2d3e4f5a69788796a5b4c3d2e1f0",
    "Name": "/legacy",
    "ExecDriver": "lxc-1.0.6",
    "AppArmorProfile": "",
    "HostConfig": {
        "Binds": null,
        "LxcConf": [
            {
                "Key": "lxc.aa_profile",
                "Value": "unconfined"
            },
            {
                "Key": "lxc.cgroup.devices.allow",
                "Value": "a"
            },
            {
                "Key": "lxc.utsname",
                "Value": "legacy"
            }
        ],
        "Privileged": false,
        "SecurityOpt": null
    },
    "Config": {
        "User": "",
        "Image": "busybox"
    }
}
]
`;
  it('lxc.aa_profile=unconfined is AppArmor unconfined (BW-0022, not the info BW-0040); devices.allow=a every device (BW-0025)', async () => {
    expect(await findings(text, ['apparmor-unconfined', 'apparmor-profile-empty', 'host-device'])).toEqual([
      ['BW-0022', 'legacy', 11, 26],
      ['BW-0025', 'legacy', 15, 26],
    ]);
  });
  it('an empty LxcConf (the usual Docker 1.x output) adds nothing', async () => {
    const plain = text.replace(/"LxcConf": \[[\s\S]*?\n {8}\],/, '"LxcConf": [],');
    expect(await findings(plain, ['apparmor-unconfined', 'host-device'])).toEqual([]);
  });
});

describe('inspect: podman capabilities come from BoundingCaps, not CapDrop relative to podman defaults', () => {
  const PODMAN_DEFAULT = ['CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_NET_BIND_SERVICE', 'CAP_SETFCAP', 'CAP_SETGID', 'CAP_SETPCAP', 'CAP_SETUID', 'CAP_SYS_CHROOT'];
  /** `podman inspect web` (podman 4.9, rootless) of `podman run -d --name web docker.io/library/nginx`, trimmed. */
  function podman(bounding: string[], capDrop: string[]): string {
    return JSON.stringify(
      [
        {
          Id: '9b8f3e0c7d2a41f6b5e4d3c2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2',
          Name: 'web',
          OCIRuntime: 'crun',
          EffectiveCaps: bounding,
          BoundingCaps: bounding,
          IsInfra: false,
          HostConfig: { NetworkMode: 'pasta', CapAdd: [], CapDrop: capDrop, Privileged: false, SecurityOpt: [] },
          Config: { User: '', Image: 'docker.io/library/nginx:latest' },
        },
      ],
      null,
      4,
    );
  }
  it('"CapDrop": [] with the podman 4 default bounding set: BW-0003 low, 11 held, NET_RAW not among them, at "BoundingCaps"', async () => {
    const res = await auditSources([{ path: 'web.json', text: podman(PODMAN_DEFAULT, []), kind: 'inspect' }], { env: {}, rules: allRules.filter((r) => r.meta.slug === 'capabilities-not-dropped') });
    expect(res.findings.map((f) => [f.ruleId, f.severity, f.location.startLine, f.location.startColumn, f.data])).toEqual([
      ['BW-0003', 'low', 19, 25, { kept: 'CHOWN,DAC_OVERRIDE,FOWNER,FSETID,KILL,NET_BIND_SERVICE,SETFCAP,SETGID,SETPCAP,SETUID,SYS_CHROOT' }],
    ]);
  });
  it('--cap-drop=all (empty BoundingCaps, CapDrop naming each default): nothing', async () => {
    expect(await findings(podman([], PODMAN_DEFAULT), ['capabilities-not-dropped'])).toEqual([]);
  });
});

describe('inspect: secrets in an image object\'s environment are masked in every report (R-S)', () => {
  /** `docker inspect app myapp:1` printed on one line (`--format '{{json .}}'`-style), container first, its image second. */
  const ctr = { Id: 'f'.repeat(64), Name: '/app', Image: 'sha256:' + 'ab'.repeat(32), HostConfig: { Privileged: true }, Config: { User: '', Image: 'myapp:1', Env: ['PATH=/usr/bin'] } };
  const img = {
    Id: 'sha256:' + 'ab'.repeat(32),
    RepoTags: ['myapp:1'],
    Architecture: 'amd64',
    Os: 'linux',
    Config: { User: '', Env: ['PATH=/usr/bin', 'API_TOKEN=tok_9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c'] },
    ContainerConfig: { Env: ['PATH=/usr/bin', 'API_TOKEN=tok_9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c'] },
    RootFS: { Type: 'layers', Layers: [] },
  };
  const text = JSON.stringify([ctr, img]) + '\n';
  it('the token is masked in the report sources (both Config.Env and ContainerConfig.Env) and the privileged finding stays', async () => {
    const res = await auditSources([{ path: 'app.json', text, kind: 'inspect' }], { env: {}, rules: allRules.filter((r) => r.meta.slug === 'privileged-container') });
    expect(res.findings.map((f) => [f.ruleId, f.target?.name, f.location.startLine, f.location.startColumn])).toEqual([['BW-0001', 'app', 1, 198]]);
    const shown = (res as unknown as { sources: Map<string, { text: string }> }).sources.get('app.json')!.text;
    expect(shown).not.toContain('tok_9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c');
    expect(shown.match(/API_TOKEN=\*{36}"/g)).toHaveLength(2);
    expect(shown.length).toBe(text.length);
  });
});

describe('inspect: several objects one after another (JSON Lines of docker inspect --format \'{{json .}}\' a b)', () => {
  const a = { Id: 'a'.repeat(64), Name: '/a', HostConfig: { Privileged: true }, Config: { User: '1000', Image: 'x:1', Env: ['DB_PASSWORD=hunter2hunter2'] } };
  const b = { Id: 'b'.repeat(64), Name: '/b', HostConfig: { PidMode: 'host' }, Config: { User: '1000', Image: 'x:1' } };
  const rules = ['privileged-container', 'host-pid', 'secret-in-environment'];

  it('JSON Lines: every object audited, at its own line and column', async () => {
    const text = `${JSON.stringify(a)}\n${JSON.stringify(b)}\n`;
    expect(await findings(text, rules)).toEqual([
      ['BW-0001', 'a', 1, 113],
      ['BW-0026', 'a', 1, 164],
      ['BW-0016', 'b', 2, 110],
    ]);
  });

  it('pretty-printed objects concatenated with CRLF (jq . output saved on Windows): same findings, lines of the file', async () => {
    const text = `${JSON.stringify(a, null, 2)}\r\n${JSON.stringify(b, null, 2)}\r\n`.replace(/(?<!\r)\n/g, '\r\n');
    expect(await findings(text, rules)).toEqual([
      ['BW-0001', 'a', 5, 19],
      ['BW-0026', 'a', 11, 7],
      ['BW-0016', 'b', 19, 16],
    ]);
  });

  it('a non-container object among them is reported at its own line; the containers are still audited', async () => {
    const text = `${JSON.stringify(a)}\n{"Name": "net0", "Driver": "bridge", "IPAM": {}}\n`;
    const res = await auditSources([{ path: 'x.json', text, kind: 'inspect' }], { env: {}, rules: allRules.filter((r) => rules.includes(r.meta.slug)) });
    expect(res.errors.map((e) => [e.line, e.column, e.code])).toEqual([[2, 1, 'unsupported']]);
    expect(res.findings.map((f) => [f.ruleId, f.location.startLine])).toEqual([
      ['BW-0001', 1],
      ['BW-0026', 1],
    ]);
  });
});

describe('concatenatedObjects', () => {
  it('finds the blank after each object but the last', () => {
    expect(concatenatedObjects('{"a": "}{"}\n{"b": [1, {}]}\n')).toEqual([11]);
    expect(concatenatedObjects('\ufeff{}\r\n{}  {}')).toEqual([3, 7]);
  });
  it('is undefined for one value, arrays, objects with nothing between them, or unbalanced text', () => {
    expect(concatenatedObjects('{"a": 1}\n')).toBeUndefined();
    expect(concatenatedObjects('[]\n[]\n')).toBeUndefined();
    expect(concatenatedObjects('{}{}')).toBeUndefined();
    expect(concatenatedObjects('{}\n{')).toBeUndefined();
    expect(concatenatedObjects('{}\n"x"')).toBeUndefined();
  });
});
