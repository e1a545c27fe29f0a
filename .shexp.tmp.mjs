import sh from 'mvdan-sh';
const { syntax } = sh;
const src = process.argv[2];
const f = syntax.NewParser(syntax.KeepComments(true)).Parse(src, 'x');
syntax.Walk(f, (n) => {
  if (!n) return true;
  const t = syntax.NodeType(n);
  if (t === 'CallExpr') console.log('Call', n.Args.map(w => [w.Lit(), w.Parts.map(p=>syntax.NodeType(p)).join(','), w.Pos().Offset(), w.End().Offset()]));
  if (t === 'BinaryCmd') console.log('Bin', n.Op, syntax.BinCmdOperator?.[n.Op], String(n.Op), n.X && syntax.NodeType(n.X.Cmd), n.Y && syntax.NodeType(n.Y.Cmd));
  if (t === 'Stmt') console.log('Stmt redirs', (n.Redirs||[]).map(r => [r.Op, String(r.Op), r.Word && r.Word.Lit()]));
  if (t === 'DblQuoted') console.log('DQ', n.Parts.map(p=>[syntax.NodeType(p), p.Value]));
  if (t === 'SglQuoted') console.log('SQ', n.Value);
  return true;
});
console.log(Object.keys(syntax).filter(k=>/Pipe|Op|Redir|App/.test(k)));
