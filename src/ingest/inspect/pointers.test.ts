/**
 * QA (round C): every finding about a container of `docker inspect` output names its field (`Finding.pointer`,
 * RFC 6901), the findings placed on a secret's characters too: a label (BW-0046 at `/Config/Labels/<key>`, `~` and
 * `/` escaped as `~0` and `~1`), a logging option (`/HostConfig/LogConfig/Config/<option>`), a word of the command
 * (BW-0035 at the element of `Config.Cmd` that holds it). They had none. Requirements: R-S, R-G14.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { allRules } from '../../rules/index.js';

/** QA's `risky` container (insp.json), trimmed to the fields that matter, with a logging option and a command. */
const TEXT =
  JSON.stringify(
    [
      {
        Id: 'b97e8a3859f40988d36cba870f2f825ac949928b9ed7e1e0d6e86314bc63e547',
        Name: '/risky',
        Args: ['--token=ghp_abcdefghijklmnopqrstuvwxyz0123456789', '--password', 'hunter2xyz'],
        HostConfig: {
          NetworkMode: 'none',
          LogConfig: { Type: 'splunk', Config: { 'splunk-token': '8f1b2c3d-aaaa-bbbb-cccc-1234567890ab' } },
        },
        Config: {
          User: '1000',
          Image: 'busybox',
          Cmd: ['--token=ghp_abcdefghijklmnopqrstuvwxyz0123456789', '--password', 'hunter2xyz'],
          Entrypoint: ['/app/server'],
          Labels: { 'com.example.db_password': 'labelSecret99x', 'com.example.a/b~c_password': 'labelSecret77y' },
        },
      },
    ],
    null,
    4,
  ) + '\n';

describe('inspect: findings on secrets carry the JSON pointer of their field', () => {
  it('BW-0046 (labels, logging option) and BW-0035 (command words), each at the secret\'s characters', async () => {
    const rules = allRules.filter((r) => r.meta.slug === 'secret-in-label-or-log-option' || r.meta.slug === 'secret-in-command');
    const r = await auditSources([{ path: 'insp.json', text: TEXT, kind: 'inspect' }], { env: {}, rules });
    expect(r.findings.map((f) => [f.ruleId, `${f.location.startLine}:${f.location.startColumn}-${f.location.endColumn}`, f.severity, f.pointer])).toEqual([
      ['BW-0046', '15:38-74', 'medium', '/HostConfig/LogConfig/Config/splunk-token'],
      ['BW-0035', '23:26-66', 'high', '/Config/Cmd/0'],
      ['BW-0035', '25:18-28', 'high', '/Config/Cmd/2'],
      ['BW-0046', '31:45-59', 'high', '/Config/Labels/com.example.db_password'],
      ['BW-0046', '32:48-62', 'high', '/Config/Labels/com.example.a~1b~0c_password'],
    ]);
  });
});
