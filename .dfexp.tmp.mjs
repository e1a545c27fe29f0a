import { DockerfileParser } from 'dockerfile-ast';
import { readFileSync } from 'node:fs';
const text = process.argv[2] === '-' ? readFileSync(0,'utf8') : readFileSync(process.argv[2], 'utf8');
const df = DockerfileParser.parse(text);
for (const d of df.getDirectives()) console.log('DIR', d.getName(), d.getValue());
for (const i of df.getInstructions()) {
  const r = i.getRange();
  console.log(i.getKeyword(), JSON.stringify(i.getInstruction()), `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`, JSON.stringify(i.getArgumentsContent?.()), i.getArguments().map(a=>a.getValue()).join('|'));
  if (i.getHeredocs) { const h = i.getHeredocs(); if (h.length) console.log('  heredocs', JSON.stringify(h.map(x=>[x.getName(), x.getStartRange(), x.getContentRange(), x.getDelimiterRange()]))); }
  if (i.getFlags && i.getFlags().length) console.log('  flags', i.getFlags().map(f=>[f.getName(), f.getValue(), JSON.stringify(f.getRange())]));
  if (i.getProperties) console.log('  props', i.getProperties().map(p=>[p.getName(), p.getValue(), p.getRawValue?.(), JSON.stringify(p.getNameRange()), JSON.stringify(p.getValueRange())]));
  if (i.getImageName) console.log('  image', i.getImageName(), i.getImageTag(), i.getImageDigest(), i.getBuildStage?.(), JSON.stringify(i.getImageNameRange?.()));
}
for (const c of df.getComments()) console.log('COMMENT', JSON.stringify(c.getRange()));
