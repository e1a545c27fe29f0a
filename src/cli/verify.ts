/**
 * `bulwark verify`: registration of the command (options and help). The implementation
 * (src/verify/cli.ts) is loaded only when the command runs.
 *
 * Exit codes: 0 the image verified (and the signature, when asked); 1 a digest / size / diff_id / chain
 * problem, a refused unpack, a failed or missing required signature, or findings at or above `--fail-on`;
 * 2 usage or unusable input (not an archive, truncated, empty). Issue 7, paper §IV.4, R-P.
 */
import { Option, type Command } from 'commander';

/** Adds the `verify` command to `program`; `setCode` receives the exit code (0 / 1 / 2). */
export function register(program: Command, setCode: (code: number) => void): void {
  program
    .command('verify')
    .description('verify an image archive before loading it: every blob digest and size, layer diff_ids, the index → manifest → config → layers chain, optional signature; scan layers; --unpack safely')
    .argument('<input>', 'docker save archive, oci-archive tar (optionally gzip/zstd compressed), OCI image layout directory, or - for stdin')
    .option('--platform <os/arch[/variant]>', 'verify only this platform of a multi-platform index')
    .option('--unpack <dir>', 'after the whole image verified, write its root filesystem to DIR (through a temporary directory beside it)')
    .option('--keep-setuid', 'keep setuid/setgid bits when unpacking (default: stripped)')
    .option('--allow-devices', 'allow device nodes and fifos (default: refused)')
    .option('--max-size <bytes>', 'largest uncompressed size of a layer and of the image (suffixes K, M, G; default 8G)')
    .option('--max-ratio <n>', 'largest expansion ratio of a layer, and of a compressed archive, past 64 MiB (default 1000)')
    .option('--max-entries <n>', 'largest number of tar entries in all layers together; bounds memory (default 1000000)')
    .option('--key <cosign.pub>', 'public key (PEM) that must have signed: a cosign signature (--signature, --payload), a key-signed --bundle, or a keyless --bundle (its certificate\'s key)')
    .option('--signature <file>', 'cosign signature (base64) of the simple-signing payload')
    .option('--payload <file>', 'cosign simple-signing payload (JSON) naming the manifest digest')
    .option('--bundle <file>', 'Sigstore bundle to check offline with @sigstore/verify (needs --trusted-root; a keyless bundle needs --certificate-identity[-regexp] and --certificate-oidc-issuer[-regexp], or --key)')
    .option('--trusted-root <file>', 'Sigstore trusted root (trusted_root.json) for --bundle')
    .option('--certificate-identity <id>', 'keyless --bundle: the signer the certificate must name, exactly (an e-mail address, or a URI such as https://github.com/ORG/REPO/.github/workflows/release.yml@refs/heads/main)')
    .option('--certificate-identity-regexp <re>', 'keyless --bundle: a regular expression the certificate\'s signer must match (anywhere, as cosign; anchor with ^…$)')
    .option('--certificate-oidc-issuer <url>', 'keyless --bundle: the OIDC issuer the certificate must name, exactly (e.g. https://token.actions.githubusercontent.com)')
    .option('--certificate-oidc-issuer-regexp <re>', 'keyless --bundle: a regular expression the certificate\'s OIDC issuer must match')
    .option('--require-signature', 'fail unless a signature over the manifest digest verifies')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json', 'sarif', 'html']).default('text'))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'also exit 1 when a finding is at or above this severity').choices(['critical', 'high', 'medium', 'low', 'info']))
    .option('--no-color', 'no colour (also NO_COLOR=1)')
    .action(async (input: string, flags: import('../verify/cli.js').VerifyFlags) => {
      setCode(await (await import('../verify/cli.js')).runVerify(input, flags));
    });
}
