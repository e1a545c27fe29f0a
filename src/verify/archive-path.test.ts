import { describe, expect, it } from 'vitest';
import { archivePath } from './reader.js';

// Outer archive names as docker load sees them: Go's filepath.Clean, relative (qa-b 1; paper §IV.4, R-P).
describe('archivePath', () => {
  it.each([
    ['manifest.json', 'manifest.json'],
    ['./manifest.json', 'manifest.json'],
    ['/manifest.json', 'manifest.json'],
    ['x/../manifest.json', 'manifest.json'],
    ['blobs/../manifest.json', 'manifest.json'],
    ['blobs/sha256/./ab//cd/', 'blobs/sha256/ab/cd'],
    ['a/b/../../c', 'c'],
    ['../manifest.json', '../manifest.json'],
    ['a/../../x', '../x'],
  ])('%s → %s', (name, path) => {
    expect(archivePath(name)).toBe(path);
  });
});
