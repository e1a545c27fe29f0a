import sh from 'mvdan-sh';
const { syntax } = sh;
const f = syntax.NewParser().Parse('curl x | bash -', 'x');
syntax.Walk(f, (n) => { if (n && syntax.NodeType(n) === 'BinaryCmd') { console.log(Object.keys(n), typeof n.OpPos, n.OpPos && n.OpPos.Offset && n.OpPos.Offset()); } return true; });
