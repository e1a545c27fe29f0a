/**
 * Passwords well-known CLIs take as operands (command-secrets.ts `positionalSecrets`): `mc alias set ALIAS URL
 * ACCESSKEY SECRETKEY` (and `mc config host add`), `mysqladmin … password NEW`, `rabbitmqctl add_user|change_password
 * USER PASSWORD`; and `sshpass -p` / `redis-cli -a` where they were missed (run lines, Dockerfile RUN). Reported by
 * BW-0035 on container command lines and BW-0103 in Dockerfile RUN, masked in every format; placeholders and
 * expansions are not secrets, and no other operand is read.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { render } from '../../report/index.js';
import { positionalSecrets } from './command-secrets.js';

type Result = Awaited<ReturnType<typeof auditSources>>;
const rows = (r: Result, id: string) => r.findings.filter((f) => f.ruleId === id).map((f) => `${f.location.startLine}:${f.location.startColumn}-${f.location.endColumn} ${f.severity} ${f.target.name}`);
const leaks = (r: Result, secret: string) => (['text', 'json', 'sarif', 'html'] as const).filter((f) => render(r, f, { color: false }).includes(secret));

describe('positionalSecrets', () => {
  it('the exact forms, with options between, and nothing else', () => {
    expect(positionalSecrets(['mc', '--insecure', 'alias', 'set', 'm', 'http://minio:9000', 'ak', 'Sk-1234567', '--api', 'S3v4'])).toEqual([{ index: 7, value: 'Sk-1234567', program: 'mc' }]);
    expect(positionalSecrets(['alias', 'set', 'm', 'http://minio:9000', 'ak', 'Sk-1234567'], 'mc')).toEqual([{ index: 5, value: 'Sk-1234567', program: 'mc' }]);
    expect(positionalSecrets(['mc', 'config', 'host', 'add', 'm', 'http://x', 'ak', 'Sk-1234567;', 'mc', 'ls', 'm'])).toEqual([{ index: 7, value: 'Sk-1234567', program: 'mc' }]);
    expect(positionalSecrets(['mysqladmin', '-u', 'root', 'password', 'N3wPass'])).toEqual([{ index: 4, value: 'N3wPass', program: 'mysqladmin' }]);
    expect(positionalSecrets(['rabbitmqctl', '-n', 'rabbit@h', 'add_user', 'admin', 'R4bbitPw'])).toEqual([{ index: 5, value: 'R4bbitPw', program: 'rabbitmqctl' }]);
    expect(positionalSecrets(['rabbitmqctl', 'change_password', 'admin', 'R4bbitPw'])).toEqual([{ index: 3, value: 'R4bbitPw', program: 'rabbitmqctl' }]);
    // Not these: other mc commands, a prompt (no key given), a user named `password`, a hash, placeholders, expansions.
    for (const words of [
      ['mc', 'cp', 'a', 'b', 'c', 'd'],
      ['mc', 'alias', 'set', 'm', 'http://x'],
      ['mc', 'alias', 'set', 'm', 'http://x', 'ak', '&&', 'echo', 'secret'],
      ['mysqladmin', '-u', 'password', 'status'],
      ['mysqladmin', 'password'],
      ['rabbitmqctl', 'add_user', '--pre-hashed-password', 'admin', 'kI3GCqW5JLMJa4iX1lo7X4D6XbYqlLgxIs30+P6tENUV2POR'],
      ['mc', 'alias', 'set', 'm', 'http://x', 'ACCESS_KEY', 'SECRET_KEY'],
      ['rabbitmqctl', 'add_user', 'USER', '<password>'],
      ['mc', 'alias', 'set', 'm', 'http://x', 'ak', '"$MINIO_SECRET"'],
      ['kubectl', 'create', 'secret', 'generic', 'x', 'y'],
    ]) expect(positionalSecrets(words)).toEqual([]);
  });
});

describe('BW-0035 and BW-0103 on operand passwords', () => {
  it('docker run lines (a shell script, the minio/mc image\'s arguments, docker exec), masked everywhere', async () => {
    const text = [
      '#!/bin/sh',
      'docker run --rm --entrypoint /bin/sh --name init minio/mc:RELEASE.2024-06-12T14-34-03Z -c "mc alias set local http://minio:9000 minioadmin M1n10-S3cret-Key && mc mb local/b"',
      'docker run --rm --name init2 minio/mc:RELEASE.2024-06-12T14-34-03Z alias set local http://minio:9000 minioadmin M1n10-S3cret-Key2',
      'docker exec rabbit rabbitmqctl add_user admin R4bbit-Adm1n-Pw',
      'docker run --rm --name db mysql:8.4 mysqladmin -h db -uroot password N3w-R00t-Passw0rd',
      'docker run --rm --name s alpine:3.20 sshpass -p Ssh-Pa55-w0rd ssh deploy@host',
      '',
    ].join('\n');
    const r = await auditSources([{ path: 'init.sh', text }], { env: {} });
    // (A `docker exec` into a container the script does not start is masked; BW-0035 reports a container's own execs.)
    expect(rows(r, 'BW-0035')).toEqual(['2:140-156 high init', '3:113-130 high init2', '5:70-87 high db', '6:49-62 high s']);
    for (const s of ['M1n10-S3cret-Key', 'R4bbit-Adm1n-Pw', 'N3w-R00t-Passw0rd', 'Ssh-Pa55-w0rd']) expect(leaks(r, s)).toEqual([]);
  });

  it('a Markdown fence and a Compose command', async () => {
    const md = '# Init\n\n```sh\ndocker run --rm --entrypoint sh minio/mc -c "mc config host add s3 https://s3.example.com AKIAEXAMPLE Md-S3cret-Key-99"\n```\n';
    const m = await auditSources([{ path: 'README.md', text: md }], { env: {} });
    expect(rows(m, 'BW-0035')).toEqual(['4:103-119 high minio/mc']);
    expect(leaks(m, 'Md-S3cret-Key-99')).toEqual([]);
    const compose = 'services:\n  init:\n    image: minio/mc:RELEASE.2024-06-12T14-34-03Z\n    entrypoint: ["/bin/sh", "-c"]\n    command: ["mc alias set m http://minio:9000 admin Cmp-S3cret-Key-1; mc mb m/b"]\n';
    const c = await auditSources([{ path: 'compose.yaml', text: compose }], { env: {} });
    expect(rows(c, 'BW-0035')).toEqual(['5:55-71 high init']);
    expect(leaks(c, 'Cmp-S3cret-Key-1')).toEqual([]);
  });

  it('Dockerfile RUN: mc, mysqladmin password, rabbitmqctl, redis-cli -a (BW-0103), masked everywhere', async () => {
    const df = [
      'FROM alpine:3.20',
      'RUN mc alias set local http://minio:9000 minioadmin Df-M1n10-Key \\',
      '  && mc mb local/b',
      'RUN mysqladmin -uroot password Df-N3w-Passw0rd; rabbitmqctl add_user admin Df-R4bbit-Pw',
      'RUN redis-cli -h cache -a Df-Red1s-Pw ping',
      'RUN mc alias set local http://minio:9000 "$AK" "$SK" && rabbitmqctl add_user USER PASSWORD',
      'USER 1000',
      '',
    ].join('\n');
    const r = await auditSources([{ path: 'Dockerfile', text: df }], { env: {} });
    expect(rows(r, 'BW-0103')).toEqual(['2:53-65 high alpine:3.20', '4:32-47 high alpine:3.20', '4:76-88 high alpine:3.20', '5:27-38 high alpine:3.20']);
    for (const s of ['Df-M1n10-Key', 'Df-N3w-Passw0rd', 'Df-R4bbit-Pw', 'Df-Red1s-Pw']) expect(leaks(r, s)).toEqual([]);
  });
});
