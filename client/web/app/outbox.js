// Field results that could not be sent yet ("menunggu dikirim"), kept in localStorage so they survive a reload or
// a dead battery, and sent again with the SAME submission id: the API applies a submission id once, so a result
// that did reach the server before the connection dropped is not recorded twice.
//
// The queue holds personal data on the device, so each entry belongs to the token that queued it (a hash, never the
// token) and only that user sees and sends it; a rejected entry stays, with the server's message, until the
// officer discards it.
import { ApiError, NetworkError } from '/web/api.js';

const KEY = 'verivali.outbox';

export async function ownerOf(token) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return [...new Uint8Array(digest).slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const load = () => {
  try {
    const items = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(items) ? items : [];
  } catch {
    return [];
  }
};
const save = (items) => localStorage.setItem(KEY, JSON.stringify(items));

/** `onSent(entry, receipt)` after a queued result reached the server; `onChange()` after any change. */
export function createOutbox({ api, owner, onSent, onChange }) {
  let flushing = null;

  const mine = () => load().filter((e) => e.owner === owner());
  const update = (submissionId, change) => {
    save(load().map((e) => (e.submissionId === submissionId ? { ...e, ...change } : e)));
    onChange();
  };
  const remove = (submissionId) => {
    save(load().filter((e) => e.submissionId !== submissionId));
    onChange();
  };

  /** One pass over this user's waiting entries, oldest first; stops at the first network failure. */
  async function sendWaiting() {
    for (const entry of mine().filter((e) => e.state === 'waiting')) {
      try {
        const answer = await api.post(`${entry.packagePath}/results`, { submissionId: entry.submissionId, result: entry.result });
        remove(entry.submissionId);
        onSent(entry, answer.receipt);
      } catch (err) {
        if (err instanceof NetworkError || (err instanceof ApiError && err.status >= 500)) {
          update(entry.submissionId, { attempts: entry.attempts + 1 });
          return;
        }
        update(entry.submissionId, { state: 'rejected', error: err.message, attempts: entry.attempts + 1 });
      }
    }
  }

  return {
    list: mine,
    add(entry) {
      save([...load(), { ...entry, owner: owner(), state: 'waiting', attempts: 0, queuedAt: new Date().toISOString() }]);
      onChange();
    },
    discard: remove,
    /** Sends what waits; concurrent calls share one pass, so an entry is never sent twice at once. */
    flush() {
      if (!flushing) flushing = sendWaiting().finally(() => { flushing = null; });
      return flushing;
    },
  };
}
