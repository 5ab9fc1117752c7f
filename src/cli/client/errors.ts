// What a client command says when it stops: one line, `runledger: <message>`, and an exit status.

/** A failure the user can act on: the server refused, was unreachable, or a file was unusable. Exit status 1. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The command line itself is wrong (a missing option, a bad value). Exit status 2, as for commander's own. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'UsageError';
  }
}
