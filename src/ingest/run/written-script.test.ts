/**
 * Shell scripts an install script writes with a heredoc (`cat > /usr/local/bin/start-agent.sh <<'EOF'` with a
 * `#!/bin/sh` first line, or a target ending in `.sh`) are audited as scripts, positions in the outer file's lines,
 * as Compose files and systemd units written by heredocs are (QA B 11; R-G14). Other heredocs stay data.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { ingestShell } from './shell.js';
import { SourceFile } from '../../model/source.js';

const IDS = ['BW-0001', 'BW-0011', 'BW-0013', 'BW-0016', 'BW-0027'];

async function rows(text: string, path = 'install.sh') {
  const r = await auditSources([{ path, text }], { env: {} });
  return r.findings.filter((f) => IDS.includes(f.ruleId)).map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.severity} ${f.certainty} ${f.target.name}`);
}

describe('a shell script written by a heredoc', () => {
  it('cat > start-agent.sh <<\'EOF\' with #!/bin/sh: the docker run in it is audited at its own lines', async () => {
    const text = ['#!/bin/sh', "cat > /usr/local/bin/start-agent.sh <<'EOF'", '#!/bin/sh', 'exec docker run --name agent --privileged -v /:/host example/agent:1.0', 'EOF', 'chmod +x /usr/local/bin/start-agent.sh', '/usr/local/bin/start-agent.sh', ''].join('\n');
    expect(await rows(text)).toEqual(['4:30 BW-0001 critical definite agent', '4:43 BW-0011 critical definite agent', '4:43 BW-0013 critical definite agent', '4:54 BW-0027 info definite agent']);
    // It runs on this host: not marked as a script run by another shell (harden may change its network).
    const c = (await ingestShell(new SourceFile('install.sh', text), { env: {}, readFile: async () => undefined })).containers;
    expect(c.map((x) => [x.target.name, x.extra.nestedScript])).toEqual([['agent', undefined]]);
  });

  it('cat <<EOF | sudo tee run.sh, no shebang: a .sh target; an unquoted delimiter expands the writing script\'s variables', async () => {
    const text = ['IMAGE=example/agent:1.0', 'cat <<EOF | sudo tee /opt/agent/run.sh >/dev/null', 'docker run -d --name tee-agent --pid=host "$IMAGE"', 'EOF', ''].join('\n');
    expect(await rows(text)).toEqual(['3:32 BW-0016 high definite tee-agent', '3:43 BW-0027 info definite tee-agent']);
  });

  it('#!/usr/bin/env bash to a file without extension, in a Markdown block too', async () => {
    const body = ["sudo tee /usr/local/bin/agent <<'EOF'", '#!/usr/bin/env bash', 'docker run --name md-agent --privileged example/agent:1.0', 'EOF'];
    expect(await rows(['#!/bin/sh', ...body, ''].join('\n'))).toEqual(['4:28 BW-0001 critical definite md-agent', '4:41 BW-0027 info definite md-agent']);
    expect(await rows(['# Install', '', '```bash', ...body, '```', ''].join('\n'), 'README.md')).toEqual(['6:28 BW-0001 critical definite md-agent', '6:41 BW-0027 info definite md-agent']);
  });

  it('data stays data: a text file, a script printed without a target, a Python script', async () => {
    const run = 'docker run --name x --privileged example/agent:1.0';
    for (const head of ["cat > /opt/notes.txt <<'EOF'", "cat <<'EOF'", "cat > /opt/tool.sh <<'EOF'\n#!/usr/bin/env python3"]) {
      expect(await rows(['#!/bin/sh', head, run, 'EOF', ''].join('\n'))).toEqual([]);
    }
  });
});
