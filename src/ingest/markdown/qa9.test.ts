/**
 * QA round 9 (real-world READMEs, third round on `docker run` in documents): placeholders decorated with a
 * symbol, PowerShell and cmd.exe prompts, Windows paths in PowerShell/cmd blocks, and `> ` continuation
 * prompts in console transcripts. Exact rule ids, lines and columns through `auditSources` (R-B, R-S, R-G14).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

/** Findings above info (and the image-pin note, which shows the image read) as `ruleId target line:column`. */
async function findings(path: string, text: string, keep: (id: string) => boolean = () => true) {
  const res = await auditSources([{ path, text }], { env: {} });
  return {
    errors: res.errors.map((e) => `${e.line}:${e.column} ${e.message}`),
    findings: res.findings
      .filter((f) => keep(f.ruleId))
      .map((f) => `${f.ruleId} ${f.target?.name} ${f.location.startLine}:${f.location.startColumn}`),
  };
}

const NOT_MISSING = (id: string) => !['BW-0003', 'BW-0004', 'BW-0006', 'BW-0007', 'BW-0008', 'BW-0009', 'BW-0010', 'BW-0031', 'BW-0036', 'BW-0038', 'BW-0028', 'BW-0030'].includes(id);

describe('wg-easy README: placeholders with a symbol before the letters', () => {
  it('`-e WG_HOST=<🚨YOUR_SERVER_IP>` is a word, not two redirections: every flag after it is read', async () => {
    const text = [
      '### 2. Run WireGuard Easy',
      '',
      '```',
      'docker run -d \\',
      '  --name=wg-easy \\',
      '  -e WG_HOST=<🚨YOUR_SERVER_IP> \\',
      '  -e PASSWORD_HASH=<🚨YOUR_ADMIN_PASSWORD_HASH> \\',
      '  -v ~/.wg-easy:/etc/wireguard \\',
      '  --cap-add=NET_ADMIN \\',
      '  --cap-add=SYS_MODULE \\',
      '  --sysctl="net.ipv4.ip_forward=1" \\',
      '  ghcr.io/wg-easy/wg-easy',
      '```',
      '',
    ].join('\n');
    const r = await findings('README.md', text, NOT_MISSING);
    expect(r.errors).toEqual([]);
    expect(r.findings).toEqual([
      'BW-0026 wg-easy 7:3',
      'BW-0012 wg-easy 8:3',
      'BW-0002 wg-easy 9:3',
      'BW-0002 wg-easy 10:3',
      'BW-0037 wg-easy 11:3',
      'BW-0027 wg-easy 12:3',
    ]);
  });
});

describe('prompts of Windows shells and the continuation prompt', () => {
  it('`PS> `, `PS /home/me> ` and cmd.exe `C:\\> ` are prompts: the commands after them are read', async () => {
    const text = [
      '```powershell',
      'PS> docker run -d --name ps1 --privileged nginx:1.27',
      'PS /home/me> docker run -d --name ps2 --pid=host nginx:1.27',
      'PS C:\\Users\\me> docker run -d --name ps3 --ipc=host nginx:1.27',
      'Unable to find image locally',
      '```',
      '',
      '```cmd',
      'C:\\> docker run -d --name cmd1 --net=host nginx:1.27',
      '```',
      '',
    ].join('\n');
    const r = await findings('README.md', text, (id) => ['BW-0001', 'BW-0015', 'BW-0016', 'BW-0017'].includes(id));
    expect(r.errors).toEqual([]);
    expect(r.findings).toEqual(['BW-0001 ps1 2:30', 'BW-0016 ps2 3:39', 'BW-0017 ps3 4:42', 'BW-0015 cmd1 9:32']);
  });

  it('a `> ` continuation prompt after a line ending in `\\` is blanked: the image on that line is read', async () => {
    const text = ['[,console]', '----', '$ sudo docker run -d --name sudo-console --network=host \\', '> --cap-add SYS_ADMIN \\', '>   alpine:3.20', '----', ''].join('\n');
    const r = await findings('doc.adoc', text, (id) => ['BW-0002', 'BW-0015', 'BW-0027'].includes(id));
    expect(r.errors).toEqual([]);
    expect(r.findings).toEqual(['BW-0015 sudo-console 3:42', 'BW-0002 sudo-console 4:3', 'BW-0027 sudo-console 5:5']);
  });
});

describe('Windows paths in PowerShell and cmd blocks', () => {
  it('Portainer on Windows: the named pipe mount is the engine API; C:\\ paths are host binds, not input errors', async () => {
    const text = [
      '## Windows Server (Windows containers)',
      '',
      '```powershell',
      'docker run -d -p 9443:9443 --name portainer --restart always -v \\\\.\\pipe\\docker_engine:\\\\.\\pipe\\docker_engine -v C:\\ProgramData\\Portainer:C:\\data portainer/portainer-ce:lts',
      '```',
      '',
      '```powershell',
      'docker run `',
      '   --name minio1 `',
      '   -v D:\\data:/data `',
      '   quay.io/minio/minio server /data',
      '```',
      '',
    ].join('\n');
    const res = await auditSources([{ path: 'README.md', text }], { env: {} });
    expect(res.errors).toEqual([]);
    const got = res.findings
      .filter((f) => ['BW-0013', 'BW-0012'].includes(f.ruleId))
      .map((f) => [f.ruleId, f.target?.name, `${f.location.startLine}:${f.location.startColumn}`, f.data?.path, f.data?.mode]);
    expect(got).toEqual([
      ['BW-0013', 'portainer', '4:62', '\\\\.\\pipe\\docker_engine', 'rw'],
      ['BW-0012', 'portainer', '4:111', 'C:\\ProgramData\\Portainer', 'rw'],
      ['BW-0012', 'minio1', '10:4', 'D:\\data', 'rw'],
    ]);
  });

  it('cmd.exe `%cd%` and PowerShell `${pwd}` / `${env:USERPROFILE}\\…` sources are host binds, not named volumes', async () => {
    const text = [
      '```cmd',
      'docker run --rm -it --name c1 -v %cd%:/app node:22 npm test',
      '```',
      '```powershell',
      'docker run --rm -it --name p1 -v ${pwd}:/app -v ${env:USERPROFILE}\\.aws:/root/.aws:ro node:22 npm test',
      '```',
      '',
    ].join('\n');
    const res = await auditSources([{ path: 'README.md', text }], { env: {} });
    expect(res.errors).toEqual([]);
    const binds = res.findings.filter((f) => ['BW-0011', 'BW-0012'].includes(f.ruleId)).map((f) => [f.target?.name, f.data?.path, f.data?.mode, `${f.location.startLine}:${f.location.startColumn}`]);
    expect(binds).toEqual([
      ['c1', '%cd%', 'rw', '2:31'],
      ['p1', '${pwd}', 'rw', '5:31'],
      ['p1', '${env:USERPROFILE}\\.aws', 'ro', '5:46'],
    ]);
  });

  it('in a bash block a backslash is still the shell escape (`\\$HOME` is literal $HOME), and `-v c:/data:ro` is named volume c', async () => {
    const text = ['```bash', 'docker run -d --name a -v \\$HOME/x:/x -v c:/data:ro nginx:1.27', '```', ''].join('\n');
    const res = await auditSources([{ path: 'README.md', text }], { env: {} });
    expect(res.errors).toEqual([]);
    expect(res.findings.filter((f) => f.ruleId === 'BW-0012').map((f) => [f.data?.path, f.location.startColumn])).toEqual([['$HOME/x', 24]]);
  });
});

describe('fence info strings and prompts seen in READMEs', () => {
  it('```docker with commands, `bash:no-line-numbers`, `bash title=…`, ```fish and the zsh `% ` prompt are read; a ```docker fragment is not', async () => {
    const text = [
      '```docker',
      'docker run -d --name dockerlang --privileged myapp:1.0',
      '```',
      '```bash:no-line-numbers',
      'docker run -d --name vuepress --net=host myapp:1.0',
      '```',
      '```bash title="start.sh"',
      'docker run -d --name titled --pid=host myapp:1.0',
      '```',
      '```fish',
      'docker run -d --name fishy --cap-add SYS_ADMIN myapp:1.0',
      '```',
      '```console',
      '% docker run -d --name zshprompt --userns=host myapp:1.0',
      '```',
      '```docker',
      'RUN docker run --privileged --name infrag myapp:1.0',
      '```',
      '',
    ].join('\n');
    const r = await findings('README.md', text, (id) => ['BW-0001', 'BW-0002', 'BW-0015', 'BW-0016', 'BW-0019'].includes(id));
    expect(r.errors).toEqual([]);
    expect(r.findings).toEqual(['BW-0001 dockerlang 2:33', 'BW-0015 vuepress 5:31', 'BW-0016 titled 8:29', 'BW-0002 fishy 11:28', 'BW-0019 zshprompt 14:34']);
  });
});

describe('HTML comments and Jekyll highlight blocks', () => {
  it('a fence inside `<!-- … -->` is commented out; `<!-- ```bash` … ``` -->` does not swallow the next fence; {% highlight %} is read', async () => {
    const text = [
      '# Deploy',
      '<!--',
      '```bash',
      'docker run -d --name old-privileged --privileged myapp:0.9',
      '```',
      '-->',
      '<!-- ```bash',
      'docker run -d --name inline-comment --pid=host myapp:0.9',
      '``` -->',
      '```bash',
      'docker run -d --name current --ipc=host myapp:1.0',
      '```',
      '{% highlight bash %}',
      'docker run -d --name jekyll --net=host myapp:1.0',
      '{% endhighlight %}',
      '',
    ].join('\n');
    const r = await findings('README.md', text, (id) => ['BW-0001', 'BW-0015', 'BW-0016', 'BW-0017', 'BW-0027'].includes(id));
    expect(r.errors).toEqual([]);
    expect(r.findings).toEqual(['BW-0017 current 11:30', 'BW-0027 current 11:41', 'BW-0015 jekyll 14:29', 'BW-0027 jekyll 14:40']);
  });
});

describe('AsciiDoc comment blocks', () => {
  it('a listing inside `////` … `////` is commented out; the listing after it is read', async () => {
    const text = ['= Doc', '', '////', '[source,bash]', '----', 'docker run -d --name commented-adoc --privileged myapp:0.9', '----', '////', '', '[source,bash]', '----', 'docker run -d --name live --pid=host myapp:1.0', '----', ''].join('\n');
    const r = await findings('doc.adoc', text, (id) => ['BW-0001', 'BW-0016'].includes(id));
    expect(r).toEqual({ errors: [], findings: ['BW-0016 live 12:27'] });
  });
});

describe('AsciiDoc literal paragraphs (QA B 10)', () => {
  const IDS = (id: string) => ['BW-0001', 'BW-0011', 'BW-0013', 'BW-0016', 'BW-0027'].includes(id);

  it('an indented paragraph after a blank line is shown as written: its docker run is audited at its own columns', async () => {
    const text = ['= Agent', '', 'Start the agent on every node:', '', '  docker run -d --name agent --privileged -v /:/host example/agent:1.0', '', 'Then open the dashboard.', ''].join('\n');
    expect(await findings('doc.adoc', text, IDS)).toEqual({
      errors: [],
      findings: ['BW-0001 agent 5:30', 'BW-0011 agent 5:43', 'BW-0013 agent 5:43', 'BW-0027 agent 5:54'],
    });
  });

  it('continued lines, a list continuation `+` and a [source,bash] line; at the end of the document', async () => {
    const text = [
      '. Install:', // 1
      '+',
      ' docker run -d --name cont \\',
      '   --pid=host alpine:3.20',
      '',
      '[source,bash]', // 6
      ' docker run --name src --privileged alpine:3.20',
    ].join('\n');
    expect(await findings('doc.adoc', text, IDS)).toEqual({
      errors: [],
      findings: ['BW-0016 cont 4:4', 'BW-0027 cont 4:15', 'BW-0001 src 7:24', 'BW-0027 src 7:37'],
    });
  });

  it('an indented line continuing text (a list item), and a [verse] paragraph, are not literal paragraphs', async () => {
    const text = ['* Run', '  docker run --privileged --name item alpine:3.20', '', '[verse]', '  docker run --privileged --name verse alpine:3.20', ''].join('\n');
    expect(await findings('doc.adoc', text, IDS)).toEqual({ errors: [], findings: [] });
  });
});
