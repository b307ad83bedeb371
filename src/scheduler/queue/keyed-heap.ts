// A binary heap of items with keys; removal and replacement are lazy (a stale entry is dropped when
// it surfaces), so every operation is O(log n).
export class KeyedHeap<T> {
  private heap: { key: string; item: T }[] = [];
  private readonly live = new Map<string, T>();

  constructor(private readonly less: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.live.size;
  }

  has(key: string): boolean {
    return this.live.has(key);
  }

  get(key: string): T | undefined {
    return this.live.get(key);
  }

  keys(): string[] {
    return [...this.live.keys()];
  }

  values(): T[] {
    return [...this.live.values()];
  }

  /** Adds or replaces the item under `key`. */
  push(key: string, item: T): void {
    this.live.set(key, item);
    this.heap.push({ key, item });
    this.up(this.heap.length - 1);
  }

  delete(key: string): T | undefined {
    const item = this.live.get(key);
    this.live.delete(key);
    if (this.heap.length > 4 * this.live.size + 64) this.rebuild();
    return item;
  }

  peek(): T | undefined {
    this.dropStale();
    return this.heap[0]?.item;
  }

  pop(): T | undefined {
    this.dropStale();
    const top = this.heap[0];
    if (top === undefined) return undefined;
    this.removeTop();
    this.live.delete(top.key);
    return top.item;
  }

  private dropStale(): void {
    while (this.heap.length > 0 && this.live.get(this.heap[0].key) !== this.heap[0].item) this.removeTop();
  }

  private removeTop(): void {
    const last = this.heap.pop()!;
    if (this.heap.length === 0) return;
    this.heap[0] = last;
    this.down(0);
  }

  private rebuild(): void {
    this.heap = [...this.live].map(([key, item]) => ({ key, item }));
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  private up(index: number): void {
    const heap = this.heap;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.less(heap[index].item, heap[parent].item)) return;
      [heap[index], heap[parent]] = [heap[parent], heap[index]];
      index = parent;
    }
  }

  private down(index: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && this.less(heap[left].item, heap[smallest].item)) smallest = left;
      if (right < heap.length && this.less(heap[right].item, heap[smallest].item)) smallest = right;
      if (smallest === index) return;
      [heap[index], heap[smallest]] = [heap[smallest], heap[index]];
      index = smallest;
    }
  }
}
