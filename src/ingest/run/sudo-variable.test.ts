/**
 * `$SUDO docker run …`: install scripts set SUDO only when not root (`[ "$(id -u)" -ne 0 ] && SUDO=sudo`), so the
 * variable is unset as far as the file shows. An unquoted lone variable before the docker word is a wrapper or
 * nothing: the line is a run line (found by the shell parser, and by the line scan used when a script does not parse).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

async function privileged(path: string, text: string) {
  const r = await auditSources([{ path, text }], { env: {} });
  return r.findings.filter((f) => f.ruleId === 'BW-0001').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.target.name}`);
}

describe('$SUDO docker run', () => {
  it('in a function of a script, with SUDO set on one branch only', async () => {
    expect(await privileged('install.sh', 'if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi\nstart() {\n  $SUDO docker run -d --name agent --privileged agent:2\n}\n${SUDO} docker run --privileged --name tool tool:1\n')).toEqual([
      '3:36 agent',
      '5:20 tool',
    ]);
  });
  it('in Markdown code blocks, a console prompt too', async () => {
    expect(await privileged('README.md', '# x\n\n```sh\n$SUDO docker run --privileged --name a nginx\n```\n\n```console\n$ $SUDO docker run --privileged --name b nginx\n```\n')).toEqual(['4:18 a', '8:20 b']);
  });
  it('by the line scan of a script that does not parse', async () => {
    expect(await privileged('broken.sh', 'if [ x ]; then\n$SUDO docker run --privileged --name c nginx\n')).toEqual(['2:18 c']);
  });
  it('not a wrapper: a quoted variable, or a variable that is not followed by docker', async () => {
    expect(await privileged('x.sh', '"$SUDO" docker run --privileged nginx\n$RUNNER run --privileged nginx\n')).toEqual([]);
  });
});
