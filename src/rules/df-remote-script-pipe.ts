/**
 * BW-0106 df-remote-script-pipe (REMOTE_FETCH): a RUN pipes downloaded content into an interpreter or a
 * trust store without verifying it: `curl … | sh`, `wget -O- … | bash -`, `curl … | python3`,
 * `curl … | apt-key add -`, `curl … | gpg --dearmor` is not reported (it produces a keyring that a later
 * `signed-by` uses); a download run through command or process substitution (`sh -c "$(curl -fsSL …)"`, the
 * Oh My Zsh installer form, `bash <(wget -qO- …)`, `eval "$(curl …)"`); `git clone <remote>` not pinned by
 * a `git checkout <40-hex commit>` in the same RUN (corpus EXPECTED.md lists `git clone` as REMOTE_FETCH);
 * a download piped straight into an archive extractor (`wget -qO- … | tar xz -C /usr/local/bin`,
 * `curl -L … | tar -xzf -`, `| bsdtar -xf -`): the files land in the image with no chance to check a digest.
 * PowerShell (Windows images, `SHELL ["powershell", …]`): a download run as a script, `iex ((New-Object
 * System.Net.WebClient).DownloadString('https://…'))` (the Chocolatey installer), `iwr https://… | iex`,
 * `Invoke-Expression (Invoke-RestMethod …)`, `& ([scriptblock]::Create((irm …)))`: Invoke-Expression runs
 * any string as code (Microsoft PowerShell docs, about_Invoke-Expression), so the server decides what runs.
 * A script downloaded to a file and run in the same RUN without a checksum or signature check
 * (`wget -O /tmp/install.sh https://sh.rustup.rs && sh /tmp/install.sh -y`, `curl -LO …/install.sh && bash install.sh`;
 * {@link downloadedThenRun}), or a package downloaded and installed in the same RUN without a check
 * (`curl -LO …/x.deb && dpkg -i x.deb`: its maintainer scripts run as root; {@link installsPackageFile}).
 * `ONBUILD RUN` triggers of the final stage are read too (they run in every image built FROM this one, not in this
 * build) and reported at info as such. Informational, as the corpus rates REMOTE_FETCH. R-P, R-G1, paper §IV.4;
 * CIS Docker Benchmark 1.6.0 4.11 ("Ensure only verified packages are installed") is the nearest id.
 */
import type { SourceRange } from '../model/source.js';
import type { Instruction, Stage } from '../model/types.js';
import { defineRule } from './types.js';
import { callsMatching, commandOf, hideUrlCredentials, onbuildTriggers } from '../ingest/dockerfile/facts.js';
import type { ShellCall } from '../ingest/dockerfile/shell.js';

const FETCHERS = new Set(['curl', 'wget', 'fetch']);
const INTERPRETERS = /^(?:sh|bash|dash|ash|zsh|ksh|python[0-9.]*|perl|ruby|node|php|pwsh)$/;
/** A word that runs a download through command or process substitution: `"$(curl …)"`, `` `wget …` ``, `<(curl …)`. */
const SUBST_FETCH = /(?:\$\(|`|<\()\s*(?:\S*\/)?(curl|wget|fetch)\b/;
/** A remote repository address for `git clone` (https, ssh, git protocol, scp-like `git@host:path`). */
const REMOTE_URL = /^(?:https?:\/\/|ssh:\/\/|git:\/\/|git\+ssh:\/\/|[\w.-]+@[\w.-]+:)/;

/** PowerShell that runs a string or script block as code: `iex`, `Invoke-Expression`, `[scriptblock]::Create(`. */
const PS_RUN = /(?<![\w-])(?:iex|Invoke-Expression)(?![\w-])|\[scriptblock\]::Create\s*\(/gi;
/** PowerShell that downloads: WebClient's DownloadString, `Invoke-WebRequest` / `Invoke-RestMethod` and their aliases. */
const PS_FETCH = /\.DownloadString\s*\(|(?<![\w-])(?:Invoke-WebRequest|Invoke-RestMethod|iwr|irm)(?![\w-])/i;

/**
 * The PowerShell statements of a RUN that execute downloaded text (see the module comment), as offset ranges
 * of the executing word within `text`: one per statement (`;` or a line ends it) that both downloads and runs
 * the result. `text` is the RUN's arguments as written in the file.
 */
export function powershellRemoteRuns(text: string): { start: number; end: number; fetch: string; url?: string }[] {
  const out: { start: number; end: number; fetch: string; url?: string }[] = [];
  // Statements: split at `;` and at line ends that are not continued with the backtick escape (`# escape=\``).
  const statements = text.split(/;|(?<!`)\r?\n/);
  let offset = 0;
  for (const st of statements) {
    const fetch = PS_FETCH.exec(st);
    PS_RUN.lastIndex = 0;
    const run = PS_RUN.exec(st);
    if (fetch && run) {
      const found = /(?:https?|ftp):\/\/[^\s'"`()]+/.exec(st)?.[0];
      const url = found === undefined ? undefined : hideUrlCredentials(found);
      out.push({ start: offset + run.index, end: offset + run.index + run[0].length, fetch: fetch[0].replace(/^\.|\s*\($/g, ''), ...(url ? { url } : {}) });
    }
    offset += st.length + 1;
    // A `\r\n` separator is two characters long.
    if (text[offset - 1] === '\r') offset += 1;
  }
  return out;
}

/**
 * Whether the SHELL in effect for `instr` is PowerShell: the last `SHELL ["powershell", …]` (or `pwsh`) before it
 * in its stage, or else in the stage it is built `FROM` (a SHELL is inherited like the rest of the image config).
 */
function powershellShell(stage: Stage, instr: Instruction): boolean {
  for (let st: Stage | undefined = stage, first = true; st; st = st.parent, first = false) {
    // An ONBUILD trigger is not one of the stage's instructions: it runs in a child build, after all of them.
    const at = st.instructions.indexOf(instr);
    const before = first && at >= 0 ? st.instructions.slice(0, at) : st.instructions;
    const shell = before.filter((i) => i.keyword === 'SHELL').pop();
    if (shell) return /\b(?:powershell|pwsh)(?:\.exe)?\b/i.test(shell.args);
  }
  return false;
}

/**
 * True for a `tar` / `bsdtar` call that extracts (`tar xz -C dir`, `tar -xzf -`, `tar --extract`; tar(1): the
 * archive is read from stdin when no `-f` or `-f -` is given, which a pipeline sink is). `words` start at the program.
 */
export function extracts(words: string[]): boolean {
  const name = words[0]?.slice(words[0].lastIndexOf('/') + 1);
  if (name !== 'tar' && name !== 'bsdtar') return false;
  const opts = words.slice(1);
  return opts.some((w) => w === '--extract' || w === '--get') || /^-?[a-wyzA-Z]*x/.test(opts[0] ?? '') || opts.some((w) => /^-[a-zA-Z]*x[a-zA-Z]*$/.test(w));
}

/** Programs that verify a download (a checksum or a signature): their presence in the RUN quiets {@link downloadedThenRun}. */
const VERIFIERS = new Set(['sha256sum', 'sha512sum', 'sha1sum', 'shasum', 'md5sum', 'b2sum', 'gpg', 'gpgv', 'cosign', 'minisign', 'signify', 'openssl']);

/**
 * The file a curl/wget call writes: curl(1) `-o FILE`, `--output FILE`, `-fsSLo FILE` (a short-option cluster
 * ending in `o`); wget(1) `-O FILE`, `-qO FILE`, `--output-document=FILE`. `-` (stdout) is not a file.
 */
export function downloadTarget(words: string[], name: string): string | undefined {
  const letter = name === 'wget' ? 'O' : 'o';
  const long = name === 'wget' ? '--output-document' : '--output';
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    let v: string | undefined;
    if (w === long || new RegExp(`^-[A-Za-z]*${letter}$`).test(w)) v = words[i + 1];
    else if (w.startsWith(`${long}=`)) v = w.slice(long.length + 1);
    if (v !== undefined) return v === '-' ? undefined : v;
  }
  return undefined;
}

/**
 * The file wget(1) writes when no `-O` is given and it prints nothing to stdout: the last path segment of the URL
 * (`wget https://raw.githubusercontent.com/nvm-sh/nvm/v0.39.7/install.sh` → `install.sh`). `undefined` for curl, for
 * `-O`/`-P`/`-q -O-` forms and URLs without a file name. `words` start at the program.
 */
export function wgetDefaultFile(words: string[], name: string): string | undefined {
  // curl(1) `-O` / `--remote-name` (also clustered: `-LO`, `-fsSLO`) saves under the URL's file name too.
  if (name === 'curl') {
    if (!words.some((w) => w === '--remote-name' || /^-[A-Za-z]*O[A-Za-z]*$/.test(w))) return undefined;
  } else if (name !== 'wget' || words.some((w) => /^-(?:[A-Za-z]*[OP]|-output-document|-directory-prefix)/.test(w))) return undefined;
  const url = words.slice(1).find((w) => /^https?:\/\//.test(w));
  const file = url?.replace(/[?#].*$/, '').replace(/^https?:\/\/[^/]*/, '').split('/').pop();
  return file || undefined;
}

/**
 * True for a call that installs package files given as arguments, running their maintainer scripts as root:
 * dpkg(1) `-i` / `--install`; rpm(8) `-i`, `-U`, `-F` (also `-ivh`, `-Uvh`) / `--install` / `--upgrade`;
 * `apt-get install ./x.deb`, `apt install`, `yum|dnf|microdnf|zypper install x.rpm`, `apk add --allow-untrusted x.apk`.
 * `words` start at the program. Which argument is the downloaded file is left to the caller.
 */
export function installsPackageFile(words: string[]): boolean {
  const name = words[0]?.slice(words[0].lastIndexOf('/') + 1);
  const opts = words.slice(1);
  if (name === 'dpkg') return opts.some((w) => w === '--install' || /^-[A-Za-z]*i[A-Za-z]*$/.test(w));
  if (name === 'rpm') return opts.some((w) => w === '--install' || w === '--upgrade' || w === '--freshen' || /^-[ivhUF]*[iUF][ivh]*$/.test(w));
  if (name === 'apt-get' || name === 'apt' || name === 'yum' || name === 'dnf' || name === 'microdnf' || name === 'zypper')
    return opts.includes('install') && opts.some((w) => /\.(?:deb|rpm)$/.test(w));
  if (name === 'apk') return opts.includes('add') && opts.some((w) => /\.apk$/.test(w));
  return false;
}

/**
 * Two-step remote execution in one RUN: a script downloaded to a file (`wget -O /tmp/install.sh https://sh.rustup.rs`,
 * `curl -fsSLo install.sh …`, `curl … > install.py`, `wget https://…/install.sh` saving under the URL's file name) then run (`sh /tmp/install.sh -y`, `bash install.sh`, `./install.sh` after `chmod +x`),
 * with no checksum or signature check (`sha256sum -c`, `gpg --verify`, `cosign`…) anywhere in the RUN. The same
 * risk as `curl … | sh`: the server decides what runs.
 */
export function downloadedThenRun(calls: ShellCall[]): { call: ShellCall; command: string; pkg?: boolean; url?: string; file: string }[] {
  const out: { call: ShellCall; command: string; pkg?: boolean; url?: string; file: string }[] = [];
  if (calls.some((c) => VERIFIERS.has(commandOf(c)?.name ?? ''))) return out;
  const files = new Map<string, string>();
  const urls = new Map<string, string | undefined>();
  for (const c of calls) {
    const cmd = commandOf(c);
    if (!cmd) continue;
    if (FETCHERS.has(cmd.name)) {
      const f = downloadTarget(c.words.slice(cmd.at), cmd.name) ?? c.redirects.find((r) => r.op === '>' || r.op === '>|')?.target ?? wgetDefaultFile(c.words.slice(cmd.at), cmd.name);
      if (f) {
        files.set(f.replace(/^\.\//, ''), cmd.name);
        urls.set(f.replace(/^\.\//, ''), remoteUrlIn(c.words.slice(cmd.at + 1)));
      }
      continue;
    }
    const prog = c.words[cmd.at].replace(/^\.\//, '');
    let script: string | undefined;
    if (files.has(prog)) script = prog;
    else if (INTERPRETERS.test(cmd.name)) script = c.words.slice(cmd.at + 1).find((w) => !w.startsWith('-'))?.replace(/^\.\//, '');
    const pkg = script === undefined && installsPackageFile(c.words.slice(cmd.at));
    if (pkg) script = c.words.slice(cmd.at + 1).map((w) => w.replace(/^\.\//, '')).find((w) => files.has(w));
    if (script === undefined || !files.has(script)) continue;
    const fetched = `${files.get(script)} ${files.get(script) === 'wget' ? '-O' : '-o'} ${script}`;
    if (pkg) {
      const opts = c.words.slice(cmd.at + 1).filter((w) => w.startsWith('-') || w === 'install' || w === 'add');
      out.push({ call: c, command: `${fetched}; ${[cmd.name, ...opts.slice(0, 2), script].join(' ')}`, pkg: true, url: urls.get(script), file: script });
    } else out.push({ call: c, command: `${fetched}; ${prog === script ? script : `${cmd.name} ${script}`}`, url: urls.get(script), file: script });
    files.delete(script);
  }
  return out;
}

/** The first remote URL among `words` (`https://…`, `http://…`, `ftp://…`), as written. */
export function remoteUrlIn(words: string[]): string | undefined {
  for (const w of words) {
    const m = /(?:https?|ftp):\/\/[^\s'"`()]+/.exec(w);
    if (m) return hideUrlCredentials(m[0]);
  }
  return undefined;
}

/** The file name a download is saved under in a fix: the URL's last path segment when it has one, else `fallback`. */
function fileNameOf(url: string | undefined, fallback: string): string {
  const last = url?.replace(/[?#].*$/, '').replace(/^[a-z]+:\/\/[^/]*/i, '').split('/').pop() ?? '';
  return /^[\w.+-]+$/.test(last) && /[A-Za-z]/.test(last) ? last : fallback;
}

/**
 * The name of an APT keyring for a key URL: its file name without `.gpg`/`.asc`/`.key`/`.pub`
 * (`nodesource.gpg.key` → `nodesource`), or for a generic name (`gpg`, `Release.key`) the site's name
 * (`https://download.docker.com/linux/debian/gpg` → `docker`).
 */
export function keyringName(url: string | undefined): string {
  const base = fileNameOf(url, '').replace(/(?:\.(?:gpg|asc|key|pub))+$/i, '');
  if (base && !/^(?:gpg|key|release|pubkey|public|gpgkey|signing)$/i.test(base)) return base;
  const labels = url?.replace(/^[a-z]+:\/\//i, '').split(/[/:]/)[0].split('.') ?? [];
  return labels.length >= 2 ? labels[labels.length - 2] : 'repo';
}

/** The arguments a call gives the downloaded script `file` (`sh /tmp/rustup.sh -y` → ` -y`), with a leading blank. */
function scriptArgs(call: ShellCall, file: string): string {
  const at = commandOf(call)!.at;
  const k = call.words.findIndex((w, i) => i >= at && w.replace(/^\.\//, '') === file);
  return k < 0 ? '' : call.words.slice(k + 1).map((w) => ` ${w}`).join('');
}

/** A script file name for an interpreter (`install.py` for python3), used when the URL names no file. */
function scriptName(interpreter: string): string {
  const ext = /^python/.test(interpreter) ? 'py' : interpreter === 'perl' ? 'pl' : interpreter === 'ruby' ? 'rb' : interpreter === 'node' ? 'js' : interpreter === 'php' ? 'php' : interpreter === 'pwsh' ? 'ps1' : 'sh';
  return `install.${ext}`;
}

/** The directory a `tar` call extracts into: `-C DIR`, `--directory DIR`, `--directory=DIR`. `words` start at the program. */
function extractDir(words: string[]): string | undefined {
  for (let i = 1; i < words.length; i++) {
    if (words[i] === '-C' || words[i] === '--directory') return words[i + 1];
    if (words[i].startsWith('--directory=')) return words[i].slice('--directory='.length);
  }
  return undefined;
}

/**
 * The fix of one finding, naming its own URL (the rule's remediation is only an example): BuildKit's
 * `ADD --checksum=sha256:<digest> <url> <file>` (Dockerfile reference, "ADD --checksum": the build fails when
 * the content differs) and then `run` applied to the verified file, `{}` standing for its path. `<url>` when the
 * URL is not written literally (a variable).
 */
export function checksumFix(url: string | undefined, run: string, fallback = 'install.sh'): string {
  // A download saved under a path of its own (`wget -O /tmp/rustup.sh …`) keeps that path.
  const file = fallback.startsWith('/') ? fallback : `/tmp/${fileNameOf(url, fallback.slice(fallback.lastIndexOf('/') + 1))}`;
  return `ADD --checksum=sha256:<digest> ${url ?? '<url>'} ${file}\nRUN ${run.replace('{}', file)} && rm ${file}`;
}

/**
 * The fix of a PowerShell download run as code: save it, compare its SHA-256 with the published one
 * (`Get-FileHash`, Microsoft PowerShell docs), and run the file only when they match.
 */
export function powershellFix(url: string | undefined): string {
  const file = fileNameOf(url, 'install.ps1');
  return (
    `RUN Invoke-WebRequest -Uri ${url ? `'${url}'` : '<url>'} -OutFile ${file} -UseBasicParsing; ` +
    `if ((Get-FileHash ${file} -Algorithm SHA256).Hash -ne '<sha256>') { throw 'checksum mismatch' }; ` +
    `& .\\${file}; Remove-Item ${file}`
  );
}

export default defineRule({
  meta: {
    id: 'BW-0106',
    slug: 'df-remote-script-pipe',
    title: 'Remote script piped into a shell at build time',
    severity: 'info',
    attackClasses: ['R-P'],
    requirements: ['R-P', 'R-G1'],
    cis: { '1.6.0': ['4.11'] },
    paper: '§IV.4, §V.2.1',
    inputs: ['dockerfile'],
    description:
      'Piping a download into a shell (or into apt-key) runs or trusts whatever the server returns at build time, with no checksum or signature check: a compromised server or CDN poisons the image.',
    remediation: {
      dockerfile:
        'ADD --checksum=sha256:<digest> https://rpm.nodesource.com/setup_current.x /tmp/setup.sh\nRUN bash /tmp/setup.sh && rm /tmp/setup.sh',
    },
    breaks: 'Nothing, once the checksum is current; the build fails when the script changes.',
    fix: 'manual',
  },
  checkImage(img, ctx) {
    const file = ctx.source;
    if (!file) return;
    const done = new Set<unknown>();
    /**
     * One finding: `command: now` for a RUN of this build; for an `ONBUILD RUN` trigger, which runs in every image
     * built FROM this one and not in this build, `ONBUILD trigger command: images built FROM this one later` at info
     * (as BW-0104 reports its triggers).
     */
    const report = (onbuild: boolean, command: string, now: string, later: string, d: { at: SourceRange; data: Record<string, string>; fix: string }) =>
      ctx.report(onbuild ? { ...d, message: `ONBUILD trigger ${command}: images built FROM this one ${later}`, severity: 'info' } : { ...d, message: `${command}: ${now}` });
    const checkRun = (stage: Stage, instr: Instruction, onbuild: boolean) => {
      if (powershellShell(stage, instr) || /\b(?:powershell|pwsh)(?:\.exe)?\b/i.test(instr.args)) {
        const text = file.text.slice(instr.argsRange.start, instr.argsRange.end);
        for (const r of powershellRemoteRuns(text)) {
          const word = text.slice(r.start, r.end).replace(/\s*\($/, '');
          report(onbuild, onbuild ? `PowerShell ${word} ${r.fetch}` : `PowerShell ${word} runs text downloaded with ${r.fetch}`, 'remote content executed at build time without verification', 'run downloaded text as code without verification', {
            at: file.range(instr.argsRange.start + r.start, instr.argsRange.start + r.end),
            data: { command: `${word} ${r.fetch}` },
            fix: powershellFix(r.url),
          });
        }
      }
      const calls = callsMatching(file, img, instr, /\||\$\(|`|<\(|git|curl|wget/);
      for (const r of downloadedThenRun(calls)) {
        report(
          onbuild,
          r.command,
          r.pkg ? 'a downloaded package is installed (its scripts run as root) at build time without verification' : 'a downloaded script is run at build time without verification',
          r.pkg ? 'install a downloaded package (its scripts run as root) without verification' : 'run a downloaded script without verification',
          {
            at: r.call.range,
            data: { command: r.command },
            fix: r.pkg
              ? checksumFix(r.url, `${r.call.words[commandOf(r.call)!.at]} ${r.call.words.slice(commandOf(r.call)!.at + 1).filter((w) => w.startsWith('-') || w === 'install' || w === 'add').slice(0, 2).join(' ')} {}`.replace(/ +/g, ' '), r.file)
              : checksumFix(r.url, `${r.call.words[commandOf(r.call)!.at].replace(/^\.\//, '') === r.file ? 'sh' : commandOf(r.call)!.name} {}${scriptArgs(r.call, r.file)}`, r.file),
          },
        );
      }
      // `git clone <commit>` pinned by a `git checkout <40-hex commit>` (or `reset --hard`) later in the RUN.
      const pinned = calls.some((c) => {
        const g = commandOf(c);
        return g?.name === 'git' && /^(?:checkout|reset|switch)$/.test(c.words[g.at + 1] ?? '') && c.words.slice(g.at + 2).some((w) => /^[0-9a-f]{40}$/i.test(w));
      });
      for (const call of calls) {
        const cmd = commandOf(call);
        if (cmd?.name === 'git' && call.words[cmd.at + 1] === 'clone' && !pinned) {
          const written = call.words.slice(cmd.at + 2).find((w) => REMOTE_URL.test(w));
          if (written) {
            const url = hideUrlCredentials(written);
            report(onbuild, `git clone ${url}`, 'remote source fetched at build time, not pinned to a commit', 'fetch a remote source not pinned to a commit', {
              at: call.range,
              data: { command: 'git clone', url },
              fix: `RUN git clone ${url} /src && git -C /src checkout <full commit id>   # or ADD ${url.replace(/#.*$/, '')}#<full commit id> /src`,
            });
          }
          continue;
        }
        if (cmd && (INTERPRETERS.test(cmd.name) || cmd.name === 'eval' || cmd.name === 'source' || cmd.name === '.')) {
          // `sh -c "$(curl -fsSL …)"`, `bash <(wget -qO- …)`, `eval "$(curl …)"`: the download runs as a script.
          const arg = call.words.slice(cmd.at + 1).find((w) => SUBST_FETCH.test(w));
          if (arg) {
            const fetcher = SUBST_FETCH.exec(arg)![1];
            const command = `${cmd.name} ${arg.startsWith('<(') ? '<' : '$'}(${fetcher} …)`;
            report(onbuild, command, 'remote content executed at build time without verification', 'execute remote content without verification', {
              at: call.range,
              data: { command },
              fix: checksumFix(remoteUrlIn([arg]), `${cmd.name === 'eval' || cmd.name === 'source' || cmd.name === '.' ? 'sh' : cmd.name} {}`, scriptName(cmd.name)),
            });
            continue;
          }
        }
        const p = call.pipeline;
        if (!p || done.has(p) || p[0] !== call) continue;
        done.add(p);
        const fetchIdx = p.findIndex((c) => FETCHERS.has(commandOf(c)?.name ?? ''));
        if (fetchIdx < 0) continue;
        const sink = p.slice(fetchIdx + 1).find((c) => {
          const cmd = commandOf(c);
          if (!cmd) return false;
          if (INTERPRETERS.test(cmd.name)) return true;
          return (cmd.name === 'apt-key' && c.words[cmd.at + 1] === 'add') || extracts(c.words.slice(cmd.at));
        });
        if (!sink) continue;
        const fetcher = commandOf(p[fetchIdx])!.name;
        const s = commandOf(sink)!;
        const command = `${fetcher} | ${sink.words.slice(s.at).join(' ')}`;
        const url = remoteUrlIn(p[fetchIdx].words.slice(commandOf(p[fetchIdx])!.at + 1));
        const unpacks = extracts(sink.words.slice(s.at));
        report(
          onbuild,
          command,
          `remote content ${s.name === 'apt-key' ? 'trusted' : unpacks ? 'unpacked into the image' : 'executed'} at build time without verification`,
          `${s.name === 'apt-key' ? 'trust remote content' : unpacks ? 'unpack remote content into the image' : 'execute remote content'} without verification`,
          {
            at: file.range(p[fetchIdx].range.start, sink.range.end),
            data: { command },
            fix:
              s.name === 'apt-key'
                ? `ADD --checksum=sha256:<digest> ${url ?? '<url>'} /etc/apt/keyrings/${keyringName(url)}.asc\n# then: deb [signed-by=/etc/apt/keyrings/${keyringName(url)}.asc] … (apt-key is deprecated)`
                : unpacks
                  ? checksumFix(url, `tar -xf {}${extractDir(sink.words.slice(s.at)) ? ` -C ${extractDir(sink.words.slice(s.at))}` : ''}`, 'download.tar.gz')
                  : checksumFix(url, `${s.name} {}`, scriptName(s.name)),
          },
        );
      }
    };
    for (const stage of img.stages) for (const instr of stage.instructions) if (instr.keyword === 'RUN') checkRun(stage, instr, false);
    // ONBUILD RUN triggers of the final stage: what images built FROM this one will run (not this image's layers): info.
    for (const t of onbuildTriggers(file, img)) if (t.keyword === 'RUN') checkRun(img.finalStage, t, true);
  },
});
