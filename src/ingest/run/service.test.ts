/**
 * `docker service create` lines in scripts and Markdown (Portainer's documented Swarm agent install): the flags
 * laid out as the ServiceSpec the CLI sends and read by the `docker service inspect` ingester, so the service's task
 * containers get the same rules (CIS 1.6.0 section 5; R-B mounts and capabilities, R-S secrets, R-D limits), at the
 * flags that set them. harden leaves the line alone with a note.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';
import { hardenText } from '../../harden/index.js';
import { renderJson } from '../../report/json.js';

const PORTAINER = `#!/bin/sh
docker service create \\
  --name portainer_agent \\
  --network portainer_agent_network \\
  --mode global \\
  --constraint 'node.platform.os == linux' \\
  --mount type=bind,src=//var/run/docker.sock,dst=/var/run/docker.sock \\
  --mount type=bind,src=//var/lib/docker/volumes,dst=/var/lib/docker/volumes \\
  -e AGENT_SECRET=MyAgentSecret-1234567 \\
  portainer/agent:2.19.4
`;

const rows = (r: Awaited<ReturnType<typeof auditSources>>) =>
  r.findings.map((f) => `${f.ruleId} ${f.severity}${f.certainty === 'unknown' ? '?' : ''} ${f.location.startLine}:${f.location.startColumn}-${f.location.endLine}:${f.location.endColumn} ${f.target.kind}/${f.target.name}`);

describe('docker service create lines', () => {
  it('Portainer agent: socket and volumes binds, secret in the environment, no limits', async () => {
    const r = await auditSources([{ path: 'install.sh', text: PORTAINER }]);
    expect(rows(r)).toEqual([
      'BW-0003 medium 2:1-2:7 service/portainer_agent',
      'BW-0004 medium? 2:1-2:7 service/portainer_agent',
      'BW-0006 low 2:1-2:7 service/portainer_agent',
      'BW-0007 medium? 2:1-2:7 service/portainer_agent',
      'BW-0008 medium 2:1-2:7 service/portainer_agent',
      'BW-0009 low 2:1-2:7 service/portainer_agent',
      'BW-0010 medium 2:1-2:7 service/portainer_agent',
      'BW-0030 low 2:1-2:7 service/portainer_agent',
      'BW-0031 info 2:1-2:7 service/portainer_agent',
      'BW-0013 critical 7:3-7:71 service/portainer_agent',
      'BW-0011 high 8:3-8:77 service/portainer_agent',
      'BW-0026 high 9:6-9:40 service/portainer_agent',
      'BW-0027 info 10:3-10:25 service/portainer_agent',
    ]);
    const secret = r.findings.find((f) => f.ruleId === 'BW-0026')!;
    expect(secret.message).toBe('secret in environment variable AGENT_SECRET (secret, written in the file): readable through docker inspect and /proc/1/environ');
    expect(secret.pointer).toBeUndefined();
    expect(r.findings.find((f) => f.ruleId === 'BW-0006')!.message).toBe('root filesystem is writable: --read-only is not set');
    expect(renderJson(r)).not.toContain('MyAgentSecret-1234567');
  });

  it('limits, capabilities, user, read-only and the host network as Swarm spells them', async () => {
    const text = 'docker service create --name mon --network host --cap-drop ALL --cap-add SYS_ADMIN --user 1000:1000 --read-only --limit-memory 256M --limit-cpu 0.5 --limit-pids 100 -p 9100:9100 prom/node-exporter:v1.8.1\n';
    const r = await auditSources([{ path: 'mon.sh', text }]);
    expect(r.findings.map((f) => `${f.ruleId} ${f.severity} ${f.location.startColumn}`)).toEqual([
      'BW-0007 medium 1',
      'BW-0030 low 1',
      'BW-0031 info 1',
      'BW-0015 high 34',
      'BW-0002 critical 64',
      'BW-0027 info 179',
    ]);
    const model = r.findings.find((f) => f.ruleId === 'BW-0015')!;
    expect(model.target).toEqual({ kind: 'service', name: 'mon' });
  });

  it('an unknown flag is a usage error at the flag; a line without an image is one too', async () => {
    const r = await auditSources([{ path: 'x.sh', text: 'docker service create --privileged --name x nginx:1.27\ndocker service create --name y\n' }]);
    expect(r.errors.map((e) => `${e.line}:${e.column} ${e.code} ${e.message}`)).toEqual([
      '1:23 usage unknown flag: --privileged',
      '2:1 usage "docker service create" requires at least 1 argument: the image',
    ]);
  });

  it('QA: the command and entrypoint (BW-0035), -e NAME and --env-file (BW-0026), and Markdown blocks', async () => {
    const text = 'docker service create --name s redis:7 redis-server --requirepass Sup3rS3cretPa55\ndocker service create --name e -e DB_PASSWORD --env-file ./svc.env nginx:1.25\n';
    const r = await auditSources([{ path: 'svc.sh', text }, { path: 'svc.env', text: 'API_TOKEN=tok_8f3a9c2d7e1b5a4f\n' }]);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0035' || f.ruleId === 'BW-0026').map((f) => `${f.ruleId} ${f.severity} ${f.location.file}:${f.location.startLine}:${f.location.startColumn} ${f.target.name}`)).toEqual([
      'BW-0026 high svc.env:1:1 e',
      'BW-0035 high svc.sh:1:67 s',
      'BW-0026 low svc.sh:2:32 e',
    ]);
    expect(renderJson(r)).not.toContain('Sup3rS3cretPa55');
    const md = '# Visualizer\n\n```sh\ndocker service create --name viz --mount type=bind,src=/var/run/docker.sock,dst=/var/run/docker.sock dockersamples/visualizer\n```\n';
    const m = await auditSources([{ path: 'README.md', text: md }]);
    expect(m.findings.filter((f) => f.ruleId === 'BW-0013').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.target.kind}/${f.target.name}`)).toEqual(['4:34 service/viz']);
  });

  it("a service without --restart-condition restarts without end (Swarm's default any), pointed at the docker word", async () => {
    const r = await auditSources([{ path: 'x.sh', text: 'docker service create --name a nginx:1.27\ndocker service create --name b --restart-condition on-failure --restart-max-attempts 3 nginx:1.27\n' }]);
    expect(r.findings.filter((f) => f.ruleId === 'BW-0030').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.target.name} ${f.message}`)).toEqual([
      '1:1 a restart policy always restarts the container without limit',
    ]);
  });

  it('harden leaves the line as it is, with a note', async () => {
    const r = await hardenText({ path: 'install.sh', text: PORTAINER }, { unsafe: true });
    expect(r.output).toBe(PORTAINER);
    expect(r.notes).toEqual(['portainer_agent: docker service create lines are audited, not rewritten: apply the fixes by hand (docker service update --limit-memory, --cap-drop, --read-only, --user …)']);
  });
});
