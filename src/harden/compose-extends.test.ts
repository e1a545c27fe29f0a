/**
 * Compose `extends` across files and chains (issue 4: "settings reached through `<<` merge keys or
 * `extends` are fixed where they are defined or overridden where the service is"). QA round 2 (qa17):
 *  - `privileged: true` inherited from a service of another file was left ("privileged mode is not written
 *    in this service"), though a scalar on the service overrides it (compose-spec 05-services.md `extends`);
 *  - `local` extending `app` extending another file got every fix app got in the same round, repeated
 *    (`tmpfs: [/tmp, /run]` merged twice, two `security_opt` lists): the chain is now fixed base first.
 */
import { describe, expect, it } from 'vitest';
import { fixableFindings, hardenText } from './index.js';

const BASE = 'services:\n  base:\n    image: busybox:1.36\n    privileged: true\n    environment:\n      TZ: UTC\n';
const readFile = async (p: string) => (p.endsWith('base.yml') ? BASE : undefined);

describe('harden: Compose extends', () => {
  it('privileged inherited from another file: privileged: false on the service, with a note naming the file', async () => {
    const text = 'services:\n  app:\n    extends:\n      file: base.yml\n      service: base\n    command: ["sh", "-c", "sleep 3600"]\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { unsafe: true, only: ['BW-0001'], readFile });
    expect(r.output).toBe(text + '    privileged: false  # bulwark: overrides the privileged inherited through extends from base.yml\n');
    expect(r.notes).toEqual([]);
    expect(r.changes.map((c) => `${c.target} ${c.file}:${c.line}:${c.column} ${c.ruleId}`)).toEqual(['app base.yml:4:17 BW-0001']);
    expect(await fixableFindings({ path: 'compose.yaml', text: r.output }, { readFile, unsafe: true, only: ['BW-0001'] })).toEqual([]);
  });

  it('a chain local → app → another file: app is fixed first and local inherits, nothing repeated on local', async () => {
    const text =
      'services:\n  app:\n    extends:\n      file: base.yml\n      service: base\n    command: ["sh", "-c", "sleep 3600"]\n  local:\n    extends: app\n    profiles: ["debug"]\n    pid: host\n';
    const only = ['BW-0001', 'BW-0006', 'BW-0007', 'BW-0010', 'BW-0016'];
    const r = await hardenText({ path: 'compose.yaml', text }, { unsafe: true, only, readFile });
    expect(r.output).toBe(
      'services:\n  app:\n    extends:\n      file: base.yml\n      service: base\n    command: ["sh", "-c", "sleep 3600"]\n' +
        '    read_only: true\n    tmpfs:\n      - "/tmp:mode=1777,uid=65532,gid=65532"\n      - "/run:mode=1777,uid=65532,gid=65532"\n' +
        '    security_opt:\n      - no-new-privileges:true\n' +
        '    pids_limit: 256  # bulwark: pids limit from the harden profile\n' +
        '    privileged: false  # bulwark: overrides the privileged inherited through extends from base.yml\n' +
        '  local:\n    extends: app\n    profiles: ["debug"]\n',
    );
    expect(r.notes).toEqual([]);
    expect(await fixableFindings({ path: 'compose.yaml', text: r.output }, { readFile, unsafe: true, only })).toEqual([]);
    const again = await hardenText({ path: 'compose.yaml', text: r.output }, { unsafe: true, only, readFile });
    expect(again.output).toBe(r.output);
  });
});
