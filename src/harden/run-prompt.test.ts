/**
 * Lines harden adds to a console transcript carry the run line's prompt (QA): with root's `# ` prompt (```console,
 * `# docker run …`, which the Markdown ingester reads as a command) the network line is `# docker network …`, not a
 * bare line that reads as output, and the explanation is a comment typed at the prompt (`# # bulwark: …`), not a
 * line that reads as the root-prompted command `bulwark: …`. A continued command's `> ` (PS2) lines keep their prompt:
 * a removed flag takes its whole line, an added flag's line starts with `> `.
 */
import { describe, expect, it } from 'vitest';
import { hardenText } from './index.js';
import { auditSources } from '../engine/audit.js';

const NOTE = 'bulwark: --user 65532:65532, --memory 512m, --cpus 1.0, --pids-limit 256, --network bulwark set by bulwark harden (profile values: adjust to the service)';
const FLAGS = ['--cap-drop ALL', '--user 65532:65532', '--read-only', '--tmpfs /tmp:mode=1777,uid=65532,gid=65532', '--tmpfs /run:mode=1777,uid=65532,gid=65532', '--security-opt no-new-privileges:true', '--memory 512m', '--cpus 1.0', '--pids-limit 256', '--network bulwark'];
const NETWORK = 'docker network inspect bulwark >/dev/null 2>&1 || docker network create bulwark   # bulwark: user-defined network (R-G15)';

describe('harden: prompts of console transcripts', () => {
  it('root prompt `# `: the added lines carry it; the note is a comment at the prompt', async () => {
    const text = '# Run as root\n\n```console\n# docker run -d --name agent acme/agent:1\n```\n';
    const r = await hardenText({ path: 'ROOT.md', text }, { unsafe: true });
    expect(r.notes).toEqual([]);
    expect(r.output).toBe(`# Run as root\n\n\`\`\`console\n# ${NETWORK}\n# # ${NOTE}\n# docker run ${FLAGS.join(' ')} -d --name agent acme/agent:1\n\`\`\`\n`);
    // The network line is read as a command, the note is not; hardening again changes nothing.
    const a = await auditSources([{ path: 'ROOT.md', text: r.output }], { env: {} });
    expect(a.errors).toEqual([]);
    expect(a.findings.map((f) => `${f.ruleId} ${f.target.name}`)).toEqual(['BW-0036 ROOT.md', 'BW-0031 agent', 'BW-0027 agent']);
    expect((await hardenText({ path: 'ROOT.md', text: r.output }, { unsafe: true })).output).toBe(r.output);
  });

  it('`> ` continuation lines: a removed flag leaves no bare `> \\`, added flags start with `> `; the first line of the block is a comment', async () => {
    const text = '```console\n# start the agent\n# docker run -d --name agent \\\n>   --privileged \\\n>   acme/agent:1\n```\n';
    const r = await hardenText({ path: 'R2.md', text }, { unsafe: true });
    expect(r.notes).toEqual([]);
    expect(r.output).toBe(
      `\`\`\`console\n# ${NETWORK}\n# start the agent\n# # ${NOTE}\n# docker run -d --name agent \\\n` + FLAGS.map((f) => `>   ${f} \\\n`).join('') + '>   acme/agent:1\n```\n',
    );
  });

  it('`$ ` prompt with `> ` continuation lines', async () => {
    const text = '```console\n$ docker run -d --name agent \\\n>   --privileged \\\n>   acme/agent:1\n```\n';
    const r = await hardenText({ path: 'PS2.md', text }, { unsafe: true });
    expect(r.output).toBe(`\`\`\`console\n$ ${NETWORK}\n$ # ${NOTE}\n$ docker run -d --name agent \\\n` + FLAGS.map((f) => `>   ${f} \\\n`).join('') + '>   acme/agent:1\n```\n');
  });
});
