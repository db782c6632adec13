/** Pure pieces of the CLI: the watch progress bar and the default submission id. */
import { progressBar } from '../../client/cli/commands/campaign';
import { submissionIdFor } from '../../client/cli/commands/tasks';

describe('campaign progress bar', () => {
  it('when a campaign runs, then the bar fills with its phase, and a finished one is full', () => {
    expect(progressBar('registered', 'running')).toBe(`[${'.'.repeat(20)}] 0%`);
    expect(progressBar('field', 'running')).toMatch(/^\[#{9}\.{11}\] 44%$/);
    expect(progressBar('completed', 'completed')).toBe(`[${'#'.repeat(20)}] 100%`);
  });
});

describe('default submission id', () => {
  it('when the same file is submitted twice, then the id is the same, and another file gets another id', () => {
    expect(submissionIdFor('{"a":1}')).toBe(submissionIdFor('{"a":1}'));
    expect(submissionIdFor('{"a":1}')).not.toBe(submissionIdFor('{"a":2}'));
    expect(submissionIdFor('{"a":1}')).toMatch(/^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/);
  });
});
