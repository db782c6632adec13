/** What every command gets: the io, and the global options (`--api-url`, `--token`) read when the command runs. */
import { readFileSync } from 'node:fs';
import { type Command } from 'commander';
import { ApiClient, connectionFrom } from './api-client';
import { CliError, type CliIo } from './io';

export interface CliContext {
  io: CliIo;
  program: Command;
}

export const apiFor = (ctx: CliContext): ApiClient =>
  new ApiClient(connectionFrom(ctx.program.opts<{ apiUrl?: string; token?: string }>(), ctx.io));

export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export function readJsonFile(path: string): unknown {
  const text = readTextFile(path);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CliError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
}
