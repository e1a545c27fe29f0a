/**
 * BW-0109's fix for aptitude (QA r05): aptitude(8) has its own flag, `--without-recommends` (`-R`), and refuses
 * apt-get's `--no-install-recommends` ("unrecognized option"), so the fix adds aptitude's flag, in the shell and the
 * exec form, and a hardened file has no finding left.
 */
import { describe, expect, it } from 'vitest';
import { hardenText } from './index.js';

describe('BW-0109 fix for aptitude', () => {
  it('adds --without-recommends once, in the shell form and the exec form; apt-get keeps its own flag', async () => {
    const text = 'FROM debian:12\nRUN apt-get update && aptitude install -y vim && rm -rf /var/lib/apt/lists/*\nRUN ["aptitude", "install", "-y", "curl"]\nRUN apt-get install -y git\nUSER 1000\n';
    const r = await hardenText({ path: 'Dockerfile', text }, { only: ['BW-0109'], unsafe: true });
    expect(r.output).toBe(
      'FROM debian:12\nRUN apt-get update && aptitude install --without-recommends -y vim && rm -rf /var/lib/apt/lists/*\nRUN ["aptitude", "install", "--without-recommends", "-y", "curl"]\nRUN apt-get install --no-install-recommends -y git\nUSER 1000\n',
    );
    expect(r.notes).toEqual([]);
  });
});
