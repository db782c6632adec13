/**
 * Messages of the bench-only baseline workflows. They live here, outside workflows/, so the production bundle
 * never carries them: only the bench worker (bench/lib/stack.ts) registers them, on a task queue of its own.
 */
import { defineUpdate } from '@temporalio/workflow';

/** Does nothing but be accepted and completed: the floor an Update costs on this server. */
export const benchNoopUpdate = defineUpdate<number, [number]>('benchNoop');
/** Runs one no-op activity inside the handler, as submitFieldResult runs recordFieldResult. */
export const benchActivityUpdate = defineUpdate<number, [number]>('benchActivity');
/** Runs one no-op local activity inside the handler, as submitFieldResult runs recordFieldResult since its patch. */
export const benchLocalActivityUpdate = defineUpdate<number, [number]>('benchLocalActivity');
export const benchFinishUpdate = defineUpdate<void>('benchFinish');

export interface BaselineUnitInput {
  /** No-op activities run before the updates are awaited (the set-based and projection activities of a real run). */
  activities: number;
  /** Updates the unit waits for; each runs one no-op activity. */
  updates: number;
}
