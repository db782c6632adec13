/** Runs the CLI in-process, as a user would from a shell, and collects what it writes. */
import { main } from '../../client/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    // No VERIVALI_TOKEN or VERIVALI_API_URL leaks in from the shell that runs the tests.
    env: { ...process.env, VERIVALI_TOKEN: undefined, VERIVALI_API_URL: undefined, ...env },
    sleep: () => Promise.resolve(),
  });
  return { code, stdout, stderr };
}
