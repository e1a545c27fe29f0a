import { describe, expect, it } from 'vitest';
import { historyToDockerfile, stepToDockerfile } from './history.js';

describe('image history → Dockerfile', () => {
  it.each([
    ['/bin/sh -c #(nop)  ENV DB_PASSWORD=x', ['ENV DB_PASSWORD=x']],
    ['/bin/sh -c #(nop) ADD https://example.com/a.tgz in /opt/ ', ['ADD https://example.com/a.tgz /opt/']],
    ['/bin/sh -c #(nop) ADD file:0123abcd in / ', ['ADD file:0123abcd /']],
    ['/bin/sh -c #(nop)  CMD ["sh"]', ['CMD ["sh"]']],
    ['/bin/sh -c apt-get update', ['RUN apt-get update']],
    ['|2 NPM_TOKEN=abc B=1 /bin/sh -c make', ['ARG NPM_TOKEN=abc', 'ARG B=1', 'RUN make']],
    ['RUN |1 TOKEN=x /bin/sh -c make # buildkit', ['ARG TOKEN=x', 'RUN make']],
    ['RUN /bin/sh -c apt-get update && apt-get install -y curl # buildkit', ['RUN apt-get update && apt-get install -y curl']],
    ['ADD https://example.com/x /x # buildkit', ['ADD https://example.com/x /x']],
    ['ARG VERSION=1', ['ARG VERSION=1']],
    ['/bin/sh -c echo a\necho b', ['RUN echo a \\\necho b']],
    ['', []],
    ['sleep 1000', []], // docker commit: the container's command, not an instruction
  ])('%j', (createdBy, lines) => {
    expect(stepToDockerfile(createdBy)).toEqual(lines);
  });

  it('rebuilds oldest first, declares repeated build args once, and is undefined for an imported rootfs', () => {
    const h = [
      { CreatedBy: '|1 T=x /bin/sh -c b' },
      { CreatedBy: '|1 T=x /bin/sh -c a' },
      { CreatedBy: '/bin/sh -c #(nop)  ARG T=x' },
      { CreatedBy: '', Comment: 'Imported from -' },
    ];
    expect(historyToDockerfile(h, 'app:1')).toBe('# build history of app:1 (docker history --no-trunc), oldest step first\nFROM scratch\nARG T=x\nRUN a\nRUN b\n');
    expect(historyToDockerfile([{ CreatedBy: '', Comment: 'Imported from -' }], 'x')).toBeUndefined();
  });
});
