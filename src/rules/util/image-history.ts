/**
 * Build arguments an image's history records with their values (R-S; Dockerfile reference, "ARG": build arguments are
 * "visible in the docker history", so "not recommended … to pass secrets"). The builders write them into the
 * `created_by` of a history entry (OCI image-spec config.md `history`; `docker history --no-trunc` shows it):
 *  - the classic builder, for each RUN after an ARG: `|<n> NAME=value … /bin/sh -c <command>` (moby
 *    builder/dockerfile `dispatchRun`), and the ARG itself as `/bin/sh -c #(nop)  ARG NAME=default`;
 *  - BuildKit (dockerfile2llb `runCommandString`, `dispatchArg`): `RUN |<n> NAME=value … /bin/sh -c <command> #
 *    buildkit`, and `ARG NAME=value` with the value the build used (the `--build-arg`, else the default).
 * BW-0402 reads them (src/rules/image-secret-in-config.ts); the inspect ingester masks their values.
 */

/** One build argument written in a history entry: its name, its value and where the value is in `created_by`. */
export interface HistoryBuildArg {
  name: string;
  value: string;
  /** Offsets of the value in `created_by`, end exclusive. */
  start: number;
  end: number;
}

/** A `NAME=value` pair, or a bare `NAME` (an ARG without a value), at the sticky position. */
const NAME_VALUE = /([A-Za-z_][A-Za-z0-9_]*)(?:=(\S*))?(?=\s|$)/y;

/**
 * The build arguments `createdBy` (a history entry's `created_by`) records with their values, in the forms listed in
 * the module comment. A value is read to the next blank (the builders write it unquoted, joined by spaces). `[]` for
 * any other entry. Never throws.
 */
export function historyBuildArgs(createdBy: string): HistoryBuildArg[] {
  const out: HistoryBuildArg[] = [];
  /** Reads `count` (or, when undefined, every) blank-separated `NAME=value` pair from offset `at`. */
  const pairs = (at: number, count?: number) => {
    let k = at;
    for (let i = 0; count === undefined || i < count; i++) {
      while (createdBy[k] === ' ') k++;
      NAME_VALUE.lastIndex = k;
      const m = NAME_VALUE.exec(createdBy);
      if (!m) break;
      const start = k + m[1].length + 1;
      if (m[2] !== undefined) out.push({ name: m[1], value: m[2], start, end: start + m[2].length });
      k = NAME_VALUE.lastIndex;
    }
  };
  const run = /^(?:RUN\s+)?\|(\d+)\s+/.exec(createdBy);
  if (run) pairs(run[0].length, Number(run[1]));
  const arg = /^(?:\/bin\/sh -c #\(nop\)\s+)?ARG\s+/.exec(createdBy);
  if (arg) pairs(arg[0].length);
  return out;
}
