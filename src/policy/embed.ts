/**
 * Embedding a module in image metadata (R-PM3, paper §V.1: "The policy modules for an image will be stated in the
 * Docker file and placed in the image metadata at their build-time").
 *
 * A module travels as an image label: key `io.bulwark.selinux.module.<name>` (`<name>` the module's block name),
 * value the CIL text gzip-compressed and base64-encoded. Labels are inherited: an image built `FROM` a parent
 * keeps the parent's label keys, and adds its own under its own name, so the modules of an image and of all its
 * parents are all in its `Config.Labels` (./collect.ts).
 *
 * Source: Docker docs "Dockerfile reference: LABEL", "docker build --label", "Object labels" (reverse-DNS key
 * prefixes); RFC 1952 (gzip); RFC 4648 (base64).
 */
import { gunzipSync, gzipSync } from 'node:zlib';

/** The label key prefix; the module's block name follows. */
export const LABEL_PREFIX = 'io.bulwark.selinux.module.';

/** Largest decompressed module accepted when reading a label (bytes): a label is no place for a policy bomb. */
export const MAX_MODULE_BYTES = 1 << 20;

/** The label key of a module named `name`. */
export function labelKey(name: string): string {
  return LABEL_PREFIX + name;
}

/** Encodes CIL text as a label value: gzip (level 9, no file name, mtime 0), then base64. */
export function encodeModule(text: string): string {
  return gzipSync(Buffer.from(text, 'utf8'), { level: 9 }).toString('base64');
}

/**
 * Decodes a label value back to CIL text.
 * @throws Error with a one-line reason: not base64, not gzip, larger than {@link MAX_MODULE_BYTES}, not UTF-8
 */
export function decodeModule(value: string): string {
  const v = value.trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0) throw new Error('the label value is not base64');
  const gz = Buffer.from(v, 'base64');
  if (gz.length < 18 || gz[0] !== 0x1f || gz[1] !== 0x8b) throw new Error('the label value is not gzip data (base64 of a gzip stream expected)');
  let raw: Buffer;
  try {
    raw = gunzipSync(gz, { maxOutputLength: MAX_MODULE_BYTES });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || /too large|maxOutputLength/i.test((e as Error).message)) throw new Error(`the module is larger than ${MAX_MODULE_BYTES} bytes once decompressed`);
    throw new Error(`the label value does not decompress: ${(e as Error).message}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new Error('the module is not UTF-8 text');
  }
}

/** What `policy embed` prints. */
export interface Embedding {
  key: string;
  value: string;
  /** The Dockerfile instruction. */
  dockerfile: string;
  /** The `docker build` option (shell-quoted). */
  buildArg: string;
}

/** The Dockerfile LABEL and the `docker build --label` form for a module named `name`. */
export function embedding(name: string, text: string): Embedding {
  const key = labelKey(name);
  const value = encodeModule(text);
  return { key, value, dockerfile: `LABEL ${key}="${value}"`, buildArg: `--label '${key}=${value}'` };
}
