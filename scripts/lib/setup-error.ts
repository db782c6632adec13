/** A set-up failure with a message that says what is wrong and what to do; scripts print it and exit 1. */
export class SetupError extends Error {
  override name = 'SetupError';
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

export function explainAndExit(err: unknown): never {
  if (err instanceof SetupError) {
    console.error(`\n✖ ${err.message}\n  → ${err.hint}\n`);
  } else {
    console.error(err);
  }
  process.exit(1);
}
