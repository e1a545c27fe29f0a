/**
 * Test support for the image rules (src/rules/image-*.test.ts): builds {@link ImageFacts} from layer entries
 * and a config in memory, through the same {@link analyzeImage} `bulwark verify` uses. Not exported from
 * the package.
 */
import { analyzeImage, type ImageFacts, type ImageReportDescriptor } from './facts.js';
import type { ImageCheck } from './facts.js';
import type { ImageConfigJson, LayerEntry, Listing, SecretHit } from './types.js';

/** A layer for {@link imageFacts}: entries (defaults: file, mode 0644, size 1) and secret hits. */
export interface FixtureLayer {
  entries: (Partial<LayerEntry> & { name: string })[];
  secrets?: SecretHit[];
}

/** Facts of an image named `bw/fixture:1` in `img.tar` with these layers (digests `sha256:000…1`, `…2`, …). */
export function imageFacts(layers: FixtureLayer[], config: ImageConfigJson['config'] = {}, opts: { allowDevices?: boolean } = {}): ImageFacts {
  const digest = (i: number) => `sha256:${String(i + 1).padStart(64, '0')}`;
  const listing: Listing = { blobs: new Map(), links: new Map(), duplicates: new Map(), entries: 0, bytes: 0 };
  layers.forEach((l, i) => {
    listing.blobs.set(`blobs/sha256/${digest(i).slice(7)}`, {
      path: `blobs/sha256/${digest(i).slice(7)}`,
      digest: digest(i),
      size: 1,
      kind: 'tar',
      index: i,
      diffId: digest(i),
      scan: { entries: l.entries.map((e) => ({ type: 'file', mode: 0o644, size: 1, uid: 0, gid: 0, ...e })), secrets: l.secrets ?? [] },
    });
  });
  return analyzeImage(
    'img.tar',
    {
      names: ['bw/fixture:1'],
      configDigest: `sha256:${'c'.repeat(64)}`,
      config: { os: 'linux', architecture: 'amd64', config, rootfs: { type: 'layers', diff_ids: layers.map((_, i) => digest(i)) } },
      layers: layers.map((_, i) => ({ path: `blobs/sha256/${digest(i).slice(7)}`, digest: digest(i), diffId: digest(i), size: 1, compression: 'none' })),
    },
    listing,
    opts,
  );
}

/** Runs one image rule's check and returns what it reported. */
export function runCheck(check: ImageCheck, f: ImageFacts): ImageReportDescriptor[] {
  const out: ImageReportDescriptor[] = [];
  check(f, (d) => out.push(d));
  return out;
}
