/**
 * Admin command: creates an API user and prints its token ONCE (only its SHA-256 is stored), or gives an existing
 * user a new token with --rotate. The token goes to stdout alone, so it can be piped into a secret store.
 *
 *   npx ts-node --transpile-only scripts/create-user.ts --id pm-ani --name "Ani" --role program_manager --all-areas
 *   npx ts-node --transpile-only scripts/create-user.ts --id sup-640904 --name "Budi" --role supervisor --kecamatan 640904
 *   npx ts-node --transpile-only scripts/create-user.ts --id ver-6409041005-1 --name "Citra" --role officer
 *   npx ts-node --transpile-only scripts/create-user.ts --id pm-ani --rotate
 */
import { Command, Option } from 'commander';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadEnv } from '../config/env';
import { ormConfig } from '../db/mikro-orm.config';
import { API_ROLES } from '../db/entities/api-user.entity';
import { createApiUser, rotateApiToken, UserSetupError } from '../client/api/auth/users';

const list = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

async function main(): Promise<void> {
  const program = new Command()
    .name('create-user')
    .description('Create an API user (or rotate its token) and print the token once')
    .requiredOption('--id <id>', "user id; an officer's id is their officer id in the roster")
    .option('--name <name>', 'display name')
    .addOption(new Option('--role <role>', 'role').choices([...API_ROLES]))
    .option('--all-areas', 'the whole area (program managers; admins always)', false)
    .option('--kecamatan <codes>', 'kecamatan codes in scope, comma-separated (repeatable)', list)
    .option('--desa <codes>', 'desa codes in scope, comma-separated (repeatable)', list)
    .option('--by <admin>', 'who runs this command (recorded in the audit log)', process.env.USER ?? 'admin-cli')
    .option('--rotate', 'issue a new token for an existing user (the old one stops working)', false)
    .exitOverride()
    .parse(process.argv);
  const o = program.opts<{ id: string; name?: string; role?: string; allAreas: boolean; kecamatan?: string[]; desa?: string[]; by: string; rotate: boolean }>();

  const env = loadEnv();
  const orm = await MikroORM.init(ormConfig(env.DATABASE_URL));
  try {
    if (o.rotate) {
      const token = await rotateApiToken(orm, o.id, o.by);
      console.error(`New token for ${o.id} (shown once; the previous token no longer works):`);
      console.log(token);
      return;
    }
    if (!o.name || !o.role) throw new UserSetupError('--name and --role are required to create a user');
    const { user, token } = await createApiUser(
      orm,
      { id: o.id, name: o.name, role: o.role as (typeof API_ROLES)[number], allAreas: o.allAreas, kecamatanCodes: o.kecamatan ?? [], desaCodes: o.desa ?? [] },
      o.by,
    );
    const area = user.scope.allAreas ? 'the whole area' : [...user.scope.kecamatanCodes, ...user.scope.desaCodes].join(', ') || 'own packages';
    console.error(`Created ${user.role} ${user.id} (${area}). Token (shown once, store it now):`);
    console.log(token);
  } finally {
    await orm.close();
  }
}

main().catch((err: unknown) => {
  const code = (err as { code?: string }).code;
  if (code === 'commander.helpDisplayed' || code === 'commander.version') process.exit(0);
  console.error(err instanceof UserSetupError || code?.startsWith('commander.') ? (err as Error).message : err);
  process.exit(1);
});
