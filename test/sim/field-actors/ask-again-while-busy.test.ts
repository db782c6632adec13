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
});
