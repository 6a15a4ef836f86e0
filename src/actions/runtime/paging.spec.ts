import { collectSizedPages, Paged, pageSizeFor } from './paging';

/** A list of `total` numbers served by offset, recording the page size of every request. */
function offsetList(total: number) {
  const asked: number[] = [];
  const fetchPage = (
    cursor: { offset: number },
    size: number,
  ): Promise<Paged<number, { offset: number }>> => {
    asked.push(size);
    const items = Array.from(
      { length: Math.max(0, Math.min(size, total - cursor.offset)) },
      (_, i) => cursor.offset + i,
    );
    const reached = cursor.offset + items.length;
    return Promise.resolve({ items, next: reached < total ? { offset: reached } : null });
  };
  return { asked, fetchPage };
}

describe('pageSizeFor', () => {
  it("asks for the caller's size on one page, never beyond the largest", () => {
    expect(pageSizeFor({ fetchAll: false, pageSize: 10, largestPage: 100 })).toBe(10);
    expect(pageSizeFor({ fetchAll: false, pageSize: 500, largestPage: 100 })).toBe(100);
  });

  it('asks for the largest page with fetchAll, whatever the caller asked', () => {
    expect(pageSizeFor({ fetchAll: true, pageSize: 10, largestPage: 100 })).toBe(100);
    expect(pageSizeFor({ fetchAll: true, pageSize: 1, largestPage: 5000 })).toBe(5000);
  });
});

describe('collectSizedPages', () => {
  it.each([1, 10, 100])(
    'with fetchAll and a page size of %i, gets 605 items in ceil(605 / 100) = 7 requests of 100',
    async (pageSize) => {
      const list = offsetList(605);
      const all = await collectSizedPages(
        { offset: 0 },
        { fetchAll: true, pageSize, largestPage: 100 },
        list.fetchPage,
      );
      expect(all.items).toEqual(Array.from({ length: 605 }, (_, i) => i));
      expect(all.next).toBeNull();
      expect(list.asked).toEqual(Array(7).fill(100));
    },
  );

  it("without fetchAll, gets one page of the caller's size and where the next starts", async () => {
    const list = offsetList(605);
    const page = await collectSizedPages(
      { offset: 20 },
      { fetchAll: false, pageSize: 10, largestPage: 100 },
      list.fetchPage,
    );
    expect(page).toEqual({
      items: Array.from({ length: 10 }, (_, i) => 20 + i),
      next: { offset: 30 },
    });
    expect(list.asked).toEqual([10]);
  });
});
