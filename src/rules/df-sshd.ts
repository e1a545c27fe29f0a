/**
 * BW-0112 df-sshd: the image runs or ships an SSH server: `EXPOSE 22`, installing `openssh-server` /
 * `dropbear`, or starting `sshd` in CMD/ENTRYPOINT (also `service ssh start`, `/etc/init.d/ssh start`,
 * `rc-service sshd start`). Containers are managed with `docker exec`; an SSH
 * daemon adds a network-reachable login service, keys and often passwords. Also `PermitRootLogin yes` written
 * into an sshd configuration by a RUN (`sed -i 's/#PermitRootLogin prohibit-password/PermitRootLogin yes/'`, `echo
 * "PermitRootLogin yes" >> /etc/ssh/sshd_config`) or a `COPY <<EOF` heredoc (sshd_config(5): root may log in
 * with a password): data `{ setting: 'PermitRootLogin yes' }`; a commented line, the pattern side of a sed
 * `s` command and `prohibit-password` / `no` are not reported. `EXPOSE ${SSH_PORT}` is reported when the
 * stage's ARG default or ENV value makes it 22. Shipped stages only.
 * CIS Docker Benchmark 1.6.0 5.6 ("Ensure sshd is not run within containers"; 5.7 in some older drafts —
 * the id was checked against docker-bench-security's tests/5_container_runtime.sh check_5_6 from memory),
 * R-G9, paper §V.2.9.
 */
import { defineRule } from './types.js';
import { callsMatching, instructionText, PACKAGE_HINT, isInstall, packageOp, shippedInstructions, shippedStages, stageScope } from '../ingest/dockerfile/facts.js';
import { substitute } from '../ingest/dockerfile/words.js';
import type { Instruction, ImageBuildSpec } from '../model/types.js';

/** The variable values of each shipped stage's instructions ({@link stageScope}). */
function stageScopes(img: ImageBuildSpec): Map<Instruction, Map<string, string | undefined>> {
  const out = new Map<Instruction, Map<string, string | undefined>>();
  for (const st of shippedStages(img)) {
    const scope = stageScope(img, st);
    for (const i of st.instructions) out.set(i, scope);
  }
  return out;
}

/** `PermitRootLogin yes` (sshd_config(5): keyword case-insensitive, `=` or blanks before the argument, optional quotes). */
const PERMIT_ROOT = /(?<![#\w])PermitRootLogin(?:\s*=\s*|[ \t]+)"?yes(?![\w-])/gi;

const SSH_PACKAGES = /^(?:openssh-server(?:-pam)?|openssh|dropbear|ssh|tinysshd?)$/;
/** Starting the SSH service through the init tools: service(8), SysV init scripts, OpenRC, systemctl. */
const SERVICE_START = /\b(?:service\s+sshd?\s+(?:start|restart)|\/etc\/init\.d\/sshd?\s+(?:start|restart)|rc-service\s+sshd\s+(?:start|restart)|systemctl\s+(?:start|restart)\s+sshd?(?:\.service)?)\b/;

export default defineRule({
  meta: {
    id: 'BW-0112',
    slug: 'df-sshd',
    title: 'SSH server in the image',
    severity: 'medium',
    attackClasses: ['R-S', 'R-B'],
    requirements: ['R-G9'],
    cis: { '1.6.0': ['5.7'] },
    paper: '§V.2.9',
    inputs: ['dockerfile'],
    description:
      'An SSH daemon inside a container is an extra network service with its own credentials and vulnerabilities, and it bypasses the engine’s access control and audit (docker exec). Sensitive services belong isolated from application containers.',
    remediation: { dockerfile: '# remove openssh-server and EXPOSE 22; use `docker exec -it <container> sh` for access' },
    breaks: 'Workflows that ssh into the container must use docker exec (or kubectl exec) instead.',
    fix: 'unsafe',
  },
  checkImage(img, ctx) {
    const file = ctx.source;
    if (!file) return;
    const scopes = stageScopes(img);
    for (const instr of shippedInstructions(img)) {
      if (instr.keyword === 'RUN' || ((instr.keyword === 'COPY' || instr.keyword === 'ADD') && instr.heredocs.length > 0)) {
        const text = instructionText(file, instr);
        for (const m of text.matchAll(PERMIT_ROOT)) {
          const lineStart = text.lastIndexOf('\n', m.index!) + 1;
          const before = text.slice(lineStart, m.index!);
          // A comment line, or the pattern of a sed substitution (`s/PermitRootLogin yes/…/`).
          if (/^\s*#/.test(before) || /(?:^|[\s'"])s([/|@#,:])(?:(?!\1).)*$/.test(before)) continue;
          const start = instr.range.start + m.index!;
          ctx.report({ message: 'sets PermitRootLogin yes in the sshd configuration: root may log in over SSH', at: file.range(start, start + m[0].length), data: { setting: 'PermitRootLogin yes' } });
        }
      }
      if (instr.keyword === 'EXPOSE') {
        for (const m of instr.args.matchAll(/(?<![\w$-])22(?:\/tcp)?(?![\w/-])/g)) {
          const start = instr.argsRange.start + m.index!;
          ctx.report({ message: 'EXPOSE 22: the image offers SSH', at: file.range(start, start + m[0].length), data: { port: '22' } });
        }
        // A port range that holds 22 (`EXPOSE 20-25`, `EXPOSE 1-1024/tcp`; Dockerfile reference: ranges are allowed).
        for (const m of instr.args.matchAll(/(?<![\w$-])(\d{1,5})-(\d{1,5})(\/tcp)?(?![\w/-])/g)) {
          if (Number(m[1]) > 22 || Number(m[2]) < 22) continue;
          const start = instr.argsRange.start + m.index!;
          ctx.report({ message: `EXPOSE ${m[0]}: the range holds port 22, the image offers SSH`, at: file.range(start, start + m[0].length), data: { port: '22' } });
        }
        // `ARG SSH_PORT=22` … `EXPOSE ${SSH_PORT}`: EXPOSE substitutes variables.
        for (const m of instr.args.matchAll(/\S*\$\S*/g)) {
          const v = substitute(m[0], scopes.get(instr) ?? new Map());
          if (v === undefined || !/^22(?:\/tcp)?$/.test(v)) continue;
          const start = instr.argsRange.start + m.index!;
          ctx.report({ message: `EXPOSE ${m[0]} (${v}): the image offers SSH`, at: file.range(start, start + m[0].length), data: { port: '22' } });
        }
      } else if (instr.keyword === 'RUN') {
        for (const call of callsMatching(file, img, instr, PACKAGE_HINT)) {
          const op = packageOp(call);
          if (!op || !isInstall(op)) continue;
          op.rest.forEach((w, k) => {
            if (!SSH_PACKAGES.test(w)) return;
            const idx = call.words.indexOf(w, op.subAt + 1);
            ctx.report({ message: `installs ${w}: an SSH server in the image`, at: call.wordRanges[idx], data: { package: w } });
          });
        }
      } else if (instr.keyword === 'CMD' || instr.keyword === 'ENTRYPOINT') {
        const m = /(?:^|[\s"/\[])(sshd)(?=["\s,\]]|$)/.exec(instr.args);
        if (m) {
          const start = instr.argsRange.start + m.index! + m[0].length - 4;
          ctx.report({ message: `${instr.keyword} starts sshd`, at: file.range(start, start + 4), data: { command: 'sshd' } });
          continue;
        }
        // `CMD service ssh start && tail -f /dev/null`, `/etc/init.d/ssh start`, `rc-service sshd start`.
        const svc = SERVICE_START.exec(instr.args);
        if (svc) {
          const start = instr.argsRange.start + svc.index!;
          ctx.report({ message: `${instr.keyword} starts the SSH service (${svc[0]})`, at: file.range(start, start + svc[0].length), data: { command: 'sshd' } });
        }
      }
    }
  },
});
