/**
 * Random GCM nonces drawn from a buffer filled by the CSPRNG in batches. Every payload needs 12 fresh random bytes;
 * asking `randomBytes(12)` for each one cost more worker CPU than the cipher's own update (a field result encrypts
 * about six payloads across the API and the worker). The bytes are the same CSPRNG output, each handed out once:
 * the pool only moves forward and is refilled, never rewound.
 */
import { randomFillSync } from 'node:crypto';

export class RandomIvPool {
  private readonly pool: Buffer;
  private offset: number;

  constructor(
    private readonly ivBytes: number,
    ivsPerFill = 256,
  ) {
    this.pool = Buffer.allocUnsafe(ivBytes * ivsPerFill);
    this.offset = this.pool.length;
  }

  /** A copy of the next unused bytes, so a caller keeping it never sees them overwritten by a refill. */
  next(): Buffer {
    if (this.offset + this.ivBytes > this.pool.length) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    const iv = Buffer.from(this.pool.subarray(this.offset, this.offset + this.ivBytes));
    this.offset += this.ivBytes;
    return iv;
  }
}
