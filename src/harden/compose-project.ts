/**
 * Edits of one Compose service across the files of its project (issue 4; QA round A): the base file and its
 * overrides (`compose.yaml` + `compose.override.yaml`, the files `COMPOSE_FILE` names, `-f a -f b`), merged in
 * that order as compose-spec 13-merge.md says, and the files the project `include`s (14-include.md).
 *
 * harden plans its fixes from the findings of the merged project, as `bulwark audit` reports them; this editor puts
 * each edit where it takes effect: a value is changed in the file whose value wins (the finding's origin), a setting
 * goes to the last file that writes its key (a `!reset` or an empty value there would drop anything written before
 * it), and a new key goes to the service in the finding's file (the base, for a setting no file writes). An override
 * never gets a value that is weaker than what its base sets: fixes are planned from the merged project only.
 */
import type { ContainerSpec, EnvVar, Mount, Origin, SecurityOpt, Sourced } from '../model/types.js';
import { ComposeEditor, SCALAR_KEY, type ComposeDocument } from './compose.js';
import type { ContainerEditor, ScalarSetting, TextEdit } from './types.js';

/** A Compose file harden may edit, with its parsed document. */
export interface ProjectFile {
  path: string;
  doc: ComposeDocument;
}

/** One file's editor of the service. */
interface Part {
  path: string;
  ed: ComposeEditor;
}

/**
 * The {@link ContainerEditor} of one service of a Compose project: every method is passed to the editor of the file
 * where its edit takes effect (see the module comment). Edits carry their file (`TextEdit.file`).
 */
export class ComposeProjectEditor implements ContainerEditor {
  readonly kind = 'compose' as const;
  readonly edits: TextEdit[] = [];
  readonly problems: string[] = [];
  /** The editors of the files that write the service as a mapping, in merge order. */
  private readonly parts: Part[] = [];
  /** The file of the finding being fixed ({@link at}). */
  private findingFile: string | undefined;

  /**
   * @param files the files harden may edit, in merge order (the project's files, then the files it includes)
   * @param spec the merged service
   */
  constructor(files: readonly ProjectFile[], readonly spec: ContainerSpec) {
    for (const f of files) {
      const ed = ComposeEditor.forService(f.doc, spec.target.name, spec);
      if (ed) this.parts.push({ path: f.path, ed });
    }
    this.parts.forEach((p, i) => {
      const before = this.parts.slice(0, i);
      p.ed.definedEarlier = (key) => before.some((q) => q.ed.writes(key));
    });
  }

  /** Whether some file writes the service as a mapping this editor can change. */
  get editable(): boolean {
    return this.parts.length > 0;
  }

  /** Sets the file of the finding the next fix answers (new keys go to the service there). */
  at(file: string): void {
    this.findingFile = file;
  }

  /** See {@link ComposeEditor.extendsDepth}: of the service in the finding's file. */
  get extendsDepth(): number {
    return this.home()?.ed.extendsDepth ?? 0;
  }

  /** The document of the finding's file (fixes that look at other services of the file: secret names). */
  get cd(): ComposeDocument {
    return (this.home() ?? this.parts[0]).ed.cd;
  }

  /** The service in the finding's file, else in the last file that writes it. */
  private home(): Part | undefined {
    return this.parts.find((p) => p.path === this.findingFile) ?? this.parts[this.parts.length - 1];
  }

  /** The file holding `o`, when harden edits it. */
  private byOrigin(o: Origin | undefined): Part | undefined {
    return o?.kind === 'file' ? this.parts.find((p) => p.path === o.file) : undefined;
  }

  /** Where a setting of `key` goes: the file of its value, else the last file that writes the key, else the finding's. */
  private forKey(key: string, o?: Origin): Part | undefined {
    const own = this.byOrigin(o);
    if (own) return own;
    for (let i = this.parts.length - 1; i >= 0; i--) if (this.parts[i].ed.writes(key)) return this.parts[i];
    return this.home();
  }

  /** Runs `fn` on `part`'s editor and takes its new edits (tagged with the file) and problems. */
  private via(part: Part | undefined, fn: (ed: ComposeEditor) => boolean): boolean {
    if (!part) {
      this.problems.push('the service is not written as a mapping bulwark can edit');
      return false;
    }
    const e0 = part.ed.edits.length;
    const p0 = part.ed.problems.length;
    try {
      return fn(part.ed);
    } finally {
      for (const e of part.ed.edits.slice(e0)) this.edits.push({ ...e, file: part.path });
      this.problems.push(...part.ed.problems.slice(p0));
    }
  }

  addSecurityOpt(value: string): boolean {
    return this.via(this.forKey('security_opt'), (ed) => ed.addSecurityOpt(value));
  }

  removeSecurityOpt(opt: SecurityOpt): boolean {
    return this.via(this.byOrigin(opt.origin) ?? this.home(), (ed) => ed.removeSecurityOpt(opt));
  }

  addCapDrop(caps: string[]): boolean {
    return this.via(this.forKey('cap_drop'), (ed) => ed.addCapDrop(caps));
  }

  addCapAdd(caps: string[]): boolean {
    return caps.length === 0 || this.via(this.forKey('cap_add'), (ed) => ed.addCapAdd(caps));
  }

  setScalar(setting: ScalarSetting, value: string, existing: Sourced<unknown> | undefined, note?: string): boolean {
    return this.via(this.forKey(SCALAR_KEY[setting], existing?.origin), (ed) => ed.setScalar(setting, value, existing, note));
  }

  addTmpfs(paths: string[]): boolean {
    return paths.length === 0 || this.via(this.forKey('tmpfs'), (ed) => ed.addTmpfs(paths));
  }

  mountReadOnly(m: Mount): boolean {
    return this.via(this.byOrigin(m.origin) ?? this.home(), (ed) => ed.mountReadOnly(m));
  }

  removeMount(m: Mount): boolean {
    return this.via(this.byOrigin(m.origin) ?? this.home(), (ed) => ed.removeMount(m));
  }

  appendToValue(end: number, suffix: string): boolean {
    return this.via(this.home(), (ed) => ed.appendToValue(end, suffix));
  }

  /** {@link ComposeEditor.removeKey} in the file holding `at`. */
  removeKey(key: string, at: Origin, what: string, override?: string): boolean {
    return this.via(this.byOrigin(at) ?? this.home(), (ed) => ed.removeKey(key, at, what, override));
  }

  /** {@link ComposeEditor.removeItem} in the file holding `at`. */
  removeItem(key: string, at: Origin, what: string): boolean {
    return this.via(this.byOrigin(at) ?? this.home(), (ed) => ed.removeItem(key, at, what));
  }

  /** {@link ComposeEditor.replaceValue} in the file holding `at`. */
  replaceValue(key: string, at: Origin, value: string, note?: string): boolean {
    return this.via(this.byOrigin(at) ?? this.home(), (ed) => ed.replaceValue(key, at, value, note));
  }

  /** {@link ComposeEditor.replaceEnv} in the file whose entry of `name` the service gets. */
  replaceEnv(name: string, replacement: string, note: string): boolean {
    const e = [...this.spec.env].reverse().find((x: EnvVar) => x.name === name);
    return this.via(this.byOrigin(e?.origin) ?? this.home(), (ed) => ed.replaceEnv(name, replacement, note));
  }

  /** {@link ComposeEditor.envToSecret} in the file holding the entry. */
  envToSecret(e: EnvVar, secret: string, variable: string): boolean {
    return this.via(this.byOrigin(e.origin) ?? this.home(), (ed) => ed.envToSecret(e, secret, variable));
  }
}
