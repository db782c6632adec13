/**
 * `npm run purge [-- --dry-run] [-- --retention-days N]`: the retention purge, as `verivali data purge` runs it
 * (client/cli/commands/data.ts): one implementation, two ways in, so cron needs no CLI install.
 */
import { main } from '../client/cli/main';

void main(['data', 'purge', ...process.argv.slice(2)], {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  isTTY: process.stdout.isTTY,
}).then((code) => {
  process.exitCode = code;
});
