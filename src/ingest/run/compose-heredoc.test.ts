/**
 * Compose files an install script writes with a heredoc (`cat > docker-compose.yml <<EOF … EOF`, `cat <<'EOF' |
 * tee compose.yaml`, `docker compose -f - up <<EOF`) are audited in place, positions in the script's lines
 * (R-G14: audits of scripts; the containers the script starts come from that file). Heredocs that are data of
 * another kind, or scripts fed to a shell, are not Compose.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

async function found(text: string, ids: string[]) {
  const r = await auditSources([{ path: 'install.sh', text }], { env: {} });
  return {
    rows: r.findings.filter((f) => ids.includes(f.ruleId)).map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.target.kind}:${f.target.name}`),
    errors: r.errors.map((e) => e.message),
    text: r.sources.get('install.sh')!.text,
  };
}

const IDS = ['BW-0001', 'BW-0013', 'BW-0026', 'BW-0002'];

describe('Compose written by a heredoc of a shell script', () => {
  it('is audited at the script lines, secrets masked, beside the docker run lines of the script', async () => {
    const text = [
      '#!/bin/bash',
      'DIR=/opt/monitor',
      'cat > "$DIR/docker-compose.yml" <<EOF',
      'services:',
      '  agent:',
      '    image: portainer/agent:2.19.4',
      '    privileged: true',
      '    volumes:',
      '      - /var/run/docker.sock:/var/run/docker.sock',
      '    environment:',
      '      DB_PASSWORD: hunter2secret',
      'EOF',
      'cat <<\'EOF\' | sudo tee /opt/app/compose.yaml >/dev/null',
      'services:',
      '  web: {image: "nginx:1.27", cap_add: [SYS_ADMIN]}',
      'EOF',
      'docker run -d --name side --privileged busybox:1.36',
      '',
    ].join('\n');
    const r = await found(text, IDS);
    expect(r.rows).toEqual([
      '7:17 BW-0001 service:agent',
      '9:9 BW-0013 service:agent',
      '11:7 BW-0026 service:agent',
      '15:40 BW-0002 service:web',
      '17:27 BW-0001 run:side',
    ]);
    expect(r.errors).toEqual([]);
    expect(r.text.split('\n')[10]).toBe('      DB_PASSWORD: *************');
  });

  it('is read from `docker compose -f - up <<EOF` too; a heredoc fed to bash and other data are not Compose', async () => {
    const text = [
      'docker compose -f - up -d <<EOF',
      'services:',
      '  db:',
      '    image: postgres:16',
      '    pid: host',
      'EOF',
      'bash <<EOF',
      'services:',
      'EOF',
      'cat > /etc/motd <<EOF',
      'services: none today',
      'EOF',
      '',
    ].join('\n');
    const r = await found(text, ['BW-0016']);
    expect(r.rows).toEqual(['5:10 BW-0016 service:db']);
    expect(r.errors).toEqual([]);
  });

  it('is read from a shell block of a Markdown document; a merge key `<<:` of a Compose block is no heredoc', async () => {
    const md = ['# Setup', '', '```bash', 'cat > docker-compose.yml <<EOF', 'services:', '  app:', '    image: foo:1', '    network_mode: host', 'EOF', '```', '', '```', 'x-base: &base', '  pid: host', 'services:', '  b:', '    <<: *base', '    image: bar:1', '```', ''].join('\n');
    const r = await auditSources([{ path: 'README.md', text: md }], { env: {} });
    expect(r.findings.filter((f) => f.ruleId === 'BW-0015' || f.ruleId === 'BW-0016').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.target.name}`)).toEqual(['8:19 BW-0015 app', '14:8 BW-0016 b']);
  });
});
