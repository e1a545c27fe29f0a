/**
 * Kubernetes resource quantities (`resource.Quantity`, k8s.io/apimachinery `pkg/api/resource`): a signed
 * decimal number with an optional suffix — binary SI `Ki Mi Gi Ti Pi Ei` (powers of 1024), decimal SI
 * `n u m "" k M G T P E` (powers of 1000), or a decimal exponent `e3` / `E3`. Used for container
 * `resources.limits` (memory and ephemeral-storage in bytes, cpu in cores).
 */

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/**
 * Parses a quantity (`180Mi`, `1G`, `500m`, `0.5`, `129e6`, a YAML number) to its value in base units
 * (bytes for memory, cores for cpu). Returns `undefined` when the text is not a quantity.
 */
export function parseQuantity(v: string | number): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  const m = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)\s*$/.exec(v);
  if (!m) return undefined;
  const n = parseFloat(m[1]);
  if (m[2]) return n * 10 ** parseInt(m[2].slice(1), 10);
  const s = m[3] ?? '';
  return n * (BINARY[s] ?? DECIMAL[s]);
}

/** A memory or storage quantity in whole bytes, rounded up as `Quantity.Value()` does (`1.5Ki` → 1536). */
export function quantityBytes(v: string | number): number | undefined {
  const q = parseQuantity(v);
  return q === undefined ? undefined : Math.ceil(q - 1e-9);
}

/** A cpu quantity in nanoCPUs (Engine API `NanoCpus`, 1e9 = one CPU): `500m` → 500000000, `2` → 2000000000. */
export function quantityNanoCpus(v: string | number): number | undefined {
  const q = parseQuantity(v);
  return q === undefined ? undefined : Math.round(q * 1e9);
}
