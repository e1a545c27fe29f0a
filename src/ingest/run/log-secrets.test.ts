/**
 * Secret logging options are masked (R-S): `--log-opt splunk-token=…` on a run line and Compose
 * `logging.options`, found in a real-world review (qa2: the token showed in the text report's snippet).
 */
import { describe, expect, it } from 'vitest';
import { SourceFile } from '../../model/source.js';
import { ingestShell } from './index.js';
import { ingestText, fakeCtx } from '../compose/test-helpers.js';
import { auditSources } from '../../engine/audit.js';

const TOKEN = '176FCEBF-4CF5-4EDF-91BC-703796522D20';

describe('logging option secrets', () => {
  it('run line: the splunk-token value is a secret range; splunk-url and a ${VAR} token are not', async () => {
    const text = `docker run --name app --log-driver splunk --log-opt splunk-token=${TOKEN} --log-opt splunk-url=https://splunk:8088 myorg/app:1.2\ndocker run --log-opt splunk-token=$TOK myorg/app:1.2\n`;
    const file = new SourceFile('s.sh', text);
    const r = await ingestShell(file, { env: {}, readFile: async () => undefined });
    expect((r.secretRanges ?? []).map((x) => text.slice(x.start, x.end))).toEqual([TOKEN]);
  });

  it('compose: logging.options secrets, also from an extends file, are secret ranges', async () => {
    const text = `services:\n  app:\n    image: myorg/app:1.2\n    logging:\n      driver: splunk\n      options:\n        splunk-token: ${TOKEN}\n        splunk-url: https://splunk:8088\n  web:\n    extends: {file: base.yml, service: b}\n`;
    const base = 'services:\n  b:\n    image: nginx:1.27\n    logging:\n      driver: loki\n      options:\n        loki-url: https://user:Pa55w0rdX@loki.example.com/loki/api/v1/push\n';
    const { r } = await ingestText(text, fakeCtx({}, { 'base.yml': base }));
    const texts: Record<string, string> = { 'compose.yml': text, 'base.yml': base };
    expect((r.secretRanges ?? []).map((x) => [x.file, texts[x.file].slice(x.start, x.end)])).toEqual([
      ['compose.yml', TOKEN],
      ['base.yml', 'Pa55w0rdX'],
    ]);
  });

  it('the text report never shows the token', async () => {
    const text = `services:\n  app:\n    image: myorg/app:1.2\n    logging:\n      driver: splunk\n      options:\n        splunk-token: ${TOKEN}\n    privileged: true\n`;
    const res = await auditSources([{ path: 'compose.yml', text, kind: 'compose' }], { env: {} });
    const { renderText } = await import('../../report/text.js');
    expect(res.findings.length).toBeGreaterThan(0);
    expect(String(renderText(res, { color: false }))).not.toContain(TOKEN);
  });
});
