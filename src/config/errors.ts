// A configuration problem a user must fix. The CLI prints the message (never a stack) and exits 2.

export const CONFIG_ERROR_EXIT_CODE = 2;

export class ConfigError extends Error {
  readonly exitCode = CONFIG_ERROR_EXIT_CODE;
  constructor(
    /** One line per problem, each naming where it was (file:line:col, env var or flag) and the key. */
    readonly problems: string[],
  ) {
    super(problems.length === 1 ? `invalid configuration: ${problems[0]}` : `invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export const isConfigError = (error: unknown): error is ConfigError => error instanceof ConfigError;
