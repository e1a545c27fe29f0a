/**
 * BW-0307 host-audit-rules-missing: Docker's daemon, files and directories that exist on the host have no
 * Linux audit rule (CIS Docker Benchmark 1.6.0 1.1.3–1.1.18). One finding lists every path missing a rule.
 * R-G3 (paper §V.2.3 logging and auditing).
 */
import { defineRule } from './types.js';

const IDS = ['1.1.3', '1.1.4', '1.1.5', '1.1.6', '1.1.7', '1.1.8', '1.1.9', '1.1.10', '1.1.11', '1.1.12', '1.1.13', '1.1.14', '1.1.15', '1.1.16', '1.1.17', '1.1.18'];

/** Whether an audit rule (`-w PATH …`, `-F path=PATH`, `-F dir=PATH`) watches `path`. */
export function watches(rule: string, path: string): boolean {
  const words = rule.split(/\s+/);
  return words.some((w, i) => (w === '-w' && words[i + 1] === path) || w === `path=${path}` || w === `dir=${path}`);
}

/**
 * The remediation for this host: one watch per path that lacks one, at the path this host uses (`dockerd` is
 * /usr/sbin/dockerd on Debian, the data root is wherever `data-root` puts it), so that applying it clears the
 * finding. The data root is watched for writes and attribute changes only (`-p wa`): it is busy.
 */
export function auditRulesFix(missing: { cis: string; path: string }[]): string {
  const lines = missing.map((p) => `-w ${p.path}${p.cis === '1.1.5' ? ' -p wa' : ''} -k docker`);
  return `cat >> /etc/audit/rules.d/docker.rules <<EOF\n${lines.join('\n')}\nEOF\naugenrules --load`;
}

export default defineRule({
  meta: {
    id: 'BW-0307',
    slug: 'host-audit-rules-missing',
    title: 'No audit rules for Docker files and directories',
    severity: 'low',
    attackClasses: [],
    requirements: ['R-G3'],
    cis: { '1.6.0': IDS },
    paper: '§V.2.3',
    inputs: ['host'],
    description:
      'The Docker daemon runs as root and its binaries, configuration and data decide what every container may do. CIS 1.1.3–1.1.18 ask for Linux audit (auditd) rules on dockerd, containerd, runc and the shims, /run/containerd, the data root, /etc/docker, daemon.json, /etc/containerd/config.toml, /etc/default/docker, /etc/sysconfig/docker and the docker.service / docker.socket units, so that changes to them leave a trace. bulwark reads `auditctl -l` (or /etc/audit/rules.d/*.rules and /etc/audit/audit.rules) and lists the paths that exist but have no rule.',
    remediation: { host: 'cat >> /etc/audit/rules.d/docker.rules <<EOF\n-w /usr/bin/dockerd -k docker\n-w /var/lib/docker -k docker\n-w /etc/docker -k docker\n-w /lib/systemd/system/docker.service -k docker\n-w /lib/systemd/system/docker.socket -k docker\n-w /etc/docker/daemon.json -k docker\n-w /usr/bin/containerd -k docker\n-w /usr/bin/runc -k docker\nEOF\naugenrules --load' },
    breaks: 'Audit logs grow with every access to the watched paths; the data root is busy, so watch it with -p wa rather than all accesses.',
    fix: 'manual',
  },
  checkHost(h, ctx) {
    if (!h.auditRules) {
      const u = h.unknown.find((x) => x.what === 'audit-rules');
      ctx.report({ message: `audit rules unknown, Docker's files not checked: ${u?.why ?? 'not read'}`, at: u?.origin, certainty: 'unknown', severity: 'info', data: {} });
      return;
    }
    const missing = (h.auditPaths ?? []).filter((p) => p.exists && !h.auditRules!.rules.some((r) => watches(r, p.path)));
    if (!missing.length) return;
    const none = h.auditRules.rules.length === 0;
    ctx.report({
      message: `${none ? 'no audit rules at all' : `${missing.length} of Docker's files and directories have no audit rule`}: ${missing.map((p) => `${p.path} (${p.cis})`).join(', ')}`,
      at: h.auditRules.origin,
      data: { missing: missing.map((p) => p.path).join(','), cis: missing.map((p) => p.cis).join(',') },
      fix: auditRulesFix(missing),
    });
  },
});
