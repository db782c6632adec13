/**
 * The `verivali` command line: campaigns, tasks, escalations and plans over the HTTP API; roster, users and the
 * local stack directly. `main(argv, io)` runs in-process and returns the exit code (the tests call it so).
 */
import { Command, CommanderError } from 'commander';
import { registerCampaignCommands } from './commands/campaign';
import { registerDataCommands } from './commands/data';
import { registerSubjectCommands } from './commands/subject';
import { registerDevCommands } from './commands/dev';
import { registerEscalationCommands } from './commands/escalations';
import { registerOfficerCommands } from './commands/officers';
import { registerPlanCommands } from './commands/plan';
import { registerTaskCommands } from './commands/tasks';
import { registerUserCommands } from './commands/users';
import { DEFAULT_API_URL } from './api-client';
import { CliError, type CliIo } from './io';

export function buildProgram(io: CliIo): Command {
  const program = new Command()
    .name('verivali')
    .description('Verivali IKN: verification campaigns over P3KE data')
    .option('--api-url <url>', `the HTTP API (default: VERIVALI_API_URL or ${DEFAULT_API_URL})`)
    .option('--token <token>', 'bearer token (default: VERIVALI_TOKEN)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  const ctx = { io, program };
  registerCampaignCommands(program, ctx);
  registerTaskCommands(program, ctx);
  registerEscalationCommands(program, ctx);
  registerPlanCommands(program, ctx);
  registerOfficerCommands(program, ctx);
  registerUserCommands(program, ctx);
  registerDataCommands(program, ctx);
  registerSubjectCommands(program, ctx);
  registerDevCommands(program, ctx);
  return program;
}

/** argv without node and script (`['campaign', 'list', '--json']`); returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode; // commander already wrote the message or the help
    if (err instanceof CliError) {
      io.stderr(`error: ${err.message}\n`);
      return 1;
    }
    io.stderr(`error: ${err instanceof Error ? err.message.replace(/\s*\n\s*/g, ' ') : String(err)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    isTTY: process.stdout.isTTY,
  }).then((code) => {
    process.exitCode = code;
  });
}
