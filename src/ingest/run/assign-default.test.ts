/**
 * qa17 (POSIX shell §2.6.2 "Assign Default Values"): `: "${NAME:=web}"` then `docker run --name "$NAME"` names the
 * container `web` unless the caller sets NAME, as `NAME=${NAME:-web}` does; the target was the unresolved `$NAME`.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

async function privileged(path: string, text: string) {
  const r = await auditSources([{ path, text }], { env: {} });
  return r.findings.filter((f) => f.ruleId === 'BW-0001').map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.target.name}`);
}

describe(': "${NAME:=default}" (qa17)', () => {
  it('is the default; a script that also assigns or reads NAME keeps it unknown', async () => {
    expect(await privileged('a.sh', ': "${NAME:=web}"\n: ${IMG=nginx:1.27}\ndocker run -d --name "$NAME" --privileged $IMG\n')).toEqual(['3:30 web']);
    expect(await privileged('b.sh', 'read NAME\n: "${NAME:=web}"\ndocker run -d --name "$NAME" --privileged nginx:1.27\n')).toEqual(['3:30 $NAME']);
  });
});
