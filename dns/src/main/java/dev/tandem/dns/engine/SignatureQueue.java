package dev.tandem.dns.engine;

import dev.tandem.dns.wire.ResponseWriter;
import dev.tandem.dns.wire.WireName;

/**
 * The RRSIGs of one section, written after its RRsets. Knot packs a section so, and it decides what
 * a truncated or size-limited answer keeps: all the RRsets of the additional section before any of
 * their signatures, for one. Owners are copied (the name being looked up is overwritten as CNAMEs
 * are followed). One per thread, reused; nothing is allocated per query.
 */
final class SignatureQueue {
  private static final int CAPACITY = 64;
  private static final byte[] NONE = new byte[0];

  private final byte[][] owners = new byte[CAPACITY][WireName.MAX_LENGTH];
  private final byte[][] data = new byte[CAPACITY][];
  private final int[] rrsets = new int[CAPACITY];
  private final long[] ttls = new long[CAPACITY];
  private int size;

  void clear() {
    for (int i = 0; i < size; i++) {
      data[i] = NONE; // no zone version kept reachable after the answer
    }
    size = 0;
  }

  /**
   * Queues the RRSIG RRset at {@code d[rrset]} for the owner at {@code owner[ownerOff]} with the
   * given TTL. False if the queue is full (a section of more than 64 signed RRsets).
   */
  boolean add(byte[] owner, int ownerOff, byte[] d, int rrset, long ttl) {
    if (size == CAPACITY) {
      return false;
    }
    int len = WireName.uncompressedLength(owner, ownerOff, owner.length);
    System.arraycopy(owner, ownerOff, owners[size], 0, len);
    data[size] = d;
    rrsets[size] = rrset;
    ttls[size] = ttl;
    size++;
    return true;
  }

  /**
   * Writes the queued signatures into the current section, in order, and empties the queue. False
   * at the first that does not fit (the rest are dropped): the caller decides whether that calls
   * for TC.
   */
  boolean flush(ResponseWriter w) {
    boolean fit = true;
    for (int i = 0; i < size && fit; i++) {
      fit = w.putRrset(owners[i], 0, data[i], rrsets[i], ttls[i]);
    }
    for (int i = 0; i < size; i++) {
      data[i] = NONE;
    }
    size = 0;
    return fit;
  }
}
