/** Errors the CLI must recognise without loading the audit engine. */

/** Raised for an unreadable or invalid config file; `message` is one line with file:line. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Inputs larger than this are refused with an input error (bytes, 10 MiB); `--max-file-size` changes it. */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;
