/**
 * Shell-script ingestion: constructs (functions, if, pipelines, $(...), sudo, continuations, heredocs,
 * comments), unresolved variables, positions with non-ASCII text, parse errors with the line-scan
 * fallback, and the corpus script run/falco-privileged-host-dev-usr-etc.sh (R-B, R-G5, R-G14).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { SourceFile } from '../../model/source.js';
import type { Origin } from '../../model/types.js';
import { ingestShell } from './index.js';
import { maskPlaceholders, tokenizeLine } from './shell.js';
import { corpusPath } from '../../../test/support/corpus.js';

const ctx = { env: {}, readFile: async () => undefined };

async function ingest(text: string, path = 's.sh') {
  const file = new SourceFile(path, text);
  return { file, ...(await ingestShell(file, ctx)) };
}

function pos(file: SourceFile, o: Origin | { start: number; end: number } | undefined) {
  if (!o || !('start' in o) || o.start === undefined) return undefined;
  const l = file.location({ start: o.start, end: o.end! });
  return `${l.startLine}:${l.startColumn}-${l.endLine}:${l.endColumn}`;
}

describe('corpus: falco run script', () => {
  it('one launch; the leading " docker pull" is not one; /dev bind without mode is rw', async () => {
    const text = readFileSync(corpusPath('run/falco-privileged-host-dev-usr-etc.sh'), 'utf8');
    const { file, containers, errors } = await ingest(text, 'run/falco.sh');
    expect(errors).toEqual([]);
    expect(containers).toHaveLength(1);
    const c = containers[0];
    expect(c.target.name).toBe('falcosecurity/falco:latest');
    expect(pos(file, c.target.range)).toBe('2:1-2:7');
    expect(c.privileged?.value).toBe(true);
    expect(pos(file, c.privileged?.origin)).toBe('3:5-3:17');
    expect(c.autoRemove?.value).toBe(true);
    expect(c.mounts.map((m) => [m.type, m.source, m.readOnly, file.position((m.origin as { start: number }).start).line])).toEqual([
      ['bind', '/dev', false, 5],
      ['bind', '/proc', true, 6],
      ['bind', '/boot', true, 7],
      ['bind', '/lib/modules', true, 8],
      ['bind', '/usr', true, 9],
      ['bind', '/etc', true, 10],
      ['bind', '/home/exampleuser/detector/falco_docker/falco', false, 11],
    ]);
    expect(c.env).toHaveLength(1);
    expect(c.env[0]).toMatchObject({ name: 'FALCO_BPF_PROBE', kind: 'literal', value: '' });
    expect(pos(file, c.env[0].origin)).toBe('4:5-4:26');
    expect(c.user).toBeUndefined();
    expect(c.readOnlyRootfs).toBeUndefined();
  });
});

describe('shell constructs', () => {
  // qa4: `start_app() { local name=$1; docker run --name "$name" …; }` called as `start_app app-blue` and
  // `start_app app-green` gave one container named "$name": each call is a container of its own.
  it('a function called with literal arguments gives one container per distinct call, $1 and locals resolved', async () => {
    const script = [
      'start_app() {',
      '  local name=$1',
      '  docker run -d --name "$name" -v "$2":/data example/app:1.4',
      '}',
      'start_app app-blue /srv/blue',
      'start_app app-green /srv/green',
      'start_app app-green /srv/green',
      'start_app "$X" /srv/x',
      'never() { docker run --name "$1" alpine:3.20; }',
      '',
    ].join('\n');
    const { file, containers } = await ingest(script);
    expect(containers.map((c) => [c.target.name, pos(file, c.target.range), c.mounts[0]?.source])).toEqual([
      ['app-blue', '3:3-3:9', '/srv/blue'],
      ['app-green', '3:3-3:9', '/srv/green'],
      ['$name', '3:3-3:9', '/srv/x'],
      ['$1', '9:11-9:17', undefined],
    ]);
  });
  it('finds launches in functions, if bodies, pipelines, $(...) and && lists, with wrappers', async () => {
    const { file, containers } = await ingest(
      [
        '#!/bin/sh',
        'start() {',
        '  sudo docker run -d --name a alpine',
        '}',
        'if true; then env X=1 docker create --name b alpine; fi',
        'id=$(docker run -d --name c alpine) && docker run --name d alpine | tee log',
        'for i in 1 2; do exec docker container run --name e alpine; done',
        'docker ps; docker pull alpine; docker rm -f x',
      ].join('\n'),
    );
    expect(containers.map((c) => [c.target.name, pos(file, c.target.range)])).toEqual([
      ['a', '3:8-3:14'],
      ['b', '5:23-5:29'],
      ['c', '6:6-6:12'],
      ['d', '6:40-6:46'],
      ['e', '7:23-7:29'],
    ]);
  });

  it('comments and heredoc bodies produce nothing', async () => {
    const { containers } = await ingest('# docker run --privileged x\n  # docker run -v /:/host y\ncat <<EOF\ndocker run --privileged z\nEOF\necho "docker run q"\n');
    expect(containers).toEqual([]);
  });

  it('line continuations keep exact positions', async () => {
    const { file, containers } = await ingest('docker run \\\n  --cap-add \\\n    NET_ADMIN \\\n  img\n');
    const c = containers[0];
    expect(c.capAdd.map((x) => x.value)).toEqual(['NET_ADMIN']);
    expect(pos(file, c.capAdd[0].origin)).toBe('2:3-3:14');
  });

  it('unresolved variables stay unresolved; simple top-level assignments resolve', async () => {
    const { containers } = await ingest(
      ['IMAGE=nginx:1.27', 'TAG=$(date)', 'docker run -v "$HOME/data:/data" -e "PW=${PW}" "$IMAGE"', 'docker run ${TAG}', 'IMAGE=$1', 'docker run $IMAGE'].join('\n'),
    );
    expect(containers.map((c) => [c.image?.value, c.image?.how])).toEqual([
      ['nginx:1.27', 'explicit'],
      ['${TAG}', 'unresolved'],
      ['$IMAGE', 'unresolved'],
    ]);
    const c = containers[0];
    expect(c.mounts[0]).toMatchObject({ type: 'bind', source: '$HOME/data', target: '/data', unresolved: true });
    expect(c.env[0]).toMatchObject({ name: 'PW', kind: 'interpolated', raw: '${PW}' });
  });

  it('positions are UTF-16 columns after non-ASCII text', async () => {
    const { file, containers } = await ingest('echo "ünïcødé 🐳"; docker run -e PW="pässwörd" img\n');
    const c = containers[0];
    expect(pos(file, c.target.range)).toBe('1:20-1:26');
    expect(file.text.slice((c.env[0].valueOrigin as { start: number }).start, (c.env[0].valueOrigin as { end: number }).end)).toBe('pässwörd');
    expect(pos(file, c.env[0].valueOrigin)).toBe('1:38-1:46');
  });

  it('a bare command line (kind run) is ingested the same way', async () => {
    const { containers } = await ingest('docker run --privileged=false nginx', 'cmd');
    expect(containers).toHaveLength(1);
    expect(containers[0].privileged?.value).toBe(false);
  });
});

describe('parse errors', () => {
  it('reports mvdan-sh position and message and falls back to a line scan', async () => {
    const { file, containers, errors } = await ingest('docker run --privileged \\\n  -v /:/host alpine\nif then (\n');
    expect(errors).toEqual([{ file: 's.sh', line: 3, column: 1, message: '"if" must be followed by a statement list', code: 'parse' }]);
    expect(containers).toHaveLength(1);
    const c = containers[0];
    expect(c.privileged?.value).toBe(true);
    expect(c.mounts[0]).toMatchObject({ type: 'bind', source: '/', target: '/host' });
    expect(pos(file, c.mounts[0].origin)).toBe('2:3-2:13');
  });

  it('the fallback tokenizer removes quotes with positions and stops at operators and comments', () => {
    const text = `docker run --net="host" -e 'A=b c' $X img # --privileged`;
    const ws = tokenizeLine(text, 0, text.length);
    expect(ws.map((w) => [w.value, w.start, w.end, w.unresolved ?? false])).toEqual([
      ['docker', 0, 6, false],
      ['run', 7, 10, false],
      ['--net=host', 11, 23, false],
      ['-e', 24, 26, false],
      ['A=b c', 27, 34, false],
      ['$X', 35, 37, true],
      ['img', 38, 41, false],
    ]);
    expect(ws[2].offsets).toEqual([11, 12, 13, 14, 15, 16, 18, 19, 20, 21]);
  });
});

describe('properties', () => {
  const piece = fc.constantFrom('docker run ', '-v ', '/a:/b ', '"', "'", '$(', ')', '\\\n', '\n', '# ', '--privileged ', 'img ', '${X}', '|', '&&', '<<EOF\n', 'EOF\n', 'é', '🐳', ' -e A=', 'if ', 'then ', 'fi');
  it('ingestShell never throws and every container range lies inside the text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(piece, fc.string({ maxLength: 6 })), { maxLength: 25 }), async (parts) => {
        const text = parts.join('');
        const file = new SourceFile('p.sh', text);
        const r = await ingestShell(file, ctx);
        for (const c of r.containers) {
          expect(c.target.range.end).toBeLessThanOrEqual(text.length);
          expect(text.slice(c.target.range.start, c.target.range.end)).toMatch(/docker|podman/);
        }
        for (const e of r.errors) expect(e.message).not.toContain('\n');
      }),
      { numRuns: 300 },
    );
  });
});

describe('line endings', () => {
  it('CRLF scripts with continuations parse with exact positions', async () => {
    const { file, containers, errors } = await ingest('#!/bin/sh\r\ndocker run \\\r\n  --privileged \\\r\n  img\r\n');
    expect(errors).toEqual([]);
    expect(containers.map((c) => [c.image?.value, pos(file, c.privileged?.origin)])).toEqual([['img', '3:3-3:15']]);
  });
});

describe('field splitting of a known unquoted variable (tryout s1/deploy.sh line 21)', () => {
  const script = 'IMAGE=myorg/app:1.0\nOPTS="--privileged --net=host"\ndocker run $OPTS busybox:1.36\ndocker run "$OPTS" busybox:1.36\ndocker run $UNKNOWN busybox:1.36\n';

  it('splits $OPTS into --privileged and --net=host, pointing at the $OPTS word', async () => {
    const { file, containers } = await ingest(script);
    expect(containers).toHaveLength(3);
    const c = containers[0];
    expect(c.privileged?.value).toBe(true);
    expect(pos(file, c.privileged?.origin)).toBe('3:12-3:17');
    expect(c.namespaces.network?.value.mode).toBe('host');
    expect(pos(file, c.namespaces.network?.origin)).toMatch(/^3:12-3:1[2-7]$/);
    expect(c.image?.value).toBe('busybox:1.36');
  });

  it('keeps a quoted "$OPTS" as one word and an unknown $X unresolved', async () => {
    const { containers } = await ingest(script);
    expect(containers[1].privileged).toBeUndefined();
    expect(containers[1].namespaces.network).toBeUndefined();
    expect(containers[1].image?.value).toBe('busybox:1.36');
    expect(containers[2].privileged).toBeUndefined();
    expect([containers[2].image?.value, containers[2].image?.how]).toEqual(['$UNKNOWN', 'unresolved']);
  });
});

describe('array expansions "${ARGS[@]}"', () => {
  it('a top-level array of literals expands to its elements, pointing at the whole word', async () => {
    const script = 'ARGS=(--privileged -v "/:/host" --name arr)\ndocker run "${ARGS[@]}" alpine:3.19\n';
    const { file, containers, errors } = await ingest(script);
    expect(errors).toEqual([]);
    expect(containers).toHaveLength(1);
    const c = containers[0];
    expect([c.target.name, c.image?.value, c.privileged?.value, pos(file, c.privileged?.origin)]).toEqual(['arr', 'alpine:3.19', true, '2:12-2:24']);
    expect(c.mounts.map((m) => [m.type, m.source, m.target, m.readOnly])).toEqual([['bind', '/', '/host', false]]);
  });

  it('an unknown array or "$@" before flags is unresolved options, not the image; `X+=(…)` appends to a known array', async () => {
    const script = 'docker run "${OPTS[@]}" --name a alpine:3.19\ndocker run "$@" --name b alpine:3.19\nX=(--privileged)\nX+=(--net=host)\ndocker run "${X[@]}" --name c alpine:3.19\n';
    const { containers } = await ingest(script);
    expect(containers.map((c) => [c.target.name, c.image?.value, c.extra.unresolvedOptions?.value, c.privileged?.value])).toEqual([
      ['a', 'alpine:3.19', ['"${OPTS[@]}"'], undefined],
      ['b', 'alpine:3.19', ['"$@"'], undefined],
      ['c', 'alpine:3.19', undefined, true],
    ]);
  });
});

describe('documentation placeholders <…>', () => {
  it('are words, not redirections: every flag after them is still read, values keep the placeholder', async () => {
    const script = 'docker run -d \\\n  --name my-app \\\n  -e ADMIN_PASSWORD=<your-admin-password> \\\n  -v <path/to/data>:/data \\\n  -p <port>:8080 \\\n  --privileged \\\n  myorg/app:<tag>\n';
    const { file, containers, errors } = await ingest(script);
    expect(errors).toEqual([]);
    expect(containers).toHaveLength(1);
    const c = containers[0];
    expect([c.target.name, c.image?.value, c.privileged?.value, pos(file, c.privileged?.origin)]).toEqual(['my-app', 'myorg/app:<tag>', true, '6:3-6:15']);
    expect(c.env.map((e) => [e.name, e.value, e.kind])).toEqual([['ADMIN_PASSWORD', '<your-admin-password>', 'literal']]);
    expect(c.mounts.map((m) => [m.type, m.source, m.target])).toEqual([['bind', '<path/to/data>', '/data']]);
    expect(c.ports.map((p) => [p.hostPort, p.containerPort])).toEqual([['<port>', '8080']]);
  });

  it('AsciiDoc callouts at line ends are blanked and the continuation kept', async () => {
    const script = 'docker run -d --name agent \\ <1>\n  --privileged \\ <2> <3>\n  -v /var/run/docker.sock:/var/run/docker.sock \\\n  example/agent:7 <4>\n';
    expect(maskPlaceholders(script)).toBe('docker run -d --name agent     \\\n  --privileged         \\\n  -v /var/run/docker.sock:/var/run/docker.sock \\\n  example/agent:7    \n');
    const { file, containers, errors } = await ingest(script);
    expect(errors).toEqual([]);
    const c = containers[0];
    expect([c.target.name, c.image?.value, pos(file, c.privileged?.origin), c.mounts.map((m) => m.source)]).toEqual(['agent', 'example/agent:7', '2:3-2:15', ['/var/run/docker.sock']]);
  });

  it('AsciiDoc callouts behind the line comment (`\\   # <1>`) keep the continuation too', async () => {
    const script = 'docker run -d \\\n  -e JVB_AUTH_PASSWORD=passw0rd \\   # <1>\n  jitsi/jvb\n';
    expect(maskPlaceholders(script)).toBe(`docker run -d \\\n  -e JVB_AUTH_PASSWORD=passw0rd${' '.repeat(9)}\\\n  jitsi/jvb\n`);
    const { containers, errors } = await ingest(script);
    expect(errors).toEqual([]);
    expect(containers.map((c) => [c.target.name, c.image?.value, c.env.map((e) => e.name)])).toEqual([['jitsi/jvb', 'jitsi/jvb', ['JVB_AUTH_PASSWORD']]]);
  });

  it('real redirections are untouched', () => {
    expect(maskPlaceholders('cat <in.txt > out; x <<EOF\n<b>\nEOF\ndiff <(a) <(b)')).toBe('cat <in.txt > out; x <<EOF\n_b_\nEOF\ndiff <(a) <(b)');
  });
});

describe('comments for suppressions', () => {
  it('returns the ranges of real comments, not of # inside strings', async () => {
    const text = '# top\ndocker run -e "A=# bulwark-ignore" alpine:3 # bulwark-ignore BW-0001\n';
    const { file, comments } = await ingest(text);
    expect(comments?.map((r) => file.text.slice(r.start, r.end))).toEqual(['# top', '# bulwark-ignore BW-0001']);
  });

  it('scans comments quote-aware when the parser fails', async () => {
    const text = 'docker run -e "A=#x" alpine:3 # c1\nif then fi ((\necho \'#no\' #yes\n';
    const { file, comments, errors } = await ingest(text);
    expect(errors.some((e) => e.code === 'parse')).toBe(true);
    expect(comments?.map((r) => file.text.slice(r.start, r.end))).toEqual(['# c1', '#yes']);
  });
});

describe('export / readonly / declare assignments (GitLab install docs: export GITLAB_HOME=/srv/gitlab)', () => {
  const script =
    'export GITLAB_HOME=/srv/gitlab\nreadonly DATA=/data\ndeclare -i N=5\nexport GITLAB_HOME\n' +
    'docker run -v $GITLAB_HOME/config:/etc/gitlab -v "${DATA}":/d -v /x$N:/n gitlab/gitlab-ee:17.2.1-ee.0\n';

  it('substitutes the exported and readonly values; a declare -i value stays unresolved', async () => {
    const { file, containers } = await ingest(script);
    expect(containers).toHaveLength(1);
    const m = containers[0].mounts;
    expect(m.map((x) => [x.source, x.target, x.unresolved ?? false])).toEqual([
      ['/srv/gitlab/config', '/etc/gitlab', false],
      ['/data', '/d', false],
      ['/x$N', '/n', true],
    ]);
    expect(pos(file, m[0].origin)).toBe('5:12-5:46');
  });
});

describe('systemd units: ExecStart= lines of a unit written by a heredoc, or of a unit read as a script', () => {
  const script =
    '#!/bin/sh\n' +
    'cat > /etc/systemd/system/jenkins.service <<UNIT\n' +
    '[Service]\n' +
    'ExecStartPre=-/usr/bin/docker rm -f jenkins\n' +
    'ExecStart=/usr/bin/docker run --rm --name jenkins \\\n' +
    '  -v /var/run/docker.sock:/var/run/docker.sock \\\n' +
    '  jenkins/jenkins:lts-jdk17\n' +
    '# ExecStart=/usr/bin/docker run --privileged commented:1\n' +
    'UNIT\n' +
    'cat > /etc/systemd/system/docker.service.d/tcp.conf <<EOF\n' +
    'ExecStart=\n' +
    'ExecStart=/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:2375\n' +
    'EOF\n';

  it('finds the docker run of the heredoc unit at its ExecStart line, and the dockerd of the drop-in', async () => {
    const { file, containers, daemons } = await ingest(script);
    expect(containers).toHaveLength(1);
    const c = containers[0];
    expect([c.target.name, c.image?.value]).toEqual(['jenkins', 'jenkins/jenkins:lts-jdk17']);
    expect(pos(file, c.target.range)).toBe('5:11-5:26');
    expect(c.mounts.map((m) => [m.source, m.target])).toEqual([['/var/run/docker.sock', '/var/run/docker.sock']]);
    expect(pos(file, c.mounts[0].origin)).toBe('6:3-6:47');
    expect(daemons).toHaveLength(1);
    expect(daemons![0].hosts.map((h) => h.value)).toEqual(['fd://', 'tcp://0.0.0.0:2375']);
  });

  it('counts once an ExecStart= line that the shell parser also reads as a command (ExecStart=sudo docker run …)', async () => {
    const { containers } = await ingest('ExecStart=sudo docker run --name one alpine:3.20\n');
    expect(containers.map((c) => c.target.name)).toEqual(['one']);
  });

  it('reads a whole unit file given as a script (prefix "-" and a CRLF file)', async () => {
    const unit = '[Unit]\r\nDescription=app\r\n\r\n[Service]\r\nExecStart=-/usr/bin/docker run --name app --privileged nginx:1.27\r\n';
    const { file, containers, errors } = await ingest(unit, 'app.service');
    expect(errors).toEqual([]);
    expect(containers).toHaveLength(1);
    expect(containers[0].privileged?.value).toBe(true);
    expect(pos(file, containers[0].privileged?.origin)).toBe('5:43-5:55');
  });
});

// qa3: deploy scripts start containers on a remote host through `ssh host <<EOF`, `bash <<EOF`, `sh -c '…'`
// and `su - user -c '…'`; these were skipped, so `--privileged` there went unreported.
describe('scripts handed to another shell', () => {
  const script = [
    "ssh root@server 'bash -s' <<'REMOTE'",
    'docker run -d --privileged --name remote1 example/x:1',
    'REMOTE',
    'bash <<EOF',
    'docker run -d --net=host --name remote2 example/y:1',
    'EOF',
    'sh -c "docker run -d --pid=host --name remote3 example/z:1"',
    "su - deploy -c 'docker run -d --ipc=host --name remote4 example/w:1'",
    "ssh -p 2222 deploy@host 'docker run -d --uts=host --name remote5 example/v:1'",
    'cat <<EOF',
    'To start by hand: docker run --privileged --name printed example/p:1',
    'EOF',
    "sudo -u app bash -lc 'docker run --name remote6 example/u:1'",
    'ssh host <<X',
    '\tcd /srv && docker run -d --name remote7 -v /:/host example/t:1 # a comment',
    'X',
    'sh -c "docker run --name $NAME example/s:1"',
    'sh ./install.sh <<EOF',
    'docker run --name stdin-data example/r:1',
    'EOF',
    '',
  ].join('\n');

  it('heredocs fed to bash or ssh, quoted -c strings and ssh remote commands are scanned in place; printed text and data are not', async () => {
    const { file, containers, errors, comments } = await ingest(script);
    expect(errors).toEqual([]);
    expect(containers.map((c) => [c.target.name, pos(file, c.target.range)])).toEqual([
      ['remote1', '2:1-2:7'],
      ['remote2', '5:1-5:7'],
      ['remote3', '7:8-7:14'],
      ['remote4', '8:17-8:23'],
      ['remote5', '9:26-9:32'],
      ['remote6', '13:23-13:29'],
      ['remote7', '15:13-15:19'],
    ]);
    expect(containers[0].privileged?.value).toBe(true);
    expect(pos(file, containers[0].privileged?.origin)).toBe('2:15-2:27');
    expect(containers[1].namespaces.network?.value).toEqual({ mode: 'host' });
    expect(containers[6].mounts.map((m) => m.source)).toEqual(['/']);
    expect((comments ?? []).map((c) => file.text.slice(c.start, c.end))).toEqual(['# a comment']);
  });

  // QA (2026-12-02): `cat <<'EOF' | sudo sh` and `echo "docker run …" | sh` started containers nobody saw.
  it('a pipe into a shell runs what its left side prints: a cat of a here-document, an echo of a quoted literal', async () => {
    const { file, containers, errors } = await ingest(
      [
        "cat <<'EOF' | sudo sh",
        'docker run -d --name agent --privileged -v /:/host alpine:3.19',
        'EOF',
        'echo "docker run --rm --name piped busybox:1.36" | bash -s',
        'cat <<EOF | tee /tmp/saved',
        'docker run --name data example/q:1',
        'EOF',
        'echo "docker run --name notrun x:1" | grep docker',
        'cat notes.txt | sh',
        '',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(containers.map((c) => [c.target.name, pos(file, c.target.range), c.privileged?.value])).toEqual([
      ['agent', '2:1-2:7', true],
      ['piped', '4:7-4:13', undefined],
    ]);
  });
});

// qa3: `export DB_PASSWORD=…` / `API_TOKEN="…"` then `docker run -e DB_PASSWORD -e API_TOKEN="$API_TOKEN"` showed
// both values in the snippets of the findings on the next lines.
describe('secrets assigned to shell variables', () => {
  it('the values of secret assignments are secret ranges; generated values, usernames and ${…} are not', async () => {
    const text = [
      'export DB_PASSWORD=hunter2hunter2',
      'API_TOKEN="tok-1234567890abcdef"',
      'DB_USER=admin',
      'GEN_PASSWORD=$(openssl rand -hex 16)',
      'f() { local ADMIN_PASSWORD=\'s3cr3t-in-function\'; }',
      'REF_PASSWORD="${OTHER_PW}"',
      'docker run -d -e DB_PASSWORD -e API_TOKEN="$API_TOKEN" --name app example/app:1',
      '',
    ].join('\n');
    const { secretRanges } = await ingest(text);
    expect((secretRanges ?? []).map((r) => text.slice(r.start, r.end))).toEqual(['hunter2hunter2', 'tok-1234567890abcdef', 's3cr3t-in-function']);
  });
});

// qa4 18-deploy.sh: `run() { echo "+ $*"; "$@"; }` then `run docker run … --cap-add MKNOD collabora/code` gave no
// container; `deploy_nc prod always 'Pr0d-Adm1n-Pw!'` passed into `-e NEXTCLOUD_ADMIN_PASSWORD="$3"` left the
// call's literal unmasked.
describe('wrapper functions and secrets passed as function arguments (qa4)', () => {
  it('a call through a function that runs "$@" is a launch', async () => {
    const text = 'run() {\n  echo "+ $*"\n  "$@"\n}\nrun docker run -d --name collabora --cap-add MKNOD collabora/code:24.04\nrun echo docker run x\ndocker() { command docker "$@"; }\ndocker run --name direct alpine:3.20\n';
    const { file, containers } = await ingest(text);
    expect(containers.map((c) => [c.target.name, pos(file, c.target.range), c.capAdd.map((x) => x.value)])).toEqual([
      ['collabora', '5:5-5:11', ['MKNOD']],
      ['direct', '8:1-8:7', []],
    ]);
  });
  it('a literal argument that becomes a secret environment value is a secret range', async () => {
    const text = "deploy() {\n  docker run -d --name \"nc-$1\" -e ADMIN_PASSWORD=\"$2\" -e TZ=\"$3\" nextcloud:29\n}\ndeploy prod 'Pr0d-Adm1n-Pw!' Europe/Berlin\n";
    const { containers, secretRanges } = await ingest(text);
    expect(containers.map((c) => [c.target.name, c.env.map((e) => [e.name, e.value])])).toEqual([
      ['nc-prod', [['ADMIN_PASSWORD', 'Pr0d-Adm1n-Pw!'], ['TZ', 'Europe/Berlin']]],
    ]);
    expect((secretRanges ?? []).map((r) => text.slice(r.start, r.end))).toEqual(['Pr0d-Adm1n-Pw!']);
  });
});

// qa4: `for svc in api web; do docker run -d --name "$svc" …; done` gave one container named "$svc".
describe('for loops over literal lists (qa4)', () => {
  it('one container per item; globs and unresolved lists stay one unresolved container', async () => {
    const text = [
      'for svc in api "web" api; do',
      '  docker run -d --name "$svc" --security-opt apparmor=unconfined example/$svc:1',
      'done',
      'for f in *.env; do docker run --env-file "$f" --name "x-$f" alpine:3.20; done',
      'for n in $(seq 3); do docker run --name "node$n" alpine:3.20; done',
      '',
    ].join('\n');
    const { file, containers } = await ingest(text);
    expect(containers.map((c) => [c.target.name, c.image?.value, pos(file, c.target.range)])).toEqual([
      ['api', 'example/api:1', '2:3-2:9'],
      ['web', 'example/web:1', '2:3-2:9'],
      ['x-$f', 'alpine:3.20', '4:20-4:26'],
      ['node$n', 'alpine:3.20', '5:23-5:29'],
    ]);
  });
});

// qa4 22-herestr.sh: `bash <<< "docker run … --privileged …"`, `eval "docker run …"` started containers nobody saw.
describe('here-strings to a shell and eval strings (qa4)', () => {
  it('are scanned as scripts in place (an eval string with its expansions too, qa17); data here-strings are not', async () => {
    const text = [
      'bash <<< "docker run -d --name hs --privileged alpine:3.20"',
      'eval "docker run -d --name ev --net=host alpine:3.20"',
      "sh -s <<< 'docker run -d --name hs2 --pid=host alpine:3.20'",
      'cat <<< "docker run --privileged --name data alpine:3.20"',
      'eval "docker run --name $N alpine:3.20"',
      '',
    ].join('\n');
    const { file, containers } = await ingest(text);
    expect(containers.map((c) => [c.target.name, pos(file, c.target.range)])).toEqual([
      ['hs', '1:11-1:17'],
      ['ev', '2:7-2:13'],
      ['hs2', '3:12-3:18'],
      ['$N', '5:7-5:13'],
    ]);
    expect([containers[0].privileged?.value, containers[1].namespaces.network?.value.mode, containers[2].namespaces.pid?.value.mode]).toEqual([true, 'host', 'host']);
  });
});
