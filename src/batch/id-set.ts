/**
 * A set of strings that keeps only a 64-bit fingerprint of each (two 32-bit MurmurHash3
 * variants), about 12 bytes per member instead of the string itself, so that batches of
 * millions of ids fit in a few tens of megabytes. Two different ids share a fingerprint with
 * odds of about n² / 2^65: below one in thirty million for a million ids.
 */

function murmur(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    let k = text.charCodeAt(i);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= text.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class IdSet {
  /** Pairs of (high, low) fingerprint words; (0, 0) marks an empty slot. */
  #slots = new Uint32Array(2 * 1024);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  has(id: string): boolean {
    return this.#find(id)[0];
  }

  /** Adds `id`; returns false when it was already there. */
  add(id: string): boolean {
    const [found, index, high, low] = this.#find(id);
    if (found) return false;
    this.#slots[index] = high;
    this.#slots[index + 1] = low;
    this.#size++;
    if (this.#size * 10 > (this.#slots.length / 2) * 7) this.#grow();
    return true;
  }

  #find(id: string): [found: boolean, index: number, high: number, low: number] {
    const high = murmur(id, 0x9747b28c) || 1;
    const low = murmur(id, 0x5bd1e995);
    const capacity = this.#slots.length / 2;
    for (let slot = ((high ^ low) >>> 0) % capacity; ; slot = (slot + 1) % capacity) {
      const index = slot * 2;
      const h = this.#slots[index] as number;
      if (h === 0) return [false, index, high, low];
      if (h === high && this.#slots[index + 1] === low) return [true, index, high, low];
    }
  }

  #grow(): void {
    const old = this.#slots;
    const capacity = old.length; // doubles the slot count
    this.#slots = new Uint32Array(capacity * 2);
    for (let index = 0; index < old.length; index += 2) {
      const high = old[index] as number;
      if (high === 0) continue;
      const low = old[index + 1] as number;
      for (let slot = ((high ^ low) >>> 0) % capacity; ; slot = (slot + 1) % capacity) {
        if (this.#slots[slot * 2] === 0) {
          this.#slots[slot * 2] = high;
          this.#slots[slot * 2 + 1] = low;
          break;
        }
      }
    }
  }
}
