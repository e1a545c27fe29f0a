import { readFileSync } from 'node:fs';
import { SourceFile } from './src/model/source.js';
import { ingestDockerfile } from './src/ingest/dockerfile/index.js';
const p = process.argv[2];
const f = new SourceFile(p, readFileSync(p, 'utf8'));
const r = await ingestDockerfile(f, { env: {}, readFile: async () => undefined });
const img = r.images[0] as any;
console.log('errors', r.errors, 'secrets', r.secretRanges);
if (img) { console.log('target', img.target, 'directives', img.directives);
for (const s of img.stages) { console.log('STAGE', s.index, s.name, s.from, 'parent', s.parent?.index, 'user', s.user?.value, 'env', s.env.map((e:any)=>[e.name,e.value,e.kind,e.fromBuildArg]), 'args', s.args.map((a:any)=>[a.value,a.defaultValue]));
  for (const i of s.instructions) console.log('  ', i.keyword, JSON.stringify(i.args), f.location(i.range).startLine+'-'+f.location(i.range).endLine, JSON.stringify(i.flags), i.heredocs.map((h:any)=>[h.name, h.body]));
}}
