// .dftry.tmp.ts
import { readFileSync } from "node:fs";

// src/model/source.ts
var SourceFile = class {
  path;
  text;
  lineStarts;
  constructor(path, text) {
    this.path = path;
    this.text = text.charCodeAt(0) === 65279 ? text.slice(1) : text;
  }
  /** Offsets at which each line starts; index 0 is line 1. Lines end at `\n` (a `\r` before it belongs to the line). */
  get lines() {
    if (!this.lineStarts) {
      const starts = [0];
      const t = this.text;
      for (let i = t.indexOf("\n"); i !== -1; i = t.indexOf("\n", i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }
  /** Converts a UTF-16 offset to a 1-based line and column. Offsets past the end clamp to the end. */
  position(offset) {
    const starts = this.lines;
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = lo + hi + 1 >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - starts[lo] + 1 };
  }
  /** The offset of a 1-based line and column (inverse of {@link position}). */
  offset(line, column = 1) {
    const starts = this.lines;
    const l = Math.max(1, Math.min(line, starts.length));
    return Math.min(starts[l - 1] + column - 1, this.text.length);
  }
  /** The text of a 1-based line without its line break. */
  lineText(line) {
    const starts = this.lines;
    if (line < 1 || line > starts.length) return "";
    const s = starts[line - 1];
    let e = line < starts.length ? starts[line] - 1 : this.text.length;
    if (e > s && this.text.charCodeAt(e - 1) === 13) e--;
    return this.text.slice(s, e);
  }
  /** A range of this file. */
  range(start, end) {
    return { file: this.path, start, end };
  }
  /** Resolves a range of this file to a 1-based location. */
  location(r2) {
    const s = this.position(r2.start);
    const e = this.position(Math.max(r2.start, r2.end));
    return { file: this.path, startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
  }
};

// src/ingest/dockerfile/index.ts
import { DockerfileParser } from "dockerfile-ast";

// src/ingest/types.ts
function isolateRegion(text, start, end) {
  const blank = (s) => s.replace(/[^\n]/g, " ");
  return blank(text.slice(0, start)) + text.slice(start, end) + blank(text.slice(end));
}

// src/model/types.ts
function fileOrigin(file, start, end) {
  return { kind: "file", file, start, end };
}
function explicit(value, origin, raw) {
  return raw === void 0 ? { value, origin, how: "explicit" } : { value, origin, how: "explicit", raw };
}

// src/rules/util/secrets.ts
function words(name) {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase().split(/[^A-Z0-9]+/).filter((w) => w.length > 0);
}
var NOT_SECRET_LAST = /* @__PURE__ */ new Set([
  "USER",
  "USERNAME",
  "USERS",
  "LOGIN",
  "EMAIL",
  "MAIL",
  "HOST",
  "HOSTNAME",
  "PORT",
  "FILE",
  "SECRETFILE",
  "FILES",
  "PATH",
  "DIR",
  "DIRECTORY",
  "TYPE",
  "NAME",
  "ENABLED",
  "ENABLE",
  "DISABLED",
  "DISABLE",
  "REQUIRED",
  "VERIFY",
  "METHOD",
  "MODE",
  "PROVIDER",
  "POLICY",
  "LENGTH",
  "SIZE",
  "TTL",
  "TIMEOUT",
  "EXPIRY",
  "EXPIRES",
  "EXPIRATION",
  "LIFETIME",
  "HEADER",
  "ALGORITHM",
  "ALG",
  "URL",
  "URI",
  "ENDPOINT",
  "SERVER",
  "REGION",
  "SCHEME",
  "VERSION",
  "PREFIX",
  "FORMAT",
  "ROTATION",
  "LOCATION",
  "ID",
  "IDS",
  "VAULT",
  "ARN",
  "NAMESPACE",
  "SOCK",
  "SOCKET"
]);
var SECRET_WORD_ENDINGS = [
  ["PASSWORD", "password"],
  ["PASSWD", "password"],
  ["PASSPHRASE", "password"],
  ["SECRET", "secret"],
  ["SECRETS", "secret"],
  ["TOKEN", "token"],
  ["APIKEY", "api-key"],
  ["SECRETKEY", "secret"],
  ["ACCESSKEY", "access-key"],
  ["PRIVATEKEY", "private-key"],
  ["AUTHKEY", "key"],
  ["CREDENTIAL", "credentials"],
  ["CREDENTIALS", "credentials"]
];
var NON_SECRET_KEY_QUALIFIERS = /* @__PURE__ */ new Set(["SORT", "PARTITION", "PRIMARY", "FOREIGN", "CACHE", "HOT", "SHORTCUT", "ROUTING", "LOOKUP", "IDEMPOTENCY", "PUBLIC", "PUB", "GPG", "PGP", "AUTHORIZED"]);
function secretNameKind(name) {
  const w = words(name);
  if (w.length === 0) return void 0;
  const last = w[w.length - 1];
  const keyId = w.length >= 3 && last === "ID" && w[w.length - 2] === "KEY";
  if (NOT_SECRET_LAST.has(last) && !keyId) return void 0;
  for (let i = 0; i < w.length; i++) {
    const word = w[i];
    for (const [suffix, kind] of SECRET_WORD_ENDINGS) if (word.endsWith(suffix)) return kind;
    if (w.length > 1 && (word === "PASS" || word === "PWD")) return "password";
    if (w.length > 1 && word === "AUTH") return "auth";
    const next = w[i + 1];
    if (word === "API" && next === "KEY") return "api-key";
    if (word === "ACCESS" && next === "KEY") return "access-key";
    if (word === "PRIVATE" && next === "KEY") return "private-key";
  }
  const keyAt = keyId ? w.length - 2 : last === "KEY" || last === "KEYS" ? w.length - 1 : -1;
  if (keyAt > 0 && !NON_SECRET_KEY_QUALIFIERS.has(w[keyAt - 1])) return "key";
  return void 0;
}
var TOKEN_FORMATS = [
  [/-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/, "private-key"],
  [/\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/, "aws-access-key-id"],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, "github-token"],
  [/\bgithub_pat_[A-Za-z0-9_]{22,}/, "github-token"],
  [/\bglpat-[A-Za-z0-9_-]{20,}/, "gitlab-token"],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, "slack-token"],
  [/\b[sr]k_live_[A-Za-z0-9]{20,}/, "stripe-key"],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, "google-api-key"],
  [/\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{32,}/, "api-key"],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/, "jwt"]
];
var URL_CREDENTIALS = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/\s:@]*:([^@\s/]+)@/;
function shannonEntropy(s) {
  const counts = /* @__PURE__ */ new Map();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p2 = n / s.length;
    h -= p2 * Math.log2(p2);
  }
  return h;
}
function looksLikeSecretValue(value) {
  const v = unquote(value);
  if (v === "") return void 0;
  for (const [re, kind] of TOKEN_FORMATS) if (re.test(v)) return { kind };
  const m = URL_CREDENTIALS.exec(v);
  if (m && !/^\$\{?[A-Za-z_]/.test(m[1])) return { kind: "url-credentials" };
  if (v.length >= 20 && !/[\s$]/.test(v) && !v.startsWith("/") && !v.includes("://") && /[A-Z]/.test(v) && /[a-z]/.test(v) && /[0-9]/.test(v) && shannonEntropy(v) >= 4)
    return { kind: "high-entropy" };
  return void 0;
}
function unquote(value) {
  const t = value.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) return t.slice(1, -1).trim();
  return t;
}
var NON_SECRET_VALUES = /* @__PURE__ */ new Set(["true", "false", "yes", "no", "on", "off", "none", "null", "nil", "enabled", "disabled"]);
function isSecretEnv(name, value) {
  const nameKind = secretNameKind(name);
  if (value === void 0) return nameKind ? { by: "name", kind: nameKind } : void 0;
  const v = unquote(value);
  if (v === "" || NON_SECRET_VALUES.has(v.toLowerCase())) return void 0;
  const byValue = looksLikeSecretValue(v);
  if (/^\/[^\s:]*$/.test(v) && !byValue) return void 0;
  if (nameKind) return { by: "name", kind: nameKind };
  return byValue ? { by: "value", kind: byValue.kind } : void 0;
}

// src/ingest/dockerfile/index.ts
var KEYWORDS = /* @__PURE__ */ new Set([
  "FROM",
  "RUN",
  "CMD",
  "LABEL",
  "MAINTAINER",
  "EXPOSE",
  "ENV",
  "ADD",
  "COPY",
  "ENTRYPOINT",
  "VOLUME",
  "USER",
  "WORKDIR",
  "ARG",
  "ONBUILD",
  "STOPSIGNAL",
  "HEALTHCHECK",
  "SHELL"
]);
function heredocsOf(i) {
  const f2 = i.getHeredocs;
  return typeof f2 === "function" ? f2.call(i) : [];
}
function referencedVariables(s) {
  const out = [];
  for (const m of s.matchAll(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|([A-Za-z_][A-Za-z0-9_]*))/g)) out.push(m[1] ?? m[2]);
  return out;
}
function substitute(s, scope) {
  let unknown = false;
  const out = s.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_m, braced, op, word, plain) => {
      const name = braced ?? plain ?? "";
      const v = scope.get(name);
      const set = v !== void 0 && (op?.startsWith(":") ? v !== "" : true);
      if (op?.endsWith("-")) return set ? v : word ?? "";
      if (op?.endsWith("+")) return set ? word ?? "" : "";
      if (v === void 0) unknown = true;
      return v ?? "";
    }
  );
  return unknown ? void 0 : out;
}
async function ingestDockerfile(file, _ctx, region) {
  const errors = [];
  const secretRanges = [];
  try {
    const image = build(file, region, errors, secretRanges);
    return { containers: [], images: image ? [image] : [], errors, secretRanges };
  } catch (e) {
    const message = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    errors.push({ file: file.path, line: 1, column: 1, message: `cannot parse Dockerfile: ${message}`, code: "parse" });
    return { containers: [], images: [], errors, secretRanges };
  }
}
function build(file, region, errors, secretRanges) {
  const text = region ? isolateRegion(file.text, region.start, region.end) : file.text;
  const df = DockerfileParser.parse(text);
  const off = (p2) => file.offset(p2.line + 1, p2.character + 1);
  const rangeOf = (r2) => file.range(off(r2.start), off(r2.end));
  const err = (r2, message) => errors.push({ file: file.path, line: r2.line + 1, column: r2.character + 1, message, code: "parse" });
  const directives = {};
  for (const d of df.getDirectives()) {
    const name = d.getName();
    if (name) directives[name.toLowerCase()] = d.getValue() ?? "";
  }
  const escape = df.getEscapeCharacter();
  const stages = [];
  const globalArgs = [];
  const globalScope = /* @__PURE__ */ new Map();
  let stage;
  let scope = /* @__PURE__ */ new Map();
  let stageArgs = /* @__PURE__ */ new Set();
  for (const ai of df.getInstructions()) {
    const keyword = ai.getKeyword().toUpperCase();
    const range = ai.getRange();
    if (!KEYWORDS.has(keyword)) {
      err(range.start, `unknown instruction ${JSON.stringify(ai.getInstruction())}`);
      continue;
    }
    const instr = toInstruction(ai, keyword, rangeOf, file);
    if (keyword === "FROM") {
      const args = ai.getArguments();
      if (args.length === 0) {
        err(range.start, "FROM without an image");
        continue;
      }
      const written = args[0].getValue();
      const imageOrigin = fileOrigin(file.path, off(args[0].getRange().start), off(args[0].getRange().end));
      const resolved = written.includes("$") ? substitute(written, globalScope) : written;
      const from = resolved === void 0 ? { value: written, origin: imageOrigin, how: "unresolved", raw: written } : explicit(resolved, imageOrigin, resolved === written ? void 0 : written);
      const asName = args.length >= 3 && args[1].getValue().toLowerCase() === "as" ? args[2].getValue().toLowerCase() : void 0;
      const parent = stages.find((s) => s.name !== void 0 && s.name === from.value.toLowerCase());
      stage = {
        index: stages.length,
        name: asName,
        from,
        parent,
        fromRange: instr.range,
        instructions: [],
        user: parent?.user,
        env: parent ? [...parent.env] : [],
        args: []
      };
      stages.push(stage);
      scope = /* @__PURE__ */ new Map();
      for (const e of stage.env) scope.set(e.name, e.value);
      stageArgs = /* @__PURE__ */ new Set();
      continue;
    }
    if (!stage) {
      if (keyword === "ARG") {
        for (const a of argDecls(ai, file, off)) {
          globalArgs.push(a);
          globalScope.set(a.value, a.defaultValue);
          if (a.defaultOrigin?.kind === "file" && a.defaultValue && isSecretEnv(a.value, a.defaultValue))
            secretRanges.push(file.range(a.defaultOrigin.start, a.defaultOrigin.end));
        }
      } else err(range.start, `${keyword} before the first FROM`);
      continue;
    }
    stage.instructions.push(instr);
    if (keyword === "USER") {
      const value = instr.args.trim();
      if (value) stage.user = explicit(value, fileOrigin(file.path, instr.argsRange.start, instr.argsRange.end));
    } else if (keyword === "ARG") {
      for (const a of argDecls(ai, file, off)) {
        stage.args.push(a);
        stageArgs.add(a.value);
        const value = a.defaultValue ?? (globalScope.has(a.value) ? globalScope.get(a.value) : void 0);
        if (!scope.has(a.value) || a.defaultValue !== void 0) scope.set(a.value, value);
        if (a.defaultOrigin?.kind === "file" && a.defaultValue && isSecretEnv(a.value, a.defaultValue))
          secretRanges.push(file.range(a.defaultOrigin.start, a.defaultOrigin.end));
      }
    } else if (keyword === "ENV") {
      const props = ai.getProperties?.() ?? [];
      for (const p2 of props) {
        const env = envVar(p2, file, off, scope, stageArgs);
        if (!env) continue;
        stage.env = stage.env.filter((e) => e.name !== env.name);
        stage.env.push(env);
        scope.set(env.name, env.value);
        if (env.kind === "literal" && env.valueOrigin?.kind === "file" && isSecretEnv(env.name, env.value))
          secretRanges.push(file.range(env.valueOrigin.start, env.valueOrigin.end));
      }
    }
  }
  if (stages.length === 0) {
    if (df.getInstructions().length > 0 || text.trim() !== "")
      errors.push({ file: file.path, line: 1, column: 1, message: "no FROM instruction: not a buildable Dockerfile", code: "parse" });
    return void 0;
  }
  const finalStage = stages[stages.length - 1];
  return {
    file: file.path,
    stages,
    finalStage,
    target: { kind: "stage", name: finalStage.name ?? finalStage.from.value, range: finalStage.fromRange },
    directives,
    globalArgs,
    escape
  };
}
function toInstruction(ai, keyword, rangeOf, file) {
  const range = rangeOf(ai.getRange());
  const heredocs = heredocsOf(ai).map((h) => {
    const content = h.getContentRange();
    const r2 = content ? rangeOf(content) : rangeOf(h.getStartRange());
    return { name: h.getName(), body: content ? file.text.slice(r2.start, r2.end) : "", range: r2 };
  });
  const args = ai.getArguments();
  const flags = {};
  const astFlags = ai.getFlags?.() ?? [];
  for (const f2 of astFlags) flags[f2.getName().toLowerCase()] = f2.getValue() ?? "";
  const keywordEnd = rangeOf(ai.getInstructionRange()).end;
  let start = args.length ? rangeOf(args[0].getRange()).start : keywordEnd;
  let end = range.end;
  if (heredocs.length) {
    const bodyStart = heredocs[0].range.start;
    const nl = file.text.lastIndexOf("\n", bodyStart - 1);
    end = Math.max(start, nl >= 0 && nl >= start ? nl : bodyStart);
    if (file.text[end - 1] === "\r") end--;
  }
  if (start > end) start = end;
  return {
    keyword,
    args: file.text.slice(start, end),
    range,
    argsRange: file.range(start, end),
    heredocs,
    flags
  };
}
function argDecls(ai, file, off) {
  const props = ai.getProperties?.() ?? [];
  const out = [];
  for (const p2 of props) {
    const name = p2.getName();
    const nr = p2.getNameRange();
    if (!name || !nr) continue;
    const a = explicit(name, fileOrigin(file.path, off(nr.start), off(nr.end)));
    const vr = p2.getValueRange();
    const v = p2.getValue();
    if (vr && v !== null) {
      a.defaultValue = v;
      a.defaultOrigin = fileOrigin(file.path, off(vr.start), off(vr.end));
    } else if (/=\s*$/.test(file.text.slice(off(nr.start), off(p2.getRange().end)))) a.defaultValue = "";
    out.push(a);
  }
  return out;
}
function envVar(p2, file, off, scope, stageArgs) {
  const name = p2.getName();
  const nr = p2.getNameRange();
  if (!name || !nr) return void 0;
  const whole = p2.getRange();
  const origin = fileOrigin(file.path, off(whole.start), off(whole.end));
  const vr = p2.getValueRange();
  const value = p2.getValue();
  if (!vr || value === null) {
    return { name, value: "", raw: "", kind: "literal", origin };
  }
  const valueOrigin = fileOrigin(file.path, off(vr.start), off(vr.end));
  const raw = file.text.slice(valueOrigin.start, valueOrigin.end);
  const refs = value.includes("$") ? referencedVariables(value) : [];
  if (refs.length === 0) return { name, value, raw, kind: "literal", origin, valueOrigin };
  const env = { name, value: substitute(value, scope), raw, kind: "interpolated", origin, valueOrigin };
  const arg = refs.find((r2) => stageArgs.has(r2));
  if (arg) env.fromBuildArg = arg;
  return env;
}

// .dftry.tmp.ts
var p = process.argv[2];
var f = new SourceFile(p, readFileSync(p, "utf8"));
var r = await ingestDockerfile(f, { env: {}, readFile: async () => void 0 });
var img = r.images[0];
console.log("errors", r.errors, "secrets", r.secretRanges);
if (img) {
  console.log("target", img.target, "directives", img.directives);
  for (const s of img.stages) {
    console.log("STAGE", s.index, s.name, s.from, "parent", s.parent?.index, "user", s.user?.value, "env", s.env.map((e) => [e.name, e.value, e.kind, e.fromBuildArg]), "args", s.args.map((a) => [a.value, a.defaultValue]));
    for (const i of s.instructions) console.log("  ", i.keyword, JSON.stringify(i.args), f.location(i.range).startLine + "-" + f.location(i.range).endLine, JSON.stringify(i.flags), i.heredocs.map((h) => [h.name, h.body]));
  }
}
