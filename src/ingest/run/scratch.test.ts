import { test } from 'vitest';
import { readFileSync } from 'node:fs';
import { SourceFile } from '../../model/source.js';
import { ingestShell } from './index.js';
test('x', async () => {
  const f = new SourceFile('falco.sh', readFileSync('/work/shared/corpus/run/falco-privileged-host-dev-usr-etc.sh', 'utf8'));
  const r = await ingestShell(f, { env: {}, readFile: async () => undefined });
  const loc = (o: any) => { const l = f.location(o); return `${l.startLine}:${l.startColumn}-${l.endLine}:${l.endColumn} ${JSON.stringify(f.text.slice(o.start,o.end))}`; };
  for (const c of r.containers) {
    console.log(c.target.name, loc(c.target.range), c.image?.value, c.privileged?.value, loc(c.privileged!.origin));
    for (const m of c.mounts) console.log(m.type, m.source, m.target, m.readOnly, loc(m.origin), loc(m.sourceOrigin));
    for (const e of c.env) console.log(JSON.stringify(e), loc(e.valueOrigin));
    console.log(JSON.stringify(c.extra), c.autoRemove);
  }
  console.log(r.errors);
  const g = new SourceFile('x.sh', 'IMG=nginx:1\nf() { sudo -E docker run --net="host" -itp 80:80 -v "$HOME/x:/y" --cap-add=sys_admin,NET_ADMIN -e A=${B} -e "PW=sécret" -m 1.5g $IMG sh -c "x" ; }\nif true; then x=$(docker create --pid host busybox); fi\n');
  const r2 = await ingestShell(g, { env: {}, readFile: async () => undefined });
  console.log(JSON.stringify(r2, null, 1).slice(0, 6000));
});
