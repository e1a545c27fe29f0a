/**
 * Lines harden inserts into documentation blocks (issue 4: "the flag list is rewritten in place in the
 * script or Markdown block"): a fence inside a block quote keeps its `>` markers, a console transcript
 * its prompt. QA round 2 (qa17) found both broken: the `# bulwark:` line lost the `> ` and ended the
 * quote (harden then refused its own edits: "the edits lost a container"), and in a `console` block it
 * was written without the `$ ` prompt, where it reads as output (or as a root prompt `# `).
 */
import { describe, expect, it } from 'vitest';
import { hardenText } from './index.js';

describe('harden: run lines in quoted and prompted documentation blocks', () => {
  it('a one-line run in a fence inside a block quote: the note line carries the `> ` marker', async () => {
    const text = 'Note:\n\n> ```\n> docker run -d -p 9000:9000 minio/minio server /data\n> ```\n';
    const r = await hardenText({ path: 'README.md', text });
    expect(r.notes).toEqual([]);
    expect(r.output).toBe(
      'Note:\n\n> ```\n> # bulwark: --pids-limit 256 set by bulwark harden (profile values: adjust to the service)\n> docker run --cap-drop NET_RAW --security-opt no-new-privileges:true --pids-limit 256 -d -p 9000:9000 minio/minio server /data\n> ```\n',
    );
    expect(r.changes.map((c) => c.ruleId)).toEqual(['BW-0003', 'BW-0007', 'BW-0010']);
  });

  it('a continued run in a quoted fence (GitHub alert): new flag lines, the network line and removed lines keep the markers', async () => {
    const text = '> [!NOTE]\n> ```sh\n> docker run -d \\\n>   --net=host \\\n>   --name web \\\n>   nginx:1.27\n> ```\n';
    const r = await hardenText({ path: 'README.md', text }, { unsafe: true, only: ['BW-0015', 'BW-0007', 'BW-0038'] });
    expect(r.notes).toEqual([]);
    expect(r.output).toBe(
      '> [!NOTE]\n> ```sh\n' +
        '> docker network inspect bulwark >/dev/null 2>&1 || docker network create bulwark   # bulwark: user-defined network (R-G15)\n' +
        '> # bulwark: --network bulwark set by bulwark harden (profile values: adjust to the service)\n' +
        '> docker run -d \\\n>   --network bulwark \\\n>   --security-opt no-new-privileges:true \\\n>   --name web \\\n>   nginx:1.27\n> ```\n',
    );
    // Hardening the output again changes nothing.
    const again = await hardenText({ path: 'README.md', text: r.output }, { unsafe: true, only: ['BW-0015', 'BW-0007', 'BW-0038'] });
    expect(again.output).toBe(r.output);
  });

  it('a console transcript: the note line is a comment typed at the same prompt', async () => {
    const text = '```console\n$ docker run --rm -it busybox:1.36 sh\n/ # exit\n```\n';
    const r = await hardenText({ path: 'README.md', text }, { only: ['BW-0010'] });
    expect(r.output).toBe('```console\n$ # bulwark: --pids-limit 256 set by bulwark harden (profile values: adjust to the service)\n$ docker run --pids-limit 256 --rm -it busybox:1.36 sh\n/ # exit\n```\n');
  });

  it('a user@host prompt is kept on the note line too', async () => {
    const text = '```console\nadmin@box:~$ docker run -d redis:7\n```\n';
    const r = await hardenText({ path: 'README.md', text }, { only: ['BW-0010'] });
    expect(r.output).toBe('```console\nadmin@box:~$ # bulwark: --pids-limit 256 set by bulwark harden (profile values: adjust to the service)\nadmin@box:~$ docker run --pids-limit 256 -d redis:7\n```\n');
  });
});

/**
 * Windows shells in documentation (QA round 2, qa17): a `powershell` block got `>/dev/null 2>&1 ||` (a parse
 * error in Windows PowerShell 5.1, so the network was never created and the run line failed), a `cmd` block a
 * `# bulwark:` line (cmd.exe runs it as a command), and new flags went on the first line instead of lines
 * continued with the block's own character (`` ` `` / `^`).
 */
describe('harden: run lines in PowerShell and cmd blocks', () => {
  const only = ['BW-0007', 'BW-0010', 'BW-0038'];

  it('powershell: flags on backtick-continued lines, a # note, the network created without || and /dev/null', async () => {
    const text = '```powershell\ndocker run -d `\n  --name web `\n  nginx:1.25\n```\n';
    const r = await hardenText({ path: 'README.md', text }, { unsafe: true, only });
    expect(r.notes).toEqual([]);
    expect(r.output).toBe(
      '```powershell\n' +
        'docker network inspect bulwark *> $null; if ($LASTEXITCODE -ne 0) { docker network create bulwark }   # bulwark: user-defined network (R-G15)\n' +
        '# bulwark: --pids-limit 256, --network bulwark set by bulwark harden (profile values: adjust to the service)\n' +
        'docker run -d `\n  --security-opt no-new-privileges:true `\n  --pids-limit 256 `\n  --network bulwark `\n  --name web `\n  nginx:1.25\n```\n',
    );
    const again = await hardenText({ path: 'README.md', text: r.output }, { unsafe: true, only });
    expect(again.output).toBe(r.output);
  });

  it('cmd: flags on caret-continued lines, REM notes, >nul', async () => {
    const text = '```cmd\ndocker run -d ^\n  --name web2 ^\n  nginx:1.25\n```\n';
    const r = await hardenText({ path: 'README.md', text }, { unsafe: true, only });
    expect(r.notes).toEqual([]);
    expect(r.output).toBe(
      '```cmd\n' +
        'docker network inspect bulwark >nul 2>&1 || docker network create bulwark & REM bulwark: user-defined network (R-G15)\n' +
        'REM bulwark: --pids-limit 256, --network bulwark set by bulwark harden (profile values: adjust to the service)\n' +
        'docker run -d ^\n  --security-opt no-new-privileges:true ^\n  --pids-limit 256 ^\n  --network bulwark ^\n  --name web2 ^\n  nginx:1.25\n```\n',
    );
    const again = await hardenText({ path: 'README.md', text: r.output }, { unsafe: true, only });
    expect(again.output).toBe(r.output);
  });

  it('a flag alone on a backtick-continued line is removed with its line; a secret is left for the user in PowerShell', async () => {
    const text = '```pwsh\ndocker run -d `\n  --privileged `\n  -e DB_PASSWORD=hunter2hunter2 `\n  nginx:1.25\n```\n';
    const r = await hardenText({ path: 'README.md', text }, { unsafe: true, only: ['BW-0001', 'BW-0026'] });
    expect(r.output).toBe('```pwsh\ndocker run -d `\n  -e DB_PASSWORD=hunter2hunter2 `\n  nginx:1.25\n```\n');
    expect(r.notes).toEqual(['nginx:1.25: BW-0026: -e DB_PASSWORD is in a powershell block; move it to a secret file by hand']);
  });
});

describe('harden: a Compose block inside a block quote', () => {
  it('is left as it is with a note, not a silent "nothing to change" (qa17)', async () => {
    const text = '> Example:\n>\n> ```yaml\n> services:\n>   web:\n>     image: nginx:1.25\n>     privileged: true\n> ```\n';
    const r = await hardenText({ path: 'README.md', text }, { unsafe: true });
    expect(r.output).toBe(text);
    expect(r.changes).toEqual([]);
    expect(r.notes).toEqual([
      'web: BW-0003: README.md:5:5: the container is privileged: it holds every capability whatever cap_drop says, so a drop takes effect only once privileged mode is removed (BW-0001)',
      'web: the Compose block is inside a block quote (>); bulwark does not edit it: apply the fixes by hand',
    ]);
  });
});
