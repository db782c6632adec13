import { ApplicationFailure } from '@temporalio/common';
import { afterProgress } from '../../activities/ingest/ingest-activities';

describe('ingest retry after progress', () => {
  it('when an attempt committed pages before a transient failure, then the next attempt is asked for a second later', () => {
    const failure = afterProgress(new Error('socket hang up'), 3) as ApplicationFailure;

    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.nextRetryDelay).toBe('1s');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toBe('socket hang up (after 3 committed pages)');
  });

  it('when an attempt made no progress, then the failure keeps the workflow policy growing backoff', () => {
    const err = new Error('socket hang up');

    expect(afterProgress(err, 0)).toBe(err);
  });

  it('when the failure already says when (Retry-After) or never (permanent), then it is left as it is', () => {
    const rateLimited = ApplicationFailure.create({ message: 'rate-limited', type: 'P3keRateLimited', nextRetryDelay: 4000 });
    const permanent = ApplicationFailure.nonRetryable('refused', 'VerivaliP3kePermanent');

    expect(afterProgress(rateLimited, 5)).toBe(rateLimited);
    expect(afterProgress(permanent, 5)).toBe(permanent);
  });
});
