/**
 * `bulwark harden --from-container` against a private engine: the hardened `docker run` line of a running
 * container is valid Docker (the docker CLI creates and starts it) and the new container carries the
 * hardening; secrets in its environment are never printed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { describeEngine, useEngine } from '../support/engine.js';

/** The built CLI; BULWARK_CLI points at a private build while other builds replace dist/ (local runs). */
const CLI = resolve(process.env.BULWARK_CLI ?? 'dist/cli.js');

function harden(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'harden', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', DOCKER_HOST: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describeEngine('harden --from-container', () => {
  const eng = useEngine();

  it('writes a hardened docker run line that the engine accepts and runs', async () => {
    const e = eng();
    const image = await e.importBusybox();
    const start = await e.docker(['run', '-d', '--name', 'bw-fc-web', '--network', 'none', '--cap-add', 'SYS_ADMIN', '--security-opt', 'seccomp=unconfined', '-e', 'API_TOKEN=s3cr3t-Value-9f8e7d6c5b4a', '--restart', 'on-failure:3', image, 'sleep', '300']);
    expect(start.code).toBe(0);
    const r = harden(['--from-container', 'bw-fc-web', '-H', e.host, '--unsafe-fixes']);
    expect(r.stderr).toMatch(/^docker:\/\/bw-fc-web: \d+ changes \(\d+ safe, \d+ unsafe\)\n/);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('s3cr3t');
    const line = r.stdout.split('\n').find((l) => l.startsWith('docker run'))!;
    // BW-0026's unsafe fix: the secret is a read-only bind mount of the file $API_TOKEN_FILE names, and API_TOKEN_FILE.
    expect(line).toContain(' --mount type=bind,source="${API_TOKEN_FILE:?set API_TOKEN_FILE to the file holding API_TOKEN}",target=/run/secrets/api_token,readonly -e API_TOKEN_FILE=/run/secrets/api_token ');
    expect(line).not.toContain(' -e API_TOKEN ');
    expect(line).not.toContain('--cap-add SYS_ADMIN'); // BW-0002's unsafe fix removes an added dangerous capability
    expect(line).not.toContain('seccomp=unconfined');
    for (const flag of ['--cap-drop ALL', '--security-opt no-new-privileges:true', '--read-only', '--tmpfs /tmp', '--user 65532:65532', '--memory 512m', '--cpus 1.0', '--pids-limit 256', '--network none', '--restart on-failure:3']) expect(line).toContain(flag);
    expect(r.stdout.split('\n')[0]).toBe(
      '# bulwark: --user 65532:65532, --memory 512m, --cpus 1.0, --pids-limit 256 set by bulwark harden (profile values: adjust to the service); API_TOKEN is now read from a file: set API_TOKEN_FILE to the file holding it (mounted read-only under /run/secrets; the application reads API_TOKEN_FILE)',
    );

    // Replace the container with the hardened one, as a user would: the docker CLI parses the line.
    expect((await e.docker(['rm', '-f', 'bw-fc-web'])).code).toBe(0);
    // Without API_TOKEN_FILE the shell stops before docker runs, with the fix's message.
    const unset = spawnSync('sh', ['-c', r.stdout.replace(/^docker run /m, 'docker run -d ')], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', DOCKER_HOST: e.host } });
    expect(unset.status).not.toBe(0);
    expect(unset.stderr).toMatch(/API_TOKEN_FILE: set API_TOKEN_FILE to the file holding API_TOKEN\n$/);
    const dir = mkdtempSync(join(tmpdir(), 'bw-fc-'));
    writeFileSync(join(dir, 'api_token'), 'from-a-file\n', { mode: 0o444 });
    const sh = spawnSync('sh', ['-c', r.stdout.replace(/^docker run /m, 'docker run -d ')], { encoding: 'utf8', env: { ...process.env, DOCKER_HOST: e.host, API_TOKEN_FILE: join(dir, 'api_token') } });
    expect(sh.stderr).toBe('');
    expect(sh.status).toBe(0);
    const insp = JSON.parse((await e.docker(['inspect', 'bw-fc-web'])).stdout)[0];
    expect(insp.State.Running).toBe(true);
    expect(insp.HostConfig.CapDrop).toEqual(['ALL']);
    expect(insp.HostConfig.CapAdd).toBeNull();
    expect(insp.HostConfig.ReadonlyRootfs).toBe(true);
    expect(insp.HostConfig.PidsLimit).toBe(256);
    expect(insp.HostConfig.Memory).toBe(512 * 1024 * 1024);
    expect(insp.HostConfig.NanoCpus).toBe(1e9);
    expect(insp.HostConfig.SecurityOpt).toEqual(['no-new-privileges:true']);
    expect(insp.Config.User).toBe('65532:65532');
    expect(insp.Config.Env).toContain('API_TOKEN_FILE=/run/secrets/api_token');
    expect(insp.Config.Env.some((v: string) => v.startsWith('API_TOKEN='))).toBe(false);
    expect(insp.Mounts.filter((m: { Destination: string }) => m.Destination === '/run/secrets/api_token').map((m: { Type: string; Source: string; RW: boolean }) => [m.Type, m.Source, m.RW])).toEqual([['bind', join(dir, 'api_token'), false]]);
    const read = await e.docker(['exec', 'bw-fc-web', 'cat', '/run/secrets/api_token']);
    expect([read.code, read.stdout]).toEqual([0, 'from-a-file\n']);
    expect((await e.docker(['rm', '-f', 'bw-fc-web'])).code).toBe(0);
  }, 120_000);

  it('writes a Compose service with --kind compose, secrets as names only', async () => {
    const e = eng();
    const image = await e.importBusybox();
    expect((await e.docker(['run', '-d', '--name', 'bw-fc-db', '--network', 'none', '-e', 'DB_PASSWORD=hunter2-Very-Secret-77', image, 'sleep', '300'])).code).toBe(0);
    const r = harden(['--from-container', 'bw-fc-db', '-H', e.host, '--kind', 'compose']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('hunter2');
    expect(r.stdout).toMatch(/^services:\n {2}bw-fc-db:\n {4}image: bw\/busybox:test\n {4}container_name: bw-fc-db\n/);
    expect(r.stdout).toContain('      - DB_PASSWORD\n');
    expect(r.stdout).toContain('    network_mode: none\n');
    expect(r.stdout).toContain('    security_opt:\n      - no-new-privileges:true\n');
    expect(r.stdout).toContain('    pids_limit: 256  # bulwark: pids limit from the harden profile\n');
    expect((await e.docker(['rm', '-f', 'bw-fc-db'])).code).toBe(0);
  }, 120_000);

  it('QA round D: label secrets (a URL password, an htpasswd hash) and a command password are masked in the run line and the Compose service', async () => {
    const e = eng();
    const image = await e.importBusybox();
    const create = await e.docker(['create', '--name', 'labeled', '--network', 'none', '--label', 'db.url=postgres://u:CtrLblPw55@db/x', '--label', 'traefik.http.middlewares.a.basicauth.users=admin:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/', '-e', 'DB_PASSWORD=CtrEnvPw66', image, 'sh', '-c', 'exec redis-server --requirepass CtrCmdPw77']);
    expect(create.code).toBe(0);
    for (const kind of [[], ['--kind', 'compose']]) {
      const r = harden(['--from-container', 'labeled', '-H', e.host, ...kind]);
      expect(r.code).toBe(0);
      for (const secret of ['CtrLblPw55', 'H6uskkkW', 'IgXLP6ew', 'CtrEnvPw66', 'CtrCmdPw77']) {
        expect(r.stdout, `${kind.join(' ')} ${secret}`).not.toContain(secret);
        expect(r.stderr, `${kind.join(' ')} ${secret}`).not.toContain(secret);
      }
      expect(r.stdout).toContain('db.url');
      expect(r.stdout).toContain('postgres://u:**********@db/x');
      expect(r.stdout).toContain('# written differently: label db.url (its secret (url-credentials) is masked in the printed flags');
    }
    expect((await e.docker(['rm', '-f', 'labeled'])).code).toBe(0);
  }, 120_000);

  it('a missing container is a one-line error, exit 2', async () => {
    const r = harden(['--from-container', 'no-such-ctr', '-H', eng().host]);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'bulwark: no such container: no-such-ctr\n' });
  });
});
