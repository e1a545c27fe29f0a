/**
 * `bulwark harden`: registration of the command (options and help). The implementation is loaded only when
 * the command runs.
 */
import type { Command } from 'commander';
import { UsageError } from './common.js';

/** Adds the `harden` command to `program`; `setCode` receives the exit code (0 / 1 / 2). */
export function register(program: Command, setCode: (code: number) => void): void {
  program
    .command('harden')
    .description('(being built)')
    .action(() => {
      setCode(2);
      throw new UsageError('harden is not available in this build');
    });
}
