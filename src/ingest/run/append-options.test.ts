/**
 * Appends to option variables (`OPTS+=" --privileged"`, `OPTS="$OPTS --privileged"`, `A+=(--privileged)`) and the
 * values a variable may hold after a branch changed it (R-B, R-K): a value bulwark can compute is read as it is
 * (definite); one built on a value only a branch may have set is a candidate, read with the options of every value
 * the variable may hold, and what they set is reported with certainty unknown, never silently dropped.
 */
import { describe, expect, it } from 'vitest';
import { auditSources } from '../../engine/audit.js';

async function rows(text: string, ids: string[]) {
  const r = await auditSources([{ path: 'deploy.sh', text }], { env: {} });
  return r.findings.filter((f) => ids.includes(f.ruleId)).map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId} ${f.severity} ${f.certainty} ${f.target.name}`);
}

const sh = (...lines: string[]) => ['#!/bin/bash', ...lines, ''].join('\n');
const IDS = ['BW-0001', 'BW-0011', 'BW-0013', 'BW-0027'];

describe('string appends', () => {
  it('OPTS+=" --privileged" on a known value is known: privileged, definite', async () => {
    const text = sh('OPTS="-d"', 'OPTS+=" --privileged"', 'docker run $OPTS --name x busybox:1.36');
    expect(await rows(text, IDS)).toEqual(['4:12 BW-0001 critical definite x', '4:27 BW-0027 info definite x']);
  });

  it('an append to a value only a branch sets is a candidate: privileged, unknown', async () => {
    const text = sh('if [ -n "$X" ]; then OPTS="-d"; fi', 'OPTS+=" --privileged"', 'docker run $OPTS --name x busybox:1.36');
    expect(await rows(text, IDS)).toEqual(['4:12 BW-0001 critical unknown x', '4:27 BW-0027 info definite x']);
    const r = await auditSources([{ path: 'deploy.sh', text }], { env: {} });
    expect(r.findings.find((f) => f.ruleId === 'BW-0001')!.message).toMatch(/\(when \$OPTS holds these options: it is assigned under a condition\)$/);
  });

  it('OPTS="$OPTS --privileged" after an if that appends: privileged is not lost (unknown)', async () => {
    const text = sh('OPTS="-d"', 'if [ -n "$GPU" ]; then', '  OPTS="$OPTS --gpus all"', 'fi', 'OPTS="$OPTS --privileged"', 'docker run --name s3 $OPTS busybox:1.36');
    expect(await rows(text, IDS)).toEqual(['7:22 BW-0001 critical unknown s3', '7:28 BW-0027 info definite s3']);
  });

  it('a && list then an unconditional append: the mount is reported (unknown)', async () => {
    const text = sh('OPTS="-d"', '[ -n "$X" ] && OPTS="$OPTS -t"', 'OPTS="$OPTS -v /:/host"', 'docker run $OPTS --name x busybox:1.36');
    expect(await rows(text, IDS)).toEqual(['5:12 BW-0011 critical unknown x', '5:12 BW-0013 critical unknown x', '5:27 BW-0027 info definite x']);
  });

  it('the options of every branch are read together (if/else)', async () => {
    const text = sh('if [ -n "$X" ]; then', '  O="--privileged"', 'else', '  O="-v /:/host -e A=b"', 'fi', 'docker run $O --name x busybox:1.36');
    expect(await rows(text, IDS)).toEqual(['7:12 BW-0001 critical unknown x', '7:12 BW-0011 critical unknown x', '7:12 BW-0013 critical unknown x', '7:24 BW-0027 info definite x']);
  });

  it('a value overwritten at the top level before the branch is no longer one it may hold', async () => {
    const text = sh('O="--privileged"', 'O="-d"', 'if [ -n "$X" ]; then O="$O -t"; fi', 'docker run $O --name x busybox:1.36');
    expect(await rows(text, IDS)).toEqual(['5:24 BW-0027 info definite x']);
  });

  it('in a function body: the branch builds on the body\'s own assignment', async () => {
    const text = sh('f() {', '  O=-d', '  if [ -n "$X" ]; then O="$O --privileged"; fi', '  docker run $O --name x busybox:1.36', '}', 'f');
    expect(await rows(text, IDS)).toEqual(['5:14 BW-0001 critical unknown x', '5:26 BW-0027 info definite x']);
  });
});

describe('array appends under a condition', () => {
  it('case branch appends the socket mount: reported, unknown', async () => {
    const text = sh('A=(-d)', 'case "$MODE" in', '  dev) A+=(-v /var/run/docker.sock:/var/run/docker.sock) ;;', 'esac', 'docker run --name c5 "${A[@]}" busybox:1.36');
    expect(await rows(text, IDS)).toEqual(['6:22 BW-0013 critical unknown c5', '6:32 BW-0027 info definite c5']);
  });

  it('A+=(--privileged) after a conditional append: privileged, unknown', async () => {
    for (const cond of ['[ -n "$X" ] && A+=(--gpus all)', 'if [ -n "$X" ]; then A+=(--gpus all); fi']) {
      const text = sh('A=(-d)', cond, 'A+=(--privileged)', 'docker run "${A[@]}" --name x busybox:1.36');
      expect(await rows(text, IDS)).toEqual(['5:12 BW-0001 critical unknown x', '5:31 BW-0027 info definite x']);
    }
  });

  it('A=(--privileged) in a branch replacing A=(-d): privileged, unknown (quoted and unquoted)', async () => {
    const text = sh('A=(-d)', 'if [ -n "$X" ]; then', '  A=(--privileged)', 'fi', 'docker run --name arr "${A[@]}" busybox:1.36', 'docker run --name arr2 ${A[@]} busybox:1.36');
    expect(await rows(text, IDS)).toEqual([
      '6:23 BW-0001 critical unknown arr',
      '6:33 BW-0027 info definite arr',
      '7:24 BW-0001 critical unknown arr2',
      '7:32 BW-0027 info definite arr2',
    ]);
  });

  it('A+=(…) with no assignment before (bash exports no array): a candidate, unknown', async () => {
    const text = sh('A+=(--privileged)', 'docker run "${A[@]}" --name x busybox:1.36');
    expect(await rows(text, IDS)).toEqual(['3:12 BW-0001 critical unknown x', '3:31 BW-0027 info definite x']);
  });

  it('known appends stay definite; a branch that empties the array adds nothing', async () => {
    expect(await rows(sh('A=()', 'A+=(--privileged)', 'docker run -d --name arr "${A[@]}" busybox:1.36'), IDS)).toEqual(['4:26 BW-0001 critical definite arr', '4:36 BW-0027 info definite arr']);
    expect(await rows(sh('A=(-d)', 'if [ -n "$X" ]; then A=(); fi', 'docker run "${A[@]}" --name x busybox:1.36'), IDS)).toEqual(['4:31 BW-0027 info definite x']);
  });
});

describe('appends to a variable the script never assigned before (its value comes from the caller)', () => {
  // Whatever the environment held in ARGS, the appended fields follow it on the command line, as the options of
  // `docker run $ARGS --privileged img` written on the line are: definite. What ARGS held stays unknown ("unless
  // $ARGS sets it" for settings found missing).
  const SOCK = '/var/run/docker.sock:/var/run/docker.sock';

  it('ARGS="$ARGS …" twice, then exec docker run -d $ARGS: socket and privileged, definite, at the use', async () => {
    const text = ['#!/bin/sh', `ARGS="$ARGS -v ${SOCK}"`, 'ARGS="$ARGS --privileged"', 'exec docker run -d $ARGS --name agent example/agent:1.0', ''].join('\n');
    expect(await rows(text, [...IDS, 'BW-0006'])).toEqual([
      '4:6 BW-0006 low unknown agent',
      '4:20 BW-0001 critical definite agent',
      '4:20 BW-0013 critical definite agent',
      '4:39 BW-0027 info definite agent',
    ]);
    const r = await auditSources([{ path: 'deploy.sh', text }], { env: {} });
    expect(r.findings.find((f) => f.ruleId === 'BW-0006')!.message).toMatch(/\(unless \$ARGS sets it\)$/);
  });

  it('ARGS+=" --privileged" and ARGS="${ARGS:-} --privileged" with no assignment before: privileged, definite', async () => {
    expect(await rows('ARGS+=" --privileged"\ndocker run $ARGS --name a2 alpine:3\n', IDS)).toEqual(['2:12 BW-0001 critical definite a2', '2:28 BW-0027 info definite a2']);
    expect(await rows('ARGS="${ARGS:-} --privileged"\ndocker run $ARGS --name a3 alpine:3\n', IDS)).toEqual(['2:12 BW-0001 critical definite a3', '2:28 BW-0027 info definite a3']);
  });

  it('the known end survives a command substitution and a later append; a known ${ARGS:-} is substituted', async () => {
    expect(await rows(sh('O="$(get_opts) -v /:/host"', 'O+=" --privileged"', 'docker run $O --name x busybox:1.36'), IDS)).toEqual([
      '4:12 BW-0001 critical definite x',
      '4:12 BW-0011 critical definite x',
      '4:12 BW-0013 critical definite x',
      '4:24 BW-0027 info definite x',
    ]);
    expect(await rows(sh('O="-v /:/host"', 'O="${O:-} --privileged"', 'docker run $O --name x busybox:1.36'), IDS)).toEqual([
      '4:12 BW-0001 critical definite x',
      '4:12 BW-0011 critical definite x',
      '4:12 BW-0013 critical definite x',
      '4:24 BW-0027 info definite x',
    ]);
  });

  it('ARGS="${ARGS:+$ARGS }--privileged" (the separator only when ARGS is set): privileged, definite', async () => {
    // `${ARGS:+$ARGS }` is `$ARGS ` when ARGS is set and not empty, else nothing (bash(1) "Use Alternate Value"):
    // either way `--privileged` starts a field.
    expect(await rows('ARGS="${ARGS:+$ARGS }--privileged"\ndocker run $ARGS --name a6 alpine:3\n', IDS)).toEqual(['2:12 BW-0001 critical definite a6', '2:28 BW-0027 info definite a6']);
    expect(await rows('ARGS="${ARGS+${ARGS} }--privileged"\ndocker run $ARGS --name a7 alpine:3\n', IDS)).toEqual(['2:12 BW-0001 critical definite a7', '2:28 BW-0027 info definite a7']);
    // Two such appends keep both; in a branch the value is a candidate.
    const SOCK = '/var/run/docker.sock:/var/run/docker.sock';
    expect(await rows(`A="\${A:+$A }-v ${SOCK}"\nA="\${A:+$A }--privileged"\ndocker run $A --name a8 alpine:3\n`, IDS)).toEqual(['3:12 BW-0001 critical definite a8', '3:12 BW-0013 critical definite a8', '3:25 BW-0027 info definite a8']);
    expect(await rows(sh('if [ -n "$X" ]; then ARGS="${ARGS:+$ARGS }--privileged"; fi', 'docker run $ARGS --name a9 alpine:3'), IDS)).toEqual(['3:12 BW-0001 critical unknown a9', '3:28 BW-0027 info definite a9']);
  });

  it('${O:+$O } on a known value: the value and the blank when set and not empty, nothing when empty', async () => {
    expect(await rows(sh('O="-v /:/host"', 'O="${O:+$O }--privileged"', 'docker run $O --name x busybox:1.36'), IDS)).toEqual([
      '4:12 BW-0001 critical definite x',
      '4:12 BW-0011 critical definite x',
      '4:12 BW-0013 critical definite x',
      '4:24 BW-0027 info definite x',
    ]);
    expect(await rows(sh('O=""', 'O="${O:+$O }--privileged"', 'docker run $O --name x busybox:1.36'), IDS)).toEqual(['4:12 BW-0001 critical definite x', '4:24 BW-0027 info definite x']);
    // Another variable's alternate value ending in a blank also leaves `--privileged` a field of its own; glued to
    // a literal before it (`x${O:+$O }`), it is not read.
    expect(await rows(sh('O="${B:+$B }--privileged"', 'docker run $O --name x busybox:1.36'), IDS)).toEqual(['3:12 BW-0001 critical definite x', '3:24 BW-0027 info definite x']);
    expect(await rows(sh('O="x${O:+$O }--privileged"', 'docker run $O --name x busybox:1.36'), IDS)).toEqual(['3:24 BW-0027 info definite x']);
  });

  it('in a branch, with no assignment before: a candidate, unknown; a field glued to the unknown value is not read', async () => {
    expect(await rows(sh('if [ -n "$X" ]; then ARGS="$ARGS --privileged"; fi', 'docker run $ARGS --name a4 alpine:3'), IDS)).toEqual(['3:12 BW-0001 critical unknown a4', '3:28 BW-0027 info definite a4']);
    expect(await rows(sh('ARGS="${ARGS}--privileged"', 'docker run $ARGS --name a5 alpine:3'), IDS)).toEqual(['3:28 BW-0027 info definite a5']);
  });
});

describe('prepends to a variable the script never assigned before', () => {
  // `${ARGS:+ $ARGS}` is a blank and ARGS when ARGS is set and not empty, else nothing (bash(1) "Use Alternate
  // Value"): the fields before it are passed first whatever ARGS holds, and what follows is more options.
  it('ARGS="--privileged ${ARGS:+ $ARGS}" then docker run $ARGS img: privileged, definite, like the append form', async () => {
    expect(await rows('ARGS="--privileged ${ARGS:+ $ARGS}"\ndocker run $ARGS img\n', IDS)).toEqual(['2:12 BW-0001 critical definite img', '2:18 BW-0027 info definite img']);
    expect(await rows('ARGS="${ARGS:+$ARGS }--privileged"\ndocker run $ARGS img\n', IDS)).toEqual(['2:12 BW-0001 critical definite img', '2:18 BW-0027 info definite img']);
    const r = await auditSources([{ path: 'deploy.sh', text: 'ARGS="--privileged ${ARGS:+ $ARGS}"\ndocker run $ARGS img\n' }], { env: {} });
    expect(r.findings.find((f) => f.ruleId === 'BW-0006')!.message).toMatch(/\(unless \$ARGS sets it\)$/);
  });

  it('glued (--privileged${ARGS:+ $ARGS}), plain ("--privileged $ARGS") and chained prepends; a glued field is not read', async () => {
    expect(await rows('ARGS="--privileged${ARGS:+ $ARGS}"\ndocker run $ARGS --name p1 alpine:3\n', IDS)).toEqual(['2:12 BW-0001 critical definite p1', '2:28 BW-0027 info definite p1']);
    expect(await rows('ARGS="--privileged $ARGS"\ndocker run $ARGS --name p2 alpine:3\n', IDS)).toEqual(['2:12 BW-0001 critical definite p2', '2:28 BW-0027 info definite p2']);
    expect(await rows('A="-v /:/host ${A:+ $A}"\nA="--privileged ${A:+ $A}"\ndocker run $A --name p3 alpine:3\n', IDS)).toEqual([
      '3:12 BW-0001 critical definite p3',
      '3:12 BW-0011 critical definite p3',
      '3:12 BW-0013 critical definite p3',
      '3:25 BW-0027 info definite p3',
    ]);
    expect(await rows('ARGS="--privileged$ARGS"\ndocker run $ARGS --name p4 alpine:3\n', IDS)).toEqual(['2:28 BW-0027 info definite p4']);
  });

  it('${O:+ $O} on a known value; in a branch, a candidate (unknown)', async () => {
    expect(await rows(sh('O="-v /:/host"', 'O="--privileged${O:+ $O}"', 'docker run $O --name x busybox:1.36'), IDS)).toEqual([
      '4:12 BW-0001 critical definite x',
      '4:12 BW-0011 critical definite x',
      '4:12 BW-0013 critical definite x',
      '4:24 BW-0027 info definite x',
    ]);
    expect(await rows(sh('if [ -n "$X" ]; then ARGS="--privileged ${ARGS:+ $ARGS}"; fi', 'docker run $ARGS --name p5 alpine:3'), IDS)).toEqual(['3:12 BW-0001 critical unknown p5', '3:28 BW-0027 info definite p5']);
  });
});
