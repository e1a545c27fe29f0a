/**
 * Golden tests against the shared corpus of real-world files (`../shared/corpus`, EXPECTED.md):
 * every "must" finding is reported at the expected line for the expected target, no "must not" one
 * is, and "info only" ones are at info severity at most. Covers the inputs of the audit core:
 * Compose files, `docker run` lines (shell scripts, Markdown), Dockerfiles, daemon and inspect files, and
 * Kubernetes manifests (`k8s/`).
 *
 * Finding codes of the corpus map to bulwark rules by slug and `data` (see CODE_RULES).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/engine/audit.js';
import type { AuditResult, Finding } from '../../src/engine/types.js';
import { allRules } from '../../src/rules/index.js';
import { CORPUS_DIR } from '../support/corpus.js';

const CORPUS = CORPUS_DIR;

interface Entry {
  file: string;
  target: string | null;
  code: string;
  arg: string | null;
  expect: 'must' | 'must_not' | 'info_ok';
  line: number | null;
  note: string;
  when: string | null;
}

/** Corpus code → the rules that report it. */
const CODE_RULES: Record<string, string[]> = {
  PRIVILEGED: ['privileged-container'],
  CAP_ADD: ['dangerous-capability-added'],
  NO_CAP_DROP: ['capabilities-not-dropped'],
  NO_RO_ROOTFS: ['root-filesystem-writable'],
  NO_USER: ['user-not-set'],
  ROOT_USER: ['user-root'],
  NO_MEM: ['memory-limit-missing'],
  NO_CPU: ['cpu-limit-missing'],
  NO_PIDS: ['pids-limit-missing'],
  HOST_MOUNT: ['sensitive-host-mount', 'writable-bind-mount'],
  DOCKER_SOCK: ['docker-socket-mounted'],
  DEVICE: ['host-device'],
  SECCOMP_UNCONFINED: ['seccomp-unconfined'],
  APPARMOR_UNCONFINED: ['apparmor-unconfined'],
  SELINUX_DISABLED: ['selinux-disabled'],
  NO_NNP: ['no-new-privileges-missing'],
  HOST_NET: ['host-network'],
  HOST_PID: ['host-pid'],
  HOST_IPC: ['host-ipc'],
  SECRET_ENV: ['secret-in-environment'],
  DF_SECRET_ENV: ['df-secret-in-env'],
  DF_NO_USER: ['df-user-not-set'],
  DF_ROOT_USER: ['df-user-root'],
  DF_SUID: ['df-setuid-binary'],
  PORT_EXPOSED: ['port-published-all-interfaces'],
  IMAGE_UNPINNED: ['image-not-pinned', 'df-base-image-unpinned'],
  REMOTE_FETCH: ['df-remote-script-pipe', 'df-add-remote-url'],
  SYSCTL: ['sysctl-set'],
  NO_CONTENT_TRUST: ['content-trust-not-enabled'],
  DAEMON_TCP_NO_TLS: ['daemon-tcp-without-tls'],
  DAEMON_ICC: ['daemon-icc-enabled'],
  DAEMON_NO_USERNS: ['daemon-userns-remap-missing'],
  DAEMON_NO_NNP: ['daemon-no-new-privileges-missing'],
  DAEMON_INSECURE_REGISTRY: ['daemon-insecure-registry'],
  DAEMON_NO_LIVE_RESTORE: ['daemon-live-restore-missing'],
  NO_APPARMOR: ['apparmor-profile-empty'],
  NO_SECCOMP: ['seccomp-profile-missing'],
  K8S_DEPRECATED_API: ['k8s-deprecated-api'],
};

/** Whether a finding carries the corpus entry's argument. */
function argMatches(e: Entry, f: Finding): boolean {
  if (e.arg === null) return true;
  const d = f.data;
  const [a, b] = e.arg.split(',');
  const norm = (p: unknown) => String(p ?? '').replace(/\/+$/, '');
  switch (e.code) {
    case 'CAP_ADD':
      return d.capability === e.arg;
    case 'NO_CAP_DROP':
      return e.arg.split(',').every((c) => String(d.kept ?? '').split(',').includes(c));
    case 'HOST_MOUNT':
      if (e.expect === 'must_not') return [d.path, d.target, d.source].some((v) => v !== undefined && (norm(v) === norm(e.arg) || norm(e.arg).endsWith(':' + norm(v))));
      return norm(d.path) === norm(a) && (b === undefined || d.mode === b);
    case 'DOCKER_SOCK':
      return d.mode === e.arg;
    case 'DEVICE':
      return norm(d.path) === norm(a) && (b === undefined || d.permissions === b);
    case 'SECRET_ENV':
    case 'DF_SECRET_ENV':
      return d.name === a && (b === undefined || d.kind === b);
    case 'PORT_EXPOSED':
      return String(d.port) === e.arg.replace(/^hostPort /, '');
    case 'IMAGE_UNPINNED':
      return true;
    case 'SYSCTL':
      return d.name === e.arg;
    case 'DAEMON_INSECURE_REGISTRY':
      return d.registry === e.arg;
    case 'K8S_DEPRECATED_API':
      return d.apiVersion === e.arg;
    default:
      return true;
  }
}

const entries: Entry[] = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8'));
const KINDS = ['compose/', 'run/', 'dockerfile/', 'daemon/', 'inspect/', 'k8s/'];
const applicable = entries.filter(
  (e) => KINDS.some((k) => e.file.startsWith(k)) && e.when !== 'comment-extraction' && !(e.when === 'rule-exists' && !CODE_RULES[e.code]?.some((s) => allRules.some((r) => r.meta.slug === s))),
);
const files = [...new Set(applicable.map((e) => e.file))].sort();

describe('corpus (shared/corpus/EXPECTED.md)', () => {
  const results = new Map<string, AuditResult>();
  beforeAll(async () => {
    for (const f of files) results.set(f, await audit([join(CORPUS, f)], { env: {}, config: {} }));
  });

  for (const file of files) {
    describe(file, () => {
      const mine = applicable.filter((e) => e.file === file);
      it('parses without input errors', () => {
        expect(results.get(file)!.errors).toEqual([]);
      });
      for (const e of mine) {
        const title = `${e.expect} ${e.code}${e.arg ? `(${e.arg})` : ''} ${e.target ?? '(file)'}${e.line ? ` line ${e.line}` : ''}`;
        it(title, () => {
          const all = results.get(file)!.findings;
          const onTarget = (f: Finding) => e.target === null || f.target.name === e.target;
          if (e.code === 'ANY') {
            if (e.expect === 'must_not') expect(all.filter((f) => f.location.startLine === e.line).map((f) => f.slug)).toEqual([]);
            else expect(all.filter((f) => (e.line === null || f.location.startLine === e.line) && f.severity !== 'info').map((f) => `${f.slug}@${f.location.startLine}`)).toEqual([]);
            return;
          }
          if (e.code === 'INFO') {
            const allowed = new Set(mine.filter((m) => m.expect === 'must' && m.line === e.line).flatMap((m) => CODE_RULES[m.code] ?? []));
            expect(all.filter((f) => f.location.startLine === e.line && f.severity !== 'info' && !allowed.has(f.slug)).map((f) => f.slug)).toEqual([]);
            return;
          }
          if (e.code === 'PARSE_ERROR') {
            expect(results.get(file)!.errors).toEqual([]);
            return;
          }
          const slugs = CODE_RULES[e.code];
          if (!slugs) return; // a code of a later capability (daemon, Kubernetes, inspect)
          const hits = all.filter((f) => slugs.includes(f.slug) && onTarget(f) && argMatches(e, f));
          if (e.expect === 'must') {
            const atLine = e.line === null ? hits : hits.filter((f) => f.location.startLine === e.line);
            expect(atLine.length, `${e.note}; found at lines ${hits.map((f) => f.location.startLine).join(',') || 'none'}`).toBeGreaterThan(0);
          } else if (e.expect === 'must_not') {
            // "must not" holds for the whole target: the line only says where the contrary is written.
            expect(hits.map((f) => `${f.slug}@${f.location.startLine}: ${f.message}`), e.note).toEqual([]);
          } else {
            const atLine = e.line === null ? hits : hits.filter((f) => f.location.startLine === e.line);
            expect(atLine.filter((f) => f.severity !== 'info').map((f) => `${f.slug}@${f.location.startLine} ${f.severity}`), e.note).toEqual([]);
          }
        });
      }
    });
  }
});
