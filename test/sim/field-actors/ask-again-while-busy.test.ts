/** The simulated people ask a query again when the worker was too busy to answer, and only then. */
import { ServiceError } from '@temporalio/client';
import { askAgainWhileBusy } from '../../../sim/field-actors/actions';

const timedOut = () => new ServiceError('Failed to query Workflow', { cause: Object.assign(new Error('4 DEADLINE_EXCEEDED: query timed out before a worker could process it'), { code: 4 }) });

describe('askAgainWhileBusy', () => {
  it('when the query times out twice, then the third answer is returned', async () => {
    let calls = 0;
    const answer = await askAgainWhileBusy(async () => {
      calls++;
      if (calls < 3) throw timedOut();
      return 'approval';
    });
    expect([answer, calls]).toEqual(['approval', 3]);
  });

  it('when the workflow task is being retried (FAILED_PRECONDITION, task in failed state), then it asks again', async () => {
    let calls = 0;
    const retrying = new ServiceError('Failed to query Workflow', {
      cause: Object.assign(new Error('9 FAILED_PRECONDITION: Unable to query workflow due to Workflow Task in failed state.'), { code: 9 }),
    });
    const answer = await askAgainWhileBusy(async () => {
      calls++;
      if (calls < 2) throw retrying;
      return 'field';
    });
    expect([answer, calls]).toEqual(['field', 2]);
  });

  it('when the query fails for another reason, then the error is the caller’s at once', async () => {
    let calls = 0;
    const notFound = new ServiceError('Failed to query Workflow', { cause: Object.assign(new Error('5 NOT_FOUND'), { code: 5 }) });
    await expect(
      askAgainWhileBusy(async () => {
        calls++;
        throw notFound;
      }),
    ).rejects.toBe(notFound);
    expect(calls).toBe(1);
  });

  it('when a FAILED_PRECONDITION says something else, then the error is the caller’s at once', async () => {
    let calls = 0;
    const other = new ServiceError('Failed to query Workflow', { cause: Object.assign(new Error('9 FAILED_PRECONDITION: workflow closed'), { code: 9 }) });
    await expect(
      askAgainWhileBusy(async () => {
        calls++;
        throw other;
      }),
    ).rejects.toBe(other);
    expect(calls).toBe(1);
  });
});
