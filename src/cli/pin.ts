/**
 * `bulwark pin`: registration of the command (options and help). The implementation is loaded only when
 * the command runs.
 */
import type { Command } from 'commander';
import { UsageError } from './common.js';

/** Adds the `pin` command to `program`; `setCode` receives the exit code (0 / 1 / 2). */
export function register(program: Command, setCode: (code: number) => void): void {
  program
    .command('pin')
    .description('(being built)')
    .action(() => {
      setCode(2);
      throw new UsageError('pin is not available in this build');
    });
}
