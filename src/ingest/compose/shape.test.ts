import { describe, expect, it } from 'vitest';
import { clearlyNotCompose } from './shape.js';

describe('clearlyNotCompose', () => {
  it('a services: list, a scalar, or entries that are no service mappings: clearly not Compose', () => {
    expect(['services:\n  - web\n', 'services: [a, b]\n', 'services: none\n', 'services:\n  api: 8080\n', 'services:\n  api: [80, 443]\n', 'services:\n  api:\n    type: ClusterIP\n    port: 8080\n'].map(clearlyNotCompose)).toEqual([true, true, true, true, true, true]);
  });
  it('anything it cannot decide counts as Compose: one service key, x- or <<, null or empty services, aliases, parse errors, several documents', () => {
    const undecided = [
      'services:\n  web:\n    image: nginx\n',
      'services:\n  web:\n    type: x\n  db:\n    ports: ["5432"]\n',
      'services:\n  web:\n    x-note: 1\n',
      'x-base: &b {image: nginx}\nservices:\n  web:\n    <<: *b\n',
      'services:\n  web: *b\n',
      'services:\n',
      'services: {}\n',
      'services:\n  web:\n',
      'services:\n  web: {}\n',
      'services: [\n',
      'services:\n  - a\n---\nservices:\n  - b\n',
      'name: x\n',
    ];
    expect(undecided.map(clearlyNotCompose)).toEqual(undecided.map(() => false));
  });
});
