/**
 * reStructuredText documents (Sphinx / Read the Docs pages, README.rst): `docker run` lines and Compose files in
 * code-block directives and `::` literal blocks are audited at the document's own lines (issue 2, "Markdown (and
 * AsciiDoc listing blocks)": the same for the other documentation format of the field).
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { detectKind } from '../detect.js';
import { rstCodeBlocks } from './index.js';

const doc = [
  'Installation', // 1
  '============', // 2
  '', // 3
  'Run the agent with Docker:', // 4
  '', // 5
  '.. code-block:: bash', // 6
  '   :caption: start the agent', // 7
  '', // 8
  '   docker run -d --name agent \\', // 9
  '     --privileged \\', // 10
  '     -v /var/run/docker.sock:/var/run/docker.sock \\', // 11
  '     example/agent:1.0', // 12
  '', // 13
  'Or in a shell::', // 14
  '', // 15
  '    $ docker run --rm -it --net=host --name tool example/tool', // 16
  '', // 17
  '.. This comment hides an old command:', // 18
  '', // 19
  '   docker run --privileged --name old example/old', // 20
  '', // 21
  '.. code-block:: text', // 22
  '', // 23
  '   docker run --privileged printed by a tool', // 24
  '', // 25
  '.. code-block:: yaml', // 26
  '', // 27
  '   services:', // 28
  '     web:', // 29
  '       image: nginx:1.27', // 30
  '       cap_add: [SYS_ADMIN]', // 31
  '', // 32
  '.. prompt:: bash $', // 33
  '', // 34
  '   docker run --pid=host --name top example/top', // 35
  '', // 36
].join('\n');

describe('reStructuredText', () => {
  it('is detected by its .rst / .rest name', () => {
    expect([detectKind('docs/install.rst', doc), detectKind('README.rest', doc)]).toEqual(['rst', 'rst']);
  });

  it('finds directives (options skipped), literal blocks, prompt blocks; comments and their bodies are not blocks', () => {
    expect(rstCodeBlocks(doc).map((b) => [b.lang, doc.slice(0, b.region.start).split('\n').length, b.indent])).toEqual([
      ['bash', 9, 3],
      ['', 16, 4],
      ['text', 24, 3],
      ['yaml', 28, 3],
      ['bash', 35, 3],
    ]);
  });

  it('audits the commands and the Compose block at their lines; output and comments produce nothing', async () => {
    const r = await auditSources([{ path: 'docs/install.rst', text: doc }], { env: {} });
    expect(r.errors).toEqual([]);
    const at = (slug: string) => r.findings.filter((f) => f.slug === slug).map((f) => `${f.target.name} ${f.location.startLine}:${f.location.startColumn}`);
    expect(at('privileged-container')).toEqual(['agent 10:6']);
    expect(at('docker-socket-mounted')).toEqual(['agent 11:6']);
    expect(at('host-network')).toEqual(['tool 16:27']);
    expect(at('dangerous-capability-added')).toEqual(['web 31:18']);
    expect(at('host-pid')).toEqual(['top 35:15']);
    expect([...new Set(r.findings.map((f) => f.target.name))].sort()).toEqual(['agent', 'docs/install.rst', 'tool', 'top', 'web']);
  });

  it('a literal block after a paragraph with no indented body, or a directive without a body, is nothing', () => {
    expect(rstCodeBlocks('Text::\n\nMore text.\n\n.. code-block:: bash\n\nParagraph.\n')).toEqual([]);
  });
});
