/**
 * `bulwark policy`: registration of the command and its subcommands (options and help). The implementation
 * (src/policy/cli.ts) is loaded only when a policy command runs. Issue 6; R-PM1 … R-PM4; paper §V.1.
 */
import type { Command } from 'commander';

const many = (v: string, prev: string[] = []) => [...prev, v];

/** Adds the `policy` command to `program`; `setCode` receives the exit code (0 / 1 / 2). */
export function register(program: Command, setCode: (code: number) => void): void {
  const policy = program
    .command('policy')
    .description('SELinux policy modules shipped with images (paper §V.1): generate, check, embed, collect, plan. Enforcement needs an SELinux host with container-selinux; bulwark compiles and validates only');
  const engine = (c: Command) =>
    c
      .option('-H, --host <host>', 'engine address (default: DOCKER_HOST, the current docker context)')
      .option('--tlscacert <file>', 'CA certificate for a TLS engine')
      .option('--tlscert <file>', 'client certificate for a TLS engine')
      .option('--tlskey <file>', 'client key for a TLS engine');

  engine(
    policy
      .command('generate')
      .description('generate a CIL module for a container from its configuration (mounts, ports, capabilities, devices)')
      .option('--compose <file>', 'a Compose file (with --service)')
      .option('--service <name>', 'the Compose service')
      .option('--run <line>', 'a docker run command line')
      .option('--inspect <file>', 'docker inspect output')
      .option('--target <name>', 'the container of --inspect output holding several')
      .option('--container <name>', 'a container of a running engine')
      .option('--module <name>', "the module's name (default: from the container's name)")
      .option('--binary <path=type>', 'a labelled binary running in a domain of its own, e.g. /usr/sbin/nginx=nginx_t; repeatable', many)
      .option('--image-root <prefix>', 'where image layers live on the host, for filecon (default /var/lib/docker/overlay2/)')
      .option('-o, --output <file>', 'write the module here (atomically) instead of stdout'),
  ).action(async (flags: Record<string, unknown>) => {
    const { runGenerate } = await import('../policy/cli.js');
    setCode(await runGenerate(flags as never));
  });

  policy
    .command('check')
    .description('validate modules (R-PM2): own namespace, domains bounded by container_t, no roles/users/booleans/system labels; then compile with secilc against the base policy. Exit 0 valid, 1 invalid, 2 unusable input')
    .argument('<modules...>', 'CIL module files')
    .option('--image-root <prefix>', 'path prefix under which file contexts may label; repeatable (default /var/lib/docker/overlay2/ and /var/lib/containers/storage/overlay/)', many)
    .action(async (files: string[], flags: Record<string, unknown>) => {
      const { runCheck } = await import('../policy/cli.js');
      setCode(await runCheck(files, flags as never));
    });

  policy
    .command('embed')
    .description('print the Dockerfile LABEL and the docker build --label form carrying a (valid) module')
    .argument('<module>', 'CIL module file')
    .option('--image-root <prefix>', 'as for check; repeatable', many)
    .action(async (file: string, flags: Record<string, unknown>) => {
      const { runEmbed } = await import('../policy/cli.js');
      setCode(await runEmbed(file, flags as never));
    });

  engine(
    policy
      .command('collect')
      .description("gather and validate the modules of an image and its parent images (fail closed); from the engine or a docker save archive")
      .argument('[image]', 'image name or id (with --archive: a tag in the archive)')
      .option('--archive <file>', 'a docker save archive (tar or tar.gz) instead of the engine')
      .option('--output-dir <dir>', 'write each module as bulwark_<name>.cil here (the name semodule installs it under; only when all are valid)'),
  ).action(async (image: string | undefined, flags: Record<string, unknown>) => {
    const { runCollect } = await import('../policy/cli.js');
    setCode(await runCollect(image, flags as never));
  });

  engine(
    policy
      .command('plan')
      .description('print the semodule -i commands (parents first) and the run options (--security-opt label=type:…, Compose security_opt)')
      .argument('[image]', 'image name or id (with --archive: a tag in the archive)')
      .option('--archive <file>', 'a docker save archive instead of the engine')
      .option('--module <file>', 'plan for module files instead of an image, parents first; repeatable', many)
      .option('--module-dir <dir>', 'where collect --output-dir wrote the modules (default selinux-modules)')
      .option('--domain <type>', 'the type to run in (default: <module of the image>.process)')
      .option('--service <name>', 'the Compose service name in the security_opt snippet')
      .option('--image-root <prefix>', 'as for check; repeatable', many),
  ).action(async (image: string | undefined, flags: Record<string, unknown>) => {
    const { runPlan } = await import('../policy/cli.js');
    setCode(await runPlan(image, flags as never));
  });
}
