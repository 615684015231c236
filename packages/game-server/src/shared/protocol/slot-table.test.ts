import { describe, expect, it } from 'vitest';
import { SlotTable } from './slot-table.js';

const ids = (t: SlotTable<{ id: number }>) => t.items.map((e) => e?.id);

describe('SlotTable', () => {
  it('keeps an entity in the same slot for as long as it exists', () => {
    const table = new SlotTable<{ id: number }>();
    table.sync([{ id: 7 }, { id: 9 }]);
    table.sync([{ id: 9 }, { id: 7 }]);
    expect(ids(table)).toEqual([7, 9]);
  });

  it('frees the slot of an entity that is gone and reuses it only in a later round', () => {
    const table = new SlotTable<{ id: number }>();
    table.sync([{ id: 1 }, { id: 2 }]);
    table.sync([{ id: 2 }, { id: 3 }]);
    // Slot 0 was still taken by 1 while 3 arrived, so a client sees 1 leave and 3 arrive apart.
    expect(ids(table)).toEqual([undefined, 2, 3]);
    table.sync([{ id: 2 }, { id: 3 }, { id: 4 }]);
    expect(ids(table)).toEqual([4, 2, 3]);
  });
});
