#!/usr/bin/env node
// `npx verivali`: runs client/cli/main.ts through ts-node (transpile only), so no build step is needed.
const { join } = require('node:path');
require('ts-node').register({ transpileOnly: true, project: join(__dirname, '..', '..', 'tsconfig.json') });
const { main } = require('./main.ts');

main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  isTTY: process.stdout.isTTY,
}).then((code) => {
  process.exitCode = code;
});
