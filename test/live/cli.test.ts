/**
 * `bulwark audit --live` flags without an engine: an unreachable engine or bad values give one line on
 * stderr and exit 2 (built CLI, dist/cli.js).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve('dist/cli.js');
function run(args: string[], env: Record<string, string> = {}) {
  const e: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...env };
  if (!env.DOCKER_HOST) delete e.DOCKER_HOST;
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: e });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('audit --live errors', () => {
  it('unreachable engine: one line naming it, exit 2', () => {
    expect(run(['audit', '--live', '--host', 'unix:///nonexistent/docker.sock'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'bulwark: cannot reach the Docker engine at unix:///nonexistent/docker.sock: connect ENOENT /nonexistent/docker.sock\n',
    });
  });

  it('DOCKER_HOST is honoured', () => {
    const r = run(['audit', '--live'], { DOCKER_HOST: 'tcp://127.0.0.1:1' });
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'bulwark: cannot reach the Docker engine at tcp://127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1\n' });
  });

  it.each([
    [['--filter', 'nokey'], 'bulwark: bad --filter "nokey": expected key=value, e.g. name=web or label=tier=db\n'],
    [['--concurrency', '0'], 'bulwark: --concurrency must be a positive integer, got "0"\n'],
    [['--timeout', 'soon'], 'bulwark: --timeout must be a positive integer, got "soon"\n'],
    [['some/dir'], 'bulwark: --live audits a running engine: give no paths or -f files\n'],
  ])('%j is refused in one line, exit 2', (args, stderr) => {
    expect(run(['audit', '--live', '--host', 'unix:///nonexistent/docker.sock', ...args])).toEqual({ code: 2, stdout: '', stderr });
  });
});
