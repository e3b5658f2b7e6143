/**
 * Many short integer lists in one `Int32Array`.
 *
 * @module
 */

/**
 * Integer lists by owner (a privilege's grants, a duty's privileges, ...), packed in one array.
 * Why: tens of thousands of small typed arrays cost the garbage collector far more than their
 * contents (each is three heap objects, copied at least once while the index is built). A list that
 * is replaced by a longer one moves to the end; the space it leaves is reclaimed by compaction
 * once it is half the array.
 *
 * @internal
 */
export class IntLists {
  /** The lists, back to back. Read a list as `data[start(owner) .. end(owner))`. */
  data: Int32Array;
  private starts: Int32Array;
  private lengths: Int32Array;
  private capacities: Int32Array;
  private used = 0;
  private waste = 0;

  /**
   * @param owners - owners to make room for
   * @param total - integers to make room for
   * @param compactAfter - abandoned space tolerated before compaction is considered (small in tests)
   */
  constructor(
    owners = 64,
    total = 1024,
    private readonly compactAfter = 4096,
  ) {
    this.data = new Int32Array(Math.max(16, total));
    this.starts = new Int32Array(Math.max(16, owners));
    this.lengths = new Int32Array(Math.max(16, owners));
    this.capacities = new Int32Array(Math.max(16, owners));
  }

  /** Where the list of `owner` starts in {@link data}. */
  start(owner: number): number {
    return owner < this.starts.length ? this.starts[owner]! : 0;
  }

  /** Length of the list of `owner` (0 for an owner never set). */
  length(owner: number): number {
    return owner < this.lengths.length ? this.lengths[owner]! : 0;
  }

  /** A copy of the list of `owner`. */
  get(owner: number): Int32Array {
    const start = this.start(owner);
    return this.data.slice(start, start + this.length(owner));
  }

  /** Replace the list of `owner` with `values[0..count)` (`values` must not be a view of {@link data}). */
  set(owner: number, values: ArrayLike<number>, count: number = values.length): void {
    this.ensureOwner(owner);
    if (count > this.capacities[owner]!) {
      this.waste += this.capacities[owner]!;
      this.lengths[owner] = 0;
      this.capacities[owner] = 0;
      if (this.waste > this.compactAfter && this.waste * 2 > this.used) this.compact();
      if (this.used + count > this.data.length) {
        const next = new Int32Array(Math.max(this.data.length * 2, this.used + count));
        next.set(this.data.subarray(0, this.used));
        this.data = next;
      }
      this.starts[owner] = this.used;
      this.capacities[owner] = count;
      this.used += count;
    }
    const start = this.starts[owner]!;
    for (let i = 0; i < count; i++) this.data[start + i] = values[i]!;
    this.lengths[owner] = count;
  }

  /** Empty the list of `owner` (its room stays for a later list). */
  clear(owner: number): void {
    if (owner < this.lengths.length) this.lengths[owner] = 0;
  }

  private ensureOwner(owner: number): void {
    if (owner < this.starts.length) return;
    const size = Math.max(owner + 1, this.starts.length * 2);
    const grow = (a: Int32Array): Int32Array => {
      const next = new Int32Array(size);
      next.set(a);
      return next;
    };
    this.starts = grow(this.starts);
    this.lengths = grow(this.lengths);
    this.capacities = grow(this.capacities);
  }

  // Pack every list again, each with exactly its length as room.
  private compact(): void {
    let total = 0;
    for (let o = 0; o < this.lengths.length; o++) total += this.lengths[o]!;
    const data = new Int32Array(Math.max(1024, total + (total >> 2)));
    let offset = 0;
    for (let o = 0; o < this.lengths.length; o++) {
      const length = this.lengths[o]!;
      data.set(this.data.subarray(this.starts[o]!, this.starts[o]! + length), offset);
      this.starts[o] = offset;
      this.capacities[o] = length;
      offset += length;
    }
    this.data = data;
    this.used = offset;
    this.waste = 0;
  }
}
