/**
 * `verivali users …`: API users, as scripts/create-user.ts makes them (same functions from client/api/auth/users).
 * The token goes to stdout alone, once; the words around it go to stderr, so it can be piped into a secret store.
 */
import { type Command, Option } from 'commander';
import { API_ROLES, type ApiRole } from '../../../db/entities/api-user.entity';
import { createApiUser, rotateApiToken, UserSetupError } from '../../api/auth/users';
import { withOrm } from '../database';
import { CliError } from '../io';
import { type CliContext } from '../context';

const list = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

async function asCliError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof UserSetupError) throw new CliError(err.message);
    throw err;
  }
}

export function registerUserCommands(program: Command, ctx: CliContext): void {
  const users = program.command('users').description('API users and their tokens (admin; writes PostgreSQL via DATABASE_URL)');
  const by = ctx.io.env.USER ?? 'admin-cli';

  users
    .command('create')
    .description('create a user and print its token once')
    .requiredOption('--id <id>', "user id; an officer's id is their officer id in the roster")
    .requiredOption('--name <name>', 'display name')
    .addOption(new Option('--role <role>', 'role').choices([...API_ROLES]).makeOptionMandatory())
    .option('--kecamatan <codes>', 'kecamatan codes in scope, comma-separated (repeatable)', list)
    .option('--desa <codes>', 'desa codes in scope, comma-separated (repeatable)', list)
    .option('--all-areas', 'the whole area (program managers; admins always)', false)
    .action(async (o: { id: string; name: string; role: ApiRole; kecamatan?: string[]; desa?: string[]; allAreas: boolean }) => {
      const { user, token } = await asCliError(() =>
        withOrm(ctx.io, (orm) => createApiUser(orm, { id: o.id, name: o.name, role: o.role, allAreas: o.allAreas, kecamatanCodes: o.kecamatan ?? [], desaCodes: o.desa ?? [] }, by)),
      );
      const area = user.scope.allAreas ? 'the whole area' : [...user.scope.kecamatanCodes, ...user.scope.desaCodes].join(', ') || 'own packages';
      ctx.io.stderr(`Created ${user.role} ${user.id} (${area}). Token (shown once, store it now):\n`);
      ctx.io.stdout(`${token}\n`);
    });

  users
    .command('token <id>')
    .description('give a user a new token (printed once; the old one stops working)')
    .action(async (id: string) => {
      const token = await asCliError(() => withOrm(ctx.io, (orm) => rotateApiToken(orm, id, by)));
      ctx.io.stderr(`New token for ${id} (shown once; the previous token no longer works):\n`);
      ctx.io.stdout(`${token}\n`);
    });
}
