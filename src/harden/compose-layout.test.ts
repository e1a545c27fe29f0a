/**
 * New Compose block lists follow the service's own list layout (issue 4: "comments, order, quoting … stay as
 * they were"; QA round 2, qa17): a file written with 4-space keys and "indentless" sequences (`volumes:` then
 * `- a` at the key's column, as `docker compose config` and many editors write them) got `cap_drop:` with its
 * item indented 4 more spaces.
 */
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { hardenText } from './index.js';

describe('harden: Compose list layout', () => {
  it('indentless sequences: new lists are written indentless too', async () => {
    const text = 'services:\n    web:\n        image: nginx:1.25\n        volumes:\n        - ./conf:/etc/nginx/conf.d:ro\n        command: |\n            sh -c "nginx -g \'daemon off;\'"\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0003', 'BW-0007'] });
    expect(r.output).toBe(text + '        cap_drop:\n        - NET_RAW\n        security_opt:\n        - no-new-privileges:true\n');
  });

  it('indented sequences (or none in the service): items one step deeper, as before', async () => {
    const text = 'services:\n  web:\n    image: nginx:1.25\n    volumes:\n      - ./conf:/etc/nginx/conf.d:ro\n  api:\n    image: nginx:1.25\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0007'] });
    expect(r.output).toBe(
      'services:\n  web:\n    image: nginx:1.25\n    volumes:\n      - ./conf:/etc/nginx/conf.d:ro\n    security_opt:\n      - no-new-privileges:true\n  api:\n    image: nginx:1.25\n    security_opt:\n      - no-new-privileges:true\n',
    );
  });
});

describe('harden: Compose list layout of a service with no list of its own', () => {
  it('follows the file: indentless when the other services write their lists indentless', async () => {
    const text = 'services:\n    web:\n        image: nginx:1.25\n        volumes:\n        - ./conf:/etc/nginx/conf.d:ro\n    worker:\n        image: busybox:1.36\n        deploy:\n            resources:\n                limits:\n                    memory: 256M\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0007'] });
    expect(r.output).toBe(
      'services:\n    web:\n        image: nginx:1.25\n        volumes:\n        - ./conf:/etc/nginx/conf.d:ro\n        security_opt:\n        - no-new-privileges:true\n' +
        '    worker:\n        image: busybox:1.36\n        deploy:\n            resources:\n                limits:\n                    memory: 256M\n        security_opt:\n        - no-new-privileges:true\n',
    );
  });

  it('a comment under the last value stays with it; one at the service keys\' column stays below the new keys (qa-b 8)', async () => {
    const text = 'services:\n  web:\n    image: nginx\n    # ports in the override\n  db:\n    image: postgres\n    environment:\n      - POSTGRES_DB=app\n      # - POSTGRES_PASSWORD=old\n\nvolumes:\n  data: {}\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0007'] });
    expect(r.output).toBe(
      'services:\n  web:\n    image: nginx\n    security_opt:\n      - no-new-privileges:true\n    # ports in the override\n  db:\n    image: postgres\n    environment:\n      - POSTGRES_DB=app\n      # - POSTGRES_PASSWORD=old\n    security_opt:\n      - no-new-privileges:true\n\nvolumes:\n  data: {}\n',
    );
  });
});

describe('harden: a block scalar with keep chomping before the insertion point keeps its value (|+ keeps its trailing blank lines)', () => {
  const values = (text: string) => (parseDocument(text).toJS() as { services: Record<string, Record<string, unknown>> }).services;

  it('the service\'s last key is a |+ block: new keys go after its blank lines', async () => {
    const text = 'services:\n  web:\n    image: nginx:1.25\n    command: |+\n      echo hi\n\n\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0007'] });
    expect(r.output).toBe(text + '    security_opt:\n      - no-new-privileges:true\n');
    expect(values(r.output).web.command).toBe('echo hi\n\n\n');
  });

  it('a >+ block as the last value of a nested mapping, another service after it', async () => {
    const text = 'services:\n  web:\n    image: nginx:1.25\n    labels:\n      note: >+\n        keep\n\n\n  db:\n    image: postgres:16\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0007'] });
    expect(r.output).toBe(
      'services:\n  web:\n    image: nginx:1.25\n    labels:\n      note: >+\n        keep\n\n\n    security_opt:\n      - no-new-privileges:true\n  db:\n    image: postgres:16\n    security_opt:\n      - no-new-privileges:true\n',
    );
    expect((values(r.output).web.labels as Record<string, string>).note).toBe('keep\n\n\n');
  });

  it('an item appended to a list whose last item is a |+ block', async () => {
    const text = 'services:\n  web:\n    image: nginx:1.25\n    security_opt:\n      - label:type:container_t\n      - |+\n        apparmor=docker-default\n\n';
    const r = await hardenText({ path: 'compose.yaml', text }, { only: ['BW-0007'] });
    expect(r.output).toBe(text + '      - no-new-privileges:true\n');
    expect(values(r.output).web.security_opt).toEqual(['label:type:container_t', 'apparmor=docker-default\n\n', 'no-new-privileges:true']);
  });
});
