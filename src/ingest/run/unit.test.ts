/**
 * systemd units that start a container, read as systemd reads them (QA): the unit's `Environment=` is the
 * environment of its command lines (systemd.exec(5)), `$$` is a literal `$` and only `${FOO}` (in a word) and `$FOO`
 * (a word of its own) expand (systemd.service(5) "Command lines"); secret `Environment=` values are masked in every
 * report format and in harden's diff, never the `${FOO}` that refers to them. Each test failed before its fix.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { hardenText } from '../../harden/index.js';
import { unifiedDiff } from '../../harden/diff.js';
import { render } from '../../report/index.js';
import { expandUnitWords, joinSpans, unitSegments, unitVariables, unitWords } from './unit.js';

const TOKEN = 'glsa_AbCdEfGhIjKlMnOpQrStUvWxYz012345_abcdef12';
const PW = 'correcthorsebatterystaple';
const LEAK = [
  '[Service]',
  `Environment=GRAFANA_TOKEN=${TOKEN}`,
  `Environment="PGPASSWORD=${PW}"`,
  'ExecStart=/usr/bin/docker run --rm --name app -e GRAFANA_TOKEN=${GRAFANA_TOKEN} -e PGPASSWORD busybox:1.36',
  '',
].join('\n');

/** The BW-0026 findings of an audit as `line:column severity name (how)`. */
async function secrets(path: string, text: string): Promise<string[]> {
  const r = await auditSources([{ path, text }], { env: {} });
  expect(r.errors).toEqual([]);
  return r.findings.filter((f) => f.ruleId === 'BW-0026').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.severity} ${f.data.name} (${/, ([^)]*)\)/.exec(f.message)?.[1]})`);
}

describe("a unit's Environment= secrets are masked in every format, the ${FOO} referring to them never", () => {
  const masked = [
    '[Service]',
    `Environment=GRAFANA_TOKEN=${'*'.repeat(TOKEN.length)}`,
    `Environment="PGPASSWORD=${'*'.repeat(PW.length)}"`,
    'ExecStart=/usr/bin/docker run --rm --name app -e GRAFANA_TOKEN=${GRAFANA_TOKEN} -e PGPASSWORD busybox:1.36',
    '',
  ].join('\n');

  it('the masked source (code frames of text and html): values masked where Environment= writes them (was: both in clear, *{GRAFANA_TOKEN})', async () => {
    const r = await auditSources([{ path: 'leak.service', text: LEAK }], { env: {} });
    expect(r.sources.get('leak.service')!.text).toBe(masked);
    for (const format of ['text', 'html', 'json', 'sarif'] as const) {
      const out = render(r, format, { color: false });
      expect(out).not.toContain(PW);
      expect(out).not.toContain(TOKEN);
    }
    expect(render(r, 'text', { color: false })).toContain('-e GRAFANA_TOKEN=${GRAFANA_TOKEN} -e PGPASSWORD busybox:1.36');
  });

  it("harden's diff masks both values and keeps ${GRAFANA_TOKEN} (was: both in clear)", async () => {
    const h = await hardenText({ path: 'leak.service', text: LEAK });
    expect(h.masked.original).toBe(masked);
    const diff = unifiedDiff('leak.service', h.masked.original, h.masked.output);
    expect(diff).not.toContain(PW);
    expect(diff).not.toContain(TOKEN);
    expect(diff).toContain(` Environment="PGPASSWORD=${'*'.repeat(PW.length)}"\n`);
    expect(diff).toContain('-e GRAFANA_TOKEN=${GRAFANA_TOKEN} -e PGPASSWORD busybox:1.36\n');
  });

  it('a secret Environment= no command uses, and a unit written by a script with a heredoc', async () => {
    const unused = '[Service]\nEnvironment="API_KEY=k3y-0123456789abcdef" LOG=debug\nExecStart=/usr/bin/docker run --name x busybox:1.36\n';
    const r = await auditSources([{ path: 'x.service', text: unused }], { env: {} });
    expect(r.sources.get('x.service')!.text).toBe(unused.replace('k3y-0123456789abcdef', '********************'));
    const script = `#!/bin/sh\ncat > /etc/systemd/system/app.service <<'UNIT'\n${LEAK}UNIT\nsystemctl daemon-reload\n`;
    const s = await auditSources([{ path: 'install.sh', text: script }], { env: {} });
    expect(s.sources.get('install.sh')!.text).toBe(`#!/bin/sh\ncat > /etc/systemd/system/app.service <<'UNIT'\n${masked}UNIT\nsystemctl daemon-reload\n`);
  });

  it('a value with a variable inside it: the Environment= value and the literal parts are masked, ${DB_PASSWORD} is not', async () => {
    const unit = `[Service]\nEnvironment=DB_PASSWORD=${PW}\nExecStart=/usr/bin/docker run --name app -e DATABASE_URL=postgres://app:\${DB_PASSWORD}@db/app busybox:1.36\n`;
    const r = await auditSources([{ path: 'u.service', text: unit }], { env: {} });
    expect(r.sources.get('u.service')!.text).toBe(`[Service]\nEnvironment=DB_PASSWORD=${'*'.repeat(PW.length)}\nExecStart=/usr/bin/docker run --name app -e DATABASE_URL=***************\${DB_PASSWORD}******* busybox:1.36\n`);
    expect(await secrets('u.service', unit)).toEqual(['3:42 high DATABASE_URL (written in the file)']);
  });
});

describe("a unit's command line is expanded as systemd does", () => {
  it("-e PGPASSWORD after Environment=PGPASSWORD=… is the unit's literal (high; was: passed through from the caller's environment, low)", async () => {
    expect(await secrets('leak.service', LEAK)).toEqual(['4:47 high GRAFANA_TOKEN (written in the file)', '4:81 high PGPASSWORD (written in the file)']);
  });

  it('$$ is a literal $ (high, masked whole; was: filled in from a variable, medium); a $ before a name inside a word is literal too', async () => {
    const unit = '[Service]\nExecStart=/usr/bin/docker run --name app -e DB_PASSWORD=Pa$$w0rd123456 -e API_SECRET=Str0ng$Passw0rd! busybox:1.36\n';
    expect(await secrets('app.service', unit)).toEqual(['2:42 high DB_PASSWORD (written in the file)', '2:72 high API_SECRET (written in the file)']);
    const r = await auditSources([{ path: 'app.service', text: unit }], { env: {} });
    expect(r.sources.get('app.service')!.text).toBe('[Service]\nExecStart=/usr/bin/docker run --name app -e DB_PASSWORD=************** -e API_SECRET=**************** busybox:1.36\n');
  });

  it('a variable the unit does not set (an EnvironmentFile= may) stays filled in from a variable; so does an unquoted heredoc, which the shell expands', async () => {
    const unit = '[Service]\nEnvironmentFile=/etc/app.env\nExecStart=/usr/bin/docker run --name app -e DB_PASSWORD=${DB_PASSWORD} -e API_TOKEN busybox:1.36\n';
    expect(await secrets('app.service', unit)).toEqual(['3:42 medium DB_PASSWORD (filled in from a variable)', "3:72 low API_TOKEN (passed through from the caller's environment)"]);
    const script = `#!/bin/sh\ncat > /etc/systemd/system/app.service <<UNIT\n${LEAK}UNIT\n`;
    // `${GRAFANA_TOKEN}` is the script's (unknown here); `-e PGPASSWORD` still gets the unit's value.
    expect(await secrets('install.sh', script)).toEqual(['6:47 medium GRAFANA_TOKEN (filled in from a variable)', '6:81 high PGPASSWORD (written in the file)']);
  });

  it('unitWords: blanks, quotes, escapes, a lone ; ends the line; # | & are ordinary', () => {
    const line = `/usr/bin/docker run -e "A=b c" 'x\\'y' a\\sb # p|q&r ; echo no`;
    const { words } = unitWords(line, 0, line.length);
    expect(words.map((w) => w.value)).toEqual(['/usr/bin/docker', 'run', '-e', 'A=b c', "x'y", 'a b', '#', 'p|q&r']);
  });

  it('expandUnitWords: $FOO as a word splits, ${FOO} fills one word, $$ is $, an unset ${X} stays unresolved', () => {
    const text = '[Service]\nEnvironment="OPTS=--privileged  --net=host" NAME=web\nExecStart=/d run $OPTS --name=${NAME}-1 -e P=a$$b ${X}\n';
    const env = unitVariables(text, { start: 0, end: text.length, systemd: true });
    const k = text.indexOf('/d');
    const out = expandUnitWords(unitWords(text, k, text.length - 1), env, true);
    expect(out.words.map((w) => [w.value, !!w.unresolved])).toEqual([
      ['/d', false],
      ['run', false],
      ['--privileged', false],
      ['--net=host', false],
      ['--name=web-1', false],
      ['-e', false],
      ['P=a$b', false],
      ['${X}', true],
    ]);
    // `web` is located at Environment= (its spans), the rest of the word on the command line.
    const name = out.words[4];
    expect(joinSpans(text, out.spans.get(name)!).map((s) => text.slice(s.start, s.end))).toEqual(['--name=', 'web', '-1']);
    expect(joinSpans(text, out.spans.get(out.words[6])!).map((s) => text.slice(s.start, s.end))).toEqual(['P=a$$b']);
  });

  it('unitSegments: the unit a script writes, systemd-read only behind a quoted delimiter', () => {
    const script = "#!/bin/sh\ncat > a.service <<'EOF'\n# c\n[Service]\nExecStart=/d\nEOF\ncat > b.service <<EOF\n[Unit]\nDescription=b \\\n  more\n\n[Service]\nExecStart=/d\nEOF\n";
    expect(unitSegments(script).map((s) => [script.slice(s.start, s.end), s.systemd])).toEqual([
      ['[Service]\nExecStart=/d', true],
      ['[Unit]\nDescription=b \\\n  more\n\n[Service]\nExecStart=/d', false],
    ]);
  });
});
