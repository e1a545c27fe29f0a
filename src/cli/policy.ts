/**
 * `bulwark policy`: registration of the command (options and help). The implementation is loaded only when
 * the command runs.
 */
import type { Command } from 'commander';
import { UsageError } from './common.js';

/** Adds the `policy` command to `program`; `setCode` receives the exit code (0 / 1 / 2). */
export function register(program: Command, setCode: (code: number) => void): void {
  program
    .command('policy')
    .description('(being built)')
    .action(() => {
      setCode(2);
      throw new UsageError('policy is not available in this build');
    });
}
