/**
 * Markdown and AsciiDoc ingestion: fences (indented in list items, ~~~, unclosed), language dispatch,
 * console transcripts, prose never parsed, and the corpus documents under run/ (R-G14, R-B, R-K).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { SourceFile } from '../../model/source.js';
import type { ContainerSpec, Origin } from '../../model/types.js';
import { asciidocCodeBlocks, consoleCommands, ingestAsciidoc, ingestMarkdown, markdownCodeBlocks } from './index.js';
import { corpusPath } from '../../../test/support/corpus.js';

const ctx = { env: {}, readFile: async () => undefined };
const corpus = (n: string) => new SourceFile(`run/${n}`, readFileSync(corpusPath(`run/${n}`), 'utf8'));

function line(file: SourceFile, o: Origin | { start: number } | undefined): number | undefined {
  return o && 'start' in o && o.start !== undefined ? file.position(o.start).line : undefined;
}
const summary = (file: SourceFile, cs: ContainerSpec[]) => cs.map((c) => [c.source, c.target.name, line(file, c.target.range)]);

describe('corpus documents', () => {
  it('gitlab-runner: 4 launches in indented fences, help output ignored, no errors', async () => {
    const file = corpus('gitlab-runner-docs-dockersock-selinux-Z.md');
    const r = await ingestMarkdown(file, ctx);
    expect(r.errors).toEqual([]);
    expect(summary(file, r.containers)).toEqual([
      ['run', 'gitlab/gitlab-runner', 7],
      ['run', 'gitlab-runner', 26],
      ['run', 'gitlab-runner', 43],
      ['run', 'gitlab-runner', 57],
    ]);
    expect(r.containers[0].command?.value).toEqual(['--help']);
    const [, a, b, c] = r.containers;
    expect(a.mounts.map((m) => [m.type, m.source, m.readOnly, line(file, m.origin)])).toEqual([
      ['bind', '/srv/gitlab-runner/config', false, 27],
      ['bind', '/var/run/docker.sock', false, 28],
    ]);
    expect(b.mounts.map((m) => [m.type, m.source, line(file, m.origin)])).toEqual([
      ['bind', '/var/run/docker.sock', 44],
      ['volume', 'gitlab-runner-config', 45],
    ]);
    expect(c.mounts[1]).toMatchObject({ source: '/srv/gitlab-runner/config', readOnly: false, selinuxRelabel: 'Z' });
    expect(c.restart?.value).toEqual({ name: 'always' });
  });

  it('node-exporter: quoted --net/--pid in the run block, compose service node_exporter, prose ignored', async () => {
    const file = corpus('node-exporter-readme-docker.md');
    const r = await ingestMarkdown(file, ctx);
    expect(r.errors).toEqual([]);
    expect(summary(file, r.containers)).toEqual([
      ['run', 'quay.io/prometheus/node-exporter:latest', 17],
      ['compose', 'node_exporter', 32],
    ]);
    const run = r.containers[0];
    expect(run.namespaces.network?.value).toEqual({ mode: 'host' });
    expect(line(file, run.namespaces.network?.origin)).toBe(18);
    expect(run.namespaces.pid?.value).toEqual({ mode: 'host' });
    expect(line(file, run.namespaces.pid?.origin)).toBe(19);
    expect(run.mounts.map((m) => [m.type, m.source, m.target, m.readOnly, m.propagation, line(file, m.origin)])).toEqual([['bind', '/', '/host', true, 'rslave', 20]]);
    expect(run.command?.value).toEqual(['--path.rootfs=/host']);
    expect(r.containers.flatMap((c) => c.capAdd)).toEqual([]);
  });

  it('netdata: 1 run launch and 4 compose services across 3 yaml blocks', async () => {
    const file = corpus('netdata-readme-docker.md');
    const r = await ingestMarkdown(file, ctx);
    expect(r.errors).toEqual([]);
    expect(summary(file, r.containers)).toEqual([
      ['run', 'netdata', 6],
      ['compose', 'netdata', 31],
      ['compose', 'netdata', 63],
      ['compose', 'proxy', 70],
      ['compose', 'netdata', 88],
    ]);
    const run = r.containers[0];
    expect(run.capAdd.map((x) => [x.value, line(file, x.origin)])).toEqual([['SYS_PTRACE', 16]]);
    expect(run.securityOpt.map((o) => [o.key, o.value, line(file, o.origin)])).toEqual([['apparmor', 'unconfined', 17]]);
    expect(run.mounts.filter((m) => m.type === 'bind').map((m) => line(file, m.origin))).toEqual([10, 11, 12, 13, 14]);
    expect(run.mounts.filter((m) => m.type === 'volume').map((m) => m.source)).toEqual(['netdatalib', 'netdatacache']);
  });
});

describe('fences', () => {
  it('finds ``` and ~~~ fences with info strings, indented in list items, unclosed at the end', () => {
    const text = '# t\n\n```bash\na\n```\n\n1. x\n\n   ~~~~ {.yaml}\n   b\n   ~~~\n   ~~~~\n\n````\nc\n```\n````\n```sh\nd\n';
    const blocks = markdownCodeBlocks(text);
    expect(blocks.map((b) => [b.lang, text.slice(b.region.start, b.region.end), b.indent])).toEqual([
      ['bash', 'a\n', 0],
      ['yaml', '   b\n   ~~~\n', 3],
      ['', 'c\n```\n', 0],
      ['sh', 'd\n', 0],
    ]);
  });

  it('prose and inline code are never parsed; dockerfile and other languages are skipped', async () => {
    const file = new SourceFile(
      'r.md',
      'Use `docker run --privileged x` or --cap-add=SYS_TIME.\n\n```dockerfile\nRUN docker run --privileged x\n```\n\n```python\nos.system("docker run --privileged x")\n```\n\n    docker run --privileged indented\n',
    );
    const r = await ingestMarkdown(file, ctx);
    expect(r.containers).toEqual([]);
    expect(r.errors).toEqual([]);
  });

  it('console transcripts: prompts and output are blanked, continuations kept', async () => {
    // `# ` before a docker command is the root prompt of a console transcript (QA): read too.
    const text = '```console\n$ docker run -d \\\n    --privileged nginx\nabc123\n$ docker ps\nCONTAINER ID   IMAGE\n# docker run -v /:/h root-prompt-is-read\n```\n';
    const file = new SourceFile('c.md', text);
    const r = await ingestMarkdown(file, ctx);
    expect(summary(file, r.containers)).toEqual([['run', 'nginx', 2], ['run', 'root-prompt-is-read', 7]]);
    expect(file.location(r.containers[0].target.range)).toMatchObject({ startLine: 2, startColumn: 3 });
    expect(r.containers[0].privileged?.value).toBe(true);
    const blanked = consoleCommands(text, { start: 11, end: text.length - 4 });
    expect(blanked.length).toBe(text.length);
    expect(blanked.split('\n')[3]).toBe('      ');
  });

  it('a console block with no prompt at all holds bare commands (QA); one with only output holds none', async () => {
    const text = '```console\ndocker run -d --name vw \\\n  -v /vw-data/:/data/ --privileged vaultwarden/server:1.32.0\n```\n\n```console\nCONTAINER ID   IMAGE   docker run\nabc123         nginx\n```\n';
    const file = new SourceFile('c.md', text);
    const r = await ingestMarkdown(file, ctx);
    expect(summary(file, r.containers)).toEqual([['run', 'vw', 2]]);
    expect(r.containers[0].privileged?.value).toBe(true);
    expect(r.errors).toEqual([]);
  });

  it('--env-file of a block is read beside the document, its secrets joined and masked (QA: was ignored in Markdown)', async () => {
    const text = '# app\n\n```sh\ndocker run -d --name app --env-file ./app.env myapp:1\n```\n';
    const files: Record<string, string> = { 'docs/app.env': 'DB_PASSWORD=S3cr3t-Passw0rd-xyz\n' };
    const r = await ingestMarkdown(new SourceFile('docs/README.md', text), { env: {}, readFile: async (p: string) => files[p] });
    expect(r.containers[0].env.map((e) => [e.name, e.origin.kind === 'file' ? e.origin.file : ''])).toEqual([['DB_PASSWORD', 'docs/app.env']]);
    expect((r.secretRanges ?? []).map((m) => files[m.file]?.slice(m.start, m.end) ?? '')).toEqual([]);
    expect(r.extraSources?.map((x) => x.path)).toEqual(['docs/app.env']);
  });

  it('terminal prompts (user@host, [user@host dir], PowerShell) and callouts after a continuation', async () => {
    const text = [
      '```console',
      'user@host:~$ docker run --privileged --name a nginx',
      'root@srv01:/opt/app# docker run -v /var/run/docker.sock:/var/run/docker.sock --name b nginx',
      '[admin@rhel9 ~]$ sudo docker run --pid=host --name c nginx',
      'PS C:\\Users\\me> docker run --cap-add SYS_ADMIN --name d nginx',
      '$ docker run -d \\ <1>',
      '    --network host --name e nginx',
      'Unable to find image',
      '# docker run --privileged --name root nginx',
      '```',
      '',
    ].join('\n');
    const file = new SourceFile('t.md', text);
    const r = await ingestMarkdown(file, ctx);
    expect(r.containers.map((c) => [c.target.name, file.location(c.target.range).startLine, file.location(c.target.range).startColumn])).toEqual([
      ['a', 2, 14],
      ['b', 3, 22],
      ['c', 4, 23],
      ['d', 5, 17],
      ['e', 6, 3],
      ['root', 9, 3],
    ]);
    expect(r.containers.map((c) => [c.privileged?.value ?? false, c.namespaces.pid?.value?.mode ?? '-', c.namespaces.network?.value?.mode ?? '-'])).toEqual([
      [true, '-', '-'],
      [false, '-', '-'],
      [false, 'host', '-'],
      [false, '-', '-'],
      [false, '-', 'host'],
      [true, '-', '-'],
    ]);
  });

  it('PowerShell and cmd blocks: backtick and caret continuations, CRLF, Windows paths', async () => {
    const text = [
      '```powershell',
      'docker run -d `',
      '  --name nextcloud-aio-mastercontainer `',
      '  --volume //var/run/docker.sock:/var/run/docker.sock:ro `',
      '  nextcloud/all-in-one:latest',
      '```',
      '',
      '```cmd',
      'docker run --privileged ^',
      '  --name cmdbox alpine',
      '```',
      '',
    ].join('\r\n');
    const file = new SourceFile('win.md', text);
    const r = await ingestMarkdown(file, ctx);
    expect(r.containers.map((c) => [c.target.name, file.location(c.target.range).startLine, c.privileged?.value ?? false, c.mounts.map((m) => m.target)])).toEqual([
      ['nextcloud-aio-mastercontainer', 2, false, ['/var/run/docker.sock']],
      ['cmdbox', 9, true, []],
    ]);
  });

  it('a bash fence with $ prompts is read as a transcript', async () => {
    const file = new SourceFile('p.md', '```bash\n$ sudo docker run --rm -it alpine sh\n```\n');
    const r = await ingestMarkdown(file, ctx);
    expect(summary(file, r.containers)).toEqual([['run', 'alpine', 2]]);
  });

  it('a yaml fence holding a Kubernetes manifest and a json fence holding docker inspect output are audited in place; a Helm template is skipped', async () => {
    const inspect = JSON.stringify([{ Id: 'c1', Name: '/legacy', Image: 'sha256:aa', HostConfig: { Privileged: true }, Config: { Image: 'app' } }], null, 2);
    const text = [
      '# Deploy',
      '',
      '1. Apply:',
      '',
      '   ```yaml',
      '   apiVersion: apps/v1',
      '   kind: DaemonSet',
      '   metadata: {name: agent}',
      '   spec:',
      '     template:',
      '       spec:',
      '         containers:',
      '           - name: agent',
      '             image: example/agent:1.0',
      '             securityContext: {privileged: true}',
      '   ```',
      '',
      '```yaml',
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: {{ include "x.fullname" . }}',
      'spec: {containers: [{name: tpl, image: x}]}',
      '```',
      '',
      '```json',
      inspect,
      '```',
      '',
    ].join('\n');
    const file = new SourceFile('deploy.md', text);
    const r = await ingestMarkdown(file, ctx);
    expect(r.errors).toEqual([]);
    expect(r.containers.map((c) => [c.source, c.target.name, file.location(c.target.range).startLine, c.privileged?.value])).toEqual([
      ['kubernetes', 'agent', 13, true],
      ['inspect', 'legacy', 30, true],
    ]);
  });

  it('an unlabelled fence holding a compose file is ingested as compose', async () => {
    const file = new SourceFile('u.md', 'x\n\n```\nservices:\n  web:\n    image: nginx\n    privileged: true\n```\n');
    const r = await ingestMarkdown(file, ctx);
    expect(summary(file, r.containers)).toEqual([['compose', 'web', 5]]);
    expect(r.containers[0].privileged?.value).toBe(true);
  });
});

describe('asciidoc', () => {
  it('listing and literal blocks with [source,...] attributes', async () => {
    const text = [
      '= Title',
      '',
      '[source,bash]',
      '----',
      'docker run --cap-add NET_ADMIN --name vpn alpine',
      '----',
      '',
      'Prose: docker run --privileged x',
      '',
      '[source,yaml]',
      '----',
      'services:',
      '  db:',
      '    image: postgres',
      '----',
      '',
      '....',
      'docker run -v /:/host lit',
      '....',
    ].join('\n');
    const file = new SourceFile('a.adoc', text);
    expect(asciidocCodeBlocks(text).map((b) => b.lang)).toEqual(['bash', 'yaml', '']);
    const r = await ingestAsciidoc(file, ctx);
    expect(summary(file, r.containers)).toEqual([
      ['run', 'vpn', 5],
      ['compose', 'db', 13],
      ['run', 'lit', 18],
    ]);
    expect(r.containers[0].capAdd.map((x) => x.value)).toEqual(['NET_ADMIN']);
  });
});

describe('properties', () => {
  const piece = fc.constantFrom('```', '~~~', '````', '```bash\n', '```yaml\n', '```console\n', '$ ', '\n', '   ', 'docker run -v /a:/b x', 'services:\n  a:\n    image: b\n', '----\n', '....\n', '[source,bash]\n', 'é', '\\\n');
  it('ingestMarkdown and ingestAsciidoc never throw; containers point into the text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(piece, fc.string({ maxLength: 5 })), { maxLength: 20 }), async (parts) => {
        const text = parts.join('');
        const file = new SourceFile('p.md', text);
        for (const r of [await ingestMarkdown(file, ctx), await ingestAsciidoc(file, ctx)]) {
          for (const c of r.containers) expect(c.target.range.end).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('output blocks, Dockerfile blocks, comments (tryout md/README.md)', () => {
  it.each(['text', 'output', 'plaintext', 'log', 'txt'])('a ```%s block is output, never parsed', async (lang) => {
    const file = new SourceFile('r.md', '```' + lang + '\ndocker run --privileged this-is-output-not-a-command\n```\n');
    const r = await ingestMarkdown(file, ctx);
    expect(r.containers).toEqual([]);
    expect(r.errors).toEqual([]);
  });

  it.each(['dockerfile', 'Dockerfile', 'containerfile'])('a ```%s block is audited as a Dockerfile in place', async (lang) => {
    const file = new SourceFile('r.md', '# x\n\n```' + lang + '\nFROM ubuntu:22.04\n# base\nRUN chmod 4755 /usr/bin/find\n```\n');
    const r = await ingestMarkdown(file, ctx);
    expect(r.errors).toEqual([]);
    expect(r.images).toHaveLength(1);
    const run = r.images[0].stages[0].instructions[0];
    expect(run.keyword).toBe('RUN');
    expect(file.location(run.range)).toMatchObject({ startLine: 6, startColumn: 1 });
    expect(r.comments?.map((c) => file.text.slice(c.start, c.end))).toEqual(['# base']);
  });

  it('returns the comments of the shell blocks it ingests, not # inside strings or in prose', async () => {
    const file = new SourceFile('r.md', '# Title\n\n```sh\ndocker run -e "X=# no" alpine:3 # bulwark-ignore\n```\n');
    const r = await ingestMarkdown(file, ctx);
    expect(r.containers).toHaveLength(1);
    expect(r.comments?.map((c) => [file.location(c).startLine, file.text.slice(c.start, c.end)])).toEqual([[4, '# bulwark-ignore']]);
  });
});

describe('fences inside block quotes', () => {
  const doc = [
    '# Install', // 1
    '', // 2
    '> [!WARNING]', // 3
    '> Host networking is required:', // 4
    '>', // 5
    '> ```sh', // 6
    '> docker run -d --net=host \\', // 7
    '>   --name agent \\', // 8
    '>   example/agent:2', // 9
    '> ```', // 10
    '', // 11
    '> > ```yaml', // 12
    '> > services:', // 13
    '> >   web:', // 14
    '> >     image: nginx:1.27', // 15
    '> >     privileged: true', // 16
    '> > ```', // 17
    'A quote ends where its markers end:', // 18
    '> ```sh', // 19
    'docker run --privileged not-in-the-quote:1', // 20
  ].join('\n');

  it('finds the fence, its language and its quote depth, and ends it with the quote', () => {
    const blocks = markdownCodeBlocks(doc);
    const file = new SourceFile('q.md', doc);
    expect(blocks.map((b) => [b.lang, b.quoteDepth, file.position(b.region.start).line, file.position(b.region.end).line])).toEqual([
      ['sh', 1, 7, 10],
      ['yaml', 2, 13, 17],
      ['sh', 1, 20, 20],
    ]);
  });

  it('audits the quoted commands and Compose services at their own lines and columns', async () => {
    const file = new SourceFile('q.md', doc);
    const r = await ingestMarkdown(file, ctx);
    expect(r.errors).toEqual([]);
    expect(summary(file, r.containers)).toEqual([
      ['run', 'agent', 7],
      ['compose', 'web', 14],
    ]);
    const [agent, web] = r.containers;
    const net = agent.namespaces.network!;
    expect([agent.image?.value, net.value, file.position((net.origin as { start: number }).start)]).toEqual(['example/agent:2', { mode: 'host' }, { line: 7, column: 17 }]);
    expect([web.privileged?.value, file.position((web.privileged!.origin as { start: number }).start)]).toEqual([true, { line: 16, column: 21 }]);
  });
});
