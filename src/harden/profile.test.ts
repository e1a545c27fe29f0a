import { describe, expect, it } from 'vitest';
import { completeProfile, DEFAULT_PROFILE, parseProfile, ProfileError } from './profile.js';

describe('harden profile', () => {
  it('has documented defaults', () => {
    expect(DEFAULT_PROFILE).toEqual({ pidsLimit: 256, memory: '512m', cpus: '1.0', user: '65532:65532', keepCapabilities: [], tmpfs: ['/tmp', '/run'], pins: {}, network: 'bulwark' });
  });

  it('reads a YAML profile and fills the rest with defaults', () => {
    const d = 'sha256:' + 'b'.repeat(64);
    const p = parseProfile(`pidsLimit: 100\nmemory: 1g\nkeepCapabilities: [chown, CAP_SETUID]\npins:\n  "nginx:1.27": ${d}\n`, 'p.yaml');
    expect(p).toEqual({ pidsLimit: 100, memory: '1g', cpus: '1.0', user: '65532:65532', keepCapabilities: ['CHOWN', 'SETUID'], tmpfs: ['/tmp', '/run'], pins: { 'nginx:1.27': d }, network: 'bulwark' });
  });

  it('rejects bad values with the key and the value', () => {
    expect(() => completeProfile({ pidsLimit: 0 })).toThrow('profile: pidsLimit must be a positive whole number of processes, got 0');
    expect(() => completeProfile({ memory: 'lots' })).toThrow('profile: memory must be bytes with an optional k/m/g suffix, like 512m, got "lots"');
    expect(() => completeProfile({ user: 'root' })).toThrow('profile: user must be a non-root user');
    expect(() => completeProfile({ user: '0:0' })).toThrow(ProfileError);
    expect(() => completeProfile({ keepCapabilities: ['FLY'] })).toThrow('profile: keepCapabilities must list capabilities(7) names, got "FLY"');
    expect(() => completeProfile({ tmpfs: ['tmp'] })).toThrow('profile: tmpfs must list absolute paths, got "tmp"');
    expect(() => completeProfile({ colour: 'red' } as never)).toThrow('profile: unknown key colour');
    expect(() => completeProfile({ network: 'bridge' })).toThrow('profile: network must be the name of a user-defined network (letters, digits, _ . -; not bridge, default, host or none), like bulwark, got "bridge"');
    expect(() => completeProfile({ network: 'Host' })).toThrow(ProfileError);
    expect(() => completeProfile({ network: 'a b' })).toThrow('profile: network must be the name of a user-defined network');
    expect(() => completeProfile({ network: '-x' })).toThrow(ProfileError);
    expect(completeProfile({ network: 'shop_back.1' }).network).toBe('shop_back.1');
    expect(() => completeProfile({ pins: { 'nginx:1.27': 'sha256:abc' } })).toThrow('profile: pins: nginx:1.27: digest must be sha256:<64 hex digits>, got "sha256:abc"');
  });

  it('names the file and line of a YAML syntax error', () => {
    expect(() => parseProfile('pidsLimit: [1\n', 'p.yaml')).toThrow(/^p\.yaml:\d+: not valid YAML/);
    expect(() => parseProfile('- 1\n', 'p.yaml')).toThrow('p.yaml: a profile must be a mapping');
  });
});
