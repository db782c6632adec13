/**
 * The ingest's checkpoint when pages are written in parallel: pages commit in any order, but the checkpoint may only
 * cover pages that are all committed, so it advances over the contiguous prefix of committed pages and no further.
 * A crash or a retry then resumes at the first page that might not be committed; the pages after it that were
 * committed already are rewritten by the idempotent upsert. Pure: no I/O, tested on its own.
 */

/** Where one page ends: the checkpoint once it and every page before it are committed. */
export interface PageEnd {
  /** The listing position right after the page's last record. */
  position: number;
  /** The P3KE cursor of the page after it (null at the end of the listing). */
  cursor: string | null;
  /** Pages of the listing committed through this one (1 for the first page). */
  pages: number;
}

export class CommittedPrefix {
  private readonly committed = new Map<number, PageEnd>();

  /** @param pagesDone pages already covered by the checkpoint this attempt resumed from */
  constructor(private pagesDone: number) {}

  /**
   * Records that a page (its `pages` number) is committed, and returns the page ends the checkpoint passes as a
   * result, in order: none while an earlier page is still being written, several when this page closed a gap.
   */
  commit(end: PageEnd): PageEnd[] {
    if (end.pages <= this.pagesDone || this.committed.has(end.pages)) {
      throw new Error(`page ${end.pages} of the listing was committed twice`);
    }
    this.committed.set(end.pages, end);
    const passed: PageEnd[] = [];
    for (let next = this.committed.get(this.pagesDone + 1); next; next = this.committed.get(this.pagesDone + 1)) {
      this.committed.delete(next.pages);
      this.pagesDone = next.pages;
      passed.push(next);
    }
    return passed;
  }
}
