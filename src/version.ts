/** bulwark's version, from package.json at build time (`0.0.0-dev` when running from the TypeScript sources). */
export const VERSION: string = typeof __BULWARK_VERSION__ !== 'undefined' ? __BULWARK_VERSION__ : '0.0.0-dev';
declare const __BULWARK_VERSION__: string | undefined;
