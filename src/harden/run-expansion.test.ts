/**
 * A flag that reaches `docker run` through an expansion (`"${ARGS[@]}"`, `$OPTS`) is not written as a flag on the
 * run line: its origin is the span of the whole expansion, which holds other flags too. harden never edits that
 * span (QA: removing the socket mount of `"${ARGS[@]}"` deleted the expansion, and with it the port, the
 * environment and the data volume, silently); the fix is listed as not done, to be made where the variable is set.
 */
import { describe, expect, it } from 'vitest';
import { hardenText } from './index.js';

const ARR = '#!/bin/bash\nARGS=(-p 127.0.0.1:8080:80 -e TZ=UTC -v /var/run/docker.sock:/var/run/docker.sock -v ./data:/data)\ndocker run -d --name proxy "${ARGS[@]}" traefik:v3.0\n';

describe('harden: flags from an expansion are left to the user', () => {
  it('the socket mount of an array expansion is not removed, and the expansion stays whole', async () => {
    const r = await hardenText({ path: 'run.sh', text: ARR }, { only: ['BW-0013'], unsafe: true });
    expect(r.output).toBe(ARR);
    expect(r.changes).toEqual([]);
    expect(r.notes).toEqual(['proxy: BW-0013: the mount /var/run/docker.sock comes from "${ARGS[@]}": change it where that variable is set']);
  });

  it('other fixes still apply to the run line, after the expansion is kept', async () => {
    const r = await hardenText({ path: 'run.sh', text: ARR }, { only: ['BW-0013', 'BW-0007'], unsafe: true });
    expect(r.output).toBe(ARR.replace('docker run -d', 'docker run --security-opt no-new-privileges:true -d'));
  });

  it('a read-only fix of a mount from a variable is not written into the expansion', async () => {
    const text = '#!/bin/sh\nVOL="-v /etc:/host-etc"\ndocker run $VOL --rm busybox:1.36 true\n';
    const r = await hardenText({ path: 'run.sh', text }, { only: ['BW-0011'], unsafe: true });
    expect(r.output).toBe(text);
  });
});
