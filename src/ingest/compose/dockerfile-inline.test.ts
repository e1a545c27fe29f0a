/**
 * Compose `build.dockerfile_inline` (compose-spec build.md, Compose 2.17+) is the service's Dockerfile (QA r06): it is
 * audited by the Dockerfile rules (BW-01xx) as a target named after the service, each finding at the line:column where
 * its characters are written in the Compose file (a literal block scalar `|`, `|-`, `|+`, any indentation), its
 * secrets masked there in every format. A quoted or folded scalar cannot be mapped line for line: its findings point at
 * the `dockerfile_inline` key and the whole value is masked.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { render } from '../../report/index.js';

async function audit(text: string, path = 'compose.yaml') {
  return auditSources([{ path, text }], { env: {} });
}

/** Findings of the Dockerfile rules (BW-01xx) and input errors, as `line:col-line:col rule severity target message`. */
function rows(r: Awaited<ReturnType<typeof audit>>) {
  return r.findings
    .filter((f) => f.ruleId.startsWith('BW-01'))
    .map((f) => `${f.location.file} ${f.location.startLine}:${f.location.startColumn}-${f.location.endLine}:${f.location.endColumn} ${f.ruleId} ${f.severity} ${f.target.kind} ${f.target.name} ${f.message}`);
}

const R06 = [
  'services:',
  '  tool:',
  '    build:',
  '      context: .',
  '      dockerfile_inline: |',
  '        FROM alpine:3.19',
  '        ENV GITHUB_TOKEN=ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
  '        RUN chmod u+s /bin/busybox',
  '        USER root',
  '    user: "1000"',
  '',
].join('\n');

describe('build.dockerfile_inline is audited as a Dockerfile (QA r06)', () => {
  it('a | block: each finding at its line:column in the Compose file, target named after the service', async () => {
    const r = await audit(R06);
    expect(rows(r)).toEqual([
      'compose.yaml 6:9-6:25 BW-0108 info stage tool final stage defines no HEALTHCHECK (unless its base image has one)',
      'compose.yaml 6:14-6:25 BW-0107 info stage tool base image alpine:3.19 uses tag :3.19 and is not pinned by digest',
      'compose.yaml 7:13-7:66 BW-0103 high stage tool ENV GITHUB_TOKEN stores a literal secret in the image config',
      'compose.yaml 8:13-8:35 BW-0104 high stage tool chmod u+s busybox: sets the setuid/setgid bit',
      'compose.yaml 9:14-9:18 BW-0102 high stage tool final stage runs as root (USER root)',
    ]);
    expect(r.errors).toEqual([]);
    expect(r.summary.targets).toBe(2);
    expect(r.files).toEqual([{ path: 'compose.yaml', kind: 'compose', bytes: Buffer.byteLength(R06), containers: 1, images: 1 }]);
    for (const format of ['text', 'json', 'sarif', 'html'] as const) expect(render(r, format, { color: false }), format).not.toContain('aBcDeFgHiJkLmNoPqRsTuVwXyZ');
  });

  it('|- with a deeper indentation, blank lines and a heredoc whose delimiter is indented in the YAML', async () => {
    const text = [
      'services:',
      '  db-init:',
      '    image: acme/init:1',
      '    user: "1000"',
      '    build:',
      '      dockerfile_inline: |-',
      '          FROM debian:12 AS base',
      '',
      '          FROM base',
      '          COPY <<EOF /root/.pgpass',
      '          db:5432:app:app:Sup3rS3cretPw',
      '          EOF',
      '          RUN apt-get install -y curl',
      '          HEALTHCHECK CMD ["true"]',
      '          USER 1000',
      '  other:',
      '    image: alpine:3.20',
      '',
    ].join('\n');
    const r = await audit(text);
    expect(r.errors).toEqual([]);
    expect(rows(r)).toEqual([
      'compose.yaml 7:16-7:25 BW-0107 info stage db-init (base) base image debian:12 uses tag :12 and is not pinned by digest',
      'compose.yaml 10:11-10:35 BW-0103 high stage db-init COPY <<EOF writes the credentials file /root/.pgpass with literal content: it is in the Dockerfile and the image layer',
      'compose.yaml 13:15-13:30 BW-0109 low stage db-init apt-get install without --no-install-recommends',
      'compose.yaml 13:15-13:30 BW-0111 info stage db-init apt-get install leaves the apt cache in the image',
    ]);
    for (const format of ['text', 'json', 'sarif', 'html'] as const) expect(render(r, format, { color: false }), format).not.toContain('Sup3rS3cretPw');
  });

  it('a line interpolation changed (${PFX:-} is empty): the finding stays on its line, a secret on it is masked with the whole line', async () => {
    const text = 'services:\n  tool:\n    user: "1000"\n    build:\n      dockerfile_inline: |\n        FROM alpine:3.19\n        ENV DB_PASSWORD ${PFX:-}correct horse battery\n        USER 1000\n';
    const r = await audit(text);
    expect(rows(r).filter((x) => x.includes('BW-0103'))).toEqual(['compose.yaml 7:13-7:46 BW-0103 high stage tool ENV DB_PASSWORD stores a literal secret in the image config']);
    const masked = r.sources.get('compose.yaml')!.text;
    expect(masked).toContain('USER 1000');
    expect(masked).not.toMatch(/horse|battery/);
  });

  it('a double-quoted scalar: findings at the dockerfile_inline key, the whole value masked', async () => {
    const text = [
      'services:',
      '  tool:',
      '    user: "1000"',
      '    build:',
      '      dockerfile_inline: "FROM alpine:3.19\\nENV API_TOKEN=tok_9f8e7d6c5b4a39281706\\nUSER 1000\\nHEALTHCHECK CMD [\\"true\\"]\\n"',
      '',
    ].join('\n');
    const r = await audit(text);
    expect(rows(r)).toEqual([
      'compose.yaml 5:7-5:24 BW-0103 high stage tool ENV API_TOKEN stores a literal secret in the image config',
      'compose.yaml 5:7-5:24 BW-0107 info stage tool base image alpine:3.19 uses tag :3.19 and is not pinned by digest',
    ]);
    expect(r.sources.get('compose.yaml')!.text).not.toContain('tok_9f8e7d6c5b4a39281706');
  });

  it('an instruction the builder refuses is an input error at its line:column in the Compose file', async () => {
    const text = 'services:\n  tool:\n    build:\n      dockerfile_inline: |\n        FROM alpine:3.19\n        FORM alpine\n';
    const r = await audit(text);
    expect(r.errors).toEqual([{ file: 'compose.yaml', line: 6, column: 9, message: 'services.tool.build.dockerfile_inline: unknown instruction "FORM"', code: 'parse' }]);
  });

  it('a Compose block of a Markdown file: positions in the Markdown file', async () => {
    const text = '# App\n\n```yaml\nservices:\n  tool:\n    build:\n      dockerfile_inline: |\n        FROM alpine:3.19\n        USER root\n```\n';
    const r = await audit(text, 'README.md');
    expect(rows(r).filter((x) => x.includes('BW-0102'))).toEqual(['README.md 9:14-9:18 BW-0102 high stage tool final stage runs as root (USER root)']);
  });

  it('a Compose override file that writes dockerfile_inline: positions in that file', async () => {
    const base = 'services:\n  tool:\n    image: acme/tool:1\n    user: "1000"\n';
    const over = 'services:\n  tool:\n    build:\n      dockerfile_inline: |\n        FROM alpine:3.19\n        USER 0\n';
    const r = await auditSources([{ path: 'compose.yaml', text: base }, { path: 'compose.override.yaml', text: over }], { env: {} });
    expect(rows(r).filter((x) => x.includes('BW-0102'))).toEqual(['compose.override.yaml 6:14-6:15 BW-0102 high stage tool final stage runs as root (USER 0)']);
  });
  it('a # bulwark-ignore line inside the block suppresses the next instruction\'s finding, as in a Dockerfile', async () => {
    const text = [
      'services:',
      '  tool:',
      '    user: "1000"',
      '    build:',
      '      dockerfile_inline: |',
      '        FROM alpine:3.19',
      '        # bulwark-ignore BW-0103 -- a throw-away test token',
      '        ENV API_TOKEN=tok_9f8e7d6c5b4a39281706',
      '        # bulwark-ignore df-setuid-binary -- reviewed',
      '        RUN chmod u+s /bin/busybox \\',
      '          && true',
      '        # bulwark-ignore BW-0102 -- nothing on the next line to suppress',
      '        USER 1000',
      '',
    ].join('\n');
    const r = await audit(text);
    expect(rows(r)).toEqual([
      'compose.yaml 6:9-6:25 BW-0108 info stage tool final stage defines no HEALTHCHECK (unless its base image has one)',
      'compose.yaml 6:14-6:25 BW-0107 info stage tool base image alpine:3.19 uses tag :3.19 and is not pinned by digest',
    ]);
    expect(r.suppressions).toEqual([
      { file: 'compose.yaml', line: 7, rules: ['BW-0103'], reason: 'a throw-away test token', used: true },
      { file: 'compose.yaml', line: 9, rules: ['df-setuid-binary'], reason: 'reviewed', used: true },
      { file: 'compose.yaml', line: 12, rules: ['BW-0102'], reason: 'nothing on the next line to suppress', used: false },
    ]);
    expect(r.summary.suppressed).toBe(2);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0000').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.message}`)).toEqual([
      '12:9 bulwark-ignore directive suppresses nothing: no BW-0102 finding on line 13',
    ]);
  });
});
