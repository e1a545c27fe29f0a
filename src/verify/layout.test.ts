/**
 * The structure check's problems (layout.ts `resolveImages`): one per message, the first kept, in the order found,
 * however many the archive gives (the de-duplication is a set of messages, not a search of the list per problem).
 */
import { describe, expect, it } from 'vitest';
import { resolveImages } from './layout.js';
import type { BlobInfo, Listing, Problem } from './types.js';

const DIGEST = `sha256:${'0'.repeat(64)}`;

describe('resolveImages: problems', () => {
  it('many problems, each message once, in the order first found', () => {
    const duplicates = new Map<string, number>();
    for (let i = 0; i < 3000; i++) duplicates.set(`dup/${i}`, 2 + (i % 3));
    // A docker save manifest.json of 6000 images whose 2000 configs are in the archive but not JSON: each config is
    // named by three images, so each of its problems is found three times.
    const manifest = Array.from({ length: 6000 }, (_, i) => ({ Config: `cfg/${i % 2000}.json`, RepoTags: [`bw/x:${i}`], Layers: [] }));
    const json = Buffer.from(JSON.stringify(manifest));
    const blobs = new Map<string, BlobInfo>([['manifest.json', { path: 'manifest.json', digest: DIGEST, size: json.length, kind: 'json', json, index: 0 }]]);
    for (let i = 0; i < 2000; i++) blobs.set(`cfg/${i}.json`, { path: `cfg/${i}.json`, digest: DIGEST, size: 3, kind: 'other', index: i + 1 });
    const listing: Listing = { blobs, links: new Map(), duplicates, entries: 2001, bytes: 0 };
    const want: Problem[] = [
      ...[...duplicates].map(([path, n]) => ({ code: 'duplicate-entry' as const, path, message: `${path}: ${n} entries with this name: the archive is ambiguous (which one a loader uses is not defined)` })),
      ...Array.from({ length: 2000 }, (_, i) => ({ code: 'bad-json' as const, path: `cfg/${i}.json`, message: `cfg/${i}.json: config is not JSON` })),
    ];
    const r = resolveImages(listing, { maxSize: 1 << 30 });
    expect(r.problems.length).toBe(5000);
    expect(r.problems).toEqual(want);
  });
});
