/**
 * A small hand-built {@link AuditResult} for the reporters' tests: two files (a Compose file and a
 * shell script), three targets, four findings of four severities (one `unknown`), one input error,
 * one unused suppression. The Compose source holds a masked secret (`DB_PASSWORD: ********`), as the
 * engine hands it over. Test support only; not exported from the package.
 */
import type { AuditResult, Finding } from '../engine/types.js';
import { SourceFile } from '../model/source.js';
import type { RuleMeta } from '../rules/types.js';

/** The Compose file as the engine passes it to reporters: the secret value masked with `*`. */
export const COMPOSE_TEXT = [
  'services:',
  '  web:',
  '    image: nginx:latest',
  '    privileged: true',
  '    environment:',
  '      DB_PASSWORD: ********',
  '  db:',
  '    image: postgres:16',
  '',
].join('\n');

/** A shell script with one `docker run` line (tab-indented, to test marker alignment). */
export const SCRIPT_TEXT = '#!/bin/sh\nset -e\n\tdocker run --cap-add SYS_ADMIN nginx\n';

/** Rule metadata of the fixture's findings. */
export const RULES: RuleMeta[] = [
  {
    id: 'BW-0001',
    slug: 'privileged-container',
    title: 'Container runs privileged',
    severity: 'critical',
    attackClasses: ['R-B', 'R-K'],
    requirements: ['R-B', 'R-G5'],
    cis: { '1.6.0': ['5.4'], '1.8.0': ['5.5'] },
    paper: '§IV.3, §V.2.5',
    inputs: ['compose', 'run'],
    description: 'A privileged container has every capability and every device.',
    remediation: { compose: 'privileged: false  # or remove the key', run: 'remove --privileged' },
    breaks: 'Workloads that manage devices.',
    fix: 'safe',
  },
  {
    id: 'BW-0002',
    slug: 'dangerous-capability',
    title: 'Dangerous capability added',
    severity: 'high',
    attackClasses: ['R-B'],
    requirements: ['R-B', 'R-G7'],
    cis: { '1.6.0': ['5.3'] },
    paper: '§IV.3',
    inputs: ['compose', 'run'],
    description: 'Added capabilities re-open syscalls of the default seccomp profile.',
    remediation: { compose: 'cap_drop: [ALL]\ncap_add: [NET_BIND_SERVICE]', run: '--cap-drop ALL' },
    breaks: 'Programs that need the capability.',
    fix: 'unsafe',
  },
  {
    id: 'BW-0003',
    slug: 'secret-in-environment',
    title: 'Secret in environment',
    severity: 'high',
    attackClasses: ['R-S'],
    requirements: ['R-S'],
    cis: { '1.6.0': ['4.10'] },
    paper: '§IV.5',
    inputs: ['compose', 'run'],
    description: 'Environment variables are visible in docker inspect.',
    remediation: { compose: 'secrets:\n  - db_password' },
    breaks: 'Images that only read the variable.',
    fix: 'manual',
    superseded: 'The paper predates Docker secrets.',
  },
  {
    id: 'BW-0004',
    slug: 'image-not-pinned',
    title: 'Image not pinned by digest',
    severity: 'medium',
    attackClasses: ['R-P'],
    requirements: ['R-P', 'R-G1'],
    cis: {},
    paper: '§IV.4',
    inputs: ['compose', 'run'],
    description: 'A tag can be moved.',
    remediation: { compose: 'image: nginx@sha256:…' },
    breaks: 'Nothing.',
    fix: 'manual',
  },
];

function finding(
  rule: RuleMeta,
  src: SourceFile,
  needle: string,
  target: Finding['target'],
  extra: Partial<Finding> & { message: string },
): Finding {
  const start = src.text.indexOf(needle);
  if (start < 0) throw new Error(`fixture: ${needle} not found`);
  return {
    ruleId: rule.id,
    slug: rule.slug,
    title: rule.title,
    severity: rule.severity,
    attackClasses: rule.attackClasses,
    requirements: rule.requirements,
    cis: rule.cis,
    target,
    location: src.location({ start, end: start + needle.length }),
    certainty: 'definite',
    data: {},
    remediation: rule.remediation.compose ?? '',
    fix: rule.fix,
    helpUri: `docs/rules/${rule.slug}.md`,
    ...extra,
  };
}

/** Builds the fixture; `sources` is non-enumerable as on a real result. */
export function fixtureResult(): AuditResult {
  const compose = new SourceFile('compose.yaml', COMPOSE_TEXT);
  const script = new SourceFile('deploy.sh', SCRIPT_TEXT);
  const findings: Finding[] = [
    finding(RULES[3], compose, 'nginx:latest', { kind: 'service', name: 'web' }, {
      message: 'image nginx:latest is not pinned by digest',
      certainty: 'unknown',
      data: { image: 'nginx:latest' },
    }),
    finding(RULES[0], compose, 'privileged: true', { kind: 'service', name: 'web' }, {
      message: 'container runs privileged',
    }),
    finding(RULES[2], compose, 'DB_PASSWORD: ********', { kind: 'service', name: 'web' }, {
      message: 'secret DB_PASSWORD is written in the environment',
      data: { name: 'DB_PASSWORD', kind: 'literal' },
    }),
    finding(RULES[3], compose, 'postgres:16', { kind: 'service', name: 'db' }, {
      message: 'image postgres:16 is not pinned by digest',
      severity: 'low',
      data: { image: 'postgres:16' },
    }),
    finding(RULES[1], script, 'SYS_ADMIN', { kind: 'run', name: 'nginx' }, {
      message: 'capability SYS_ADMIN added',
      remediation: RULES[1].remediation.run ?? '',
      data: { capability: 'SYS_ADMIN' },
    }),
  ];
  const result = {
    schemaVersion: '1.0.0',
    tool: { name: 'bulwark' as const, version: '0.1.0' },
    findings,
    errors: [{ file: 'broken.yaml', line: 2, column: 3, message: 'bad indentation of a mapping entry', code: 'parse' }],
    files: [
      { path: 'compose.yaml', kind: 'compose' as const, bytes: COMPOSE_TEXT.length, containers: 2, images: 0 },
      { path: 'deploy.sh', kind: 'shell' as const, bytes: SCRIPT_TEXT.length, containers: 1, images: 0 },
      { path: 'broken.yaml', kind: 'compose' as const, bytes: 20, containers: 0, images: 0 },
    ],
    suppressions: [
      { file: 'deploy.sh', line: 2, rules: ['BW-0001'], reason: 'CI runner needs it', used: false },
      { file: 'compose.yaml', line: 1, rules: ['image-not-pinned'], reason: 'used one', used: true },
    ],
    rules: RULES,
    summary: {
      files: 3,
      targets: 3,
      findings: findings.length,
      bySeverity: { critical: 1, high: 2, medium: 1, low: 1, info: 0 },
      suppressed: 1,
    },
  } as Omit<AuditResult, 'sources'> as AuditResult;
  Object.defineProperty(result, 'sources', {
    value: new Map([
      [compose.path, compose],
      [script.path, script],
    ]),
    enumerable: false,
  });
  return result;
}
