package dev.tandem.server;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Response rate limiting for UDP (see {@link ResponseRateLimit} for what and why): decides, for
 * each response about to leave, whether it goes out, goes out truncated, or is dropped.
 *
 * <p>How. Every event loop asks the same table, because the kernel spreads one client's datagrams
 * over the loops' sockets by source port: a table per loop would let a client have the limit once
 * per loop. The table is a fixed array of 2<sup>18</sup> longs (2 MB, allocated when limiting is
 * on), each one network's count for one second, packed so that one compare-and-set updates it: 24
 * bits of the network's hash (its tag), the second (16 bits, modulo), and the responses counted in
 * that second (24 bits). A network hashes to a pair of neighbouring slots (one cache line) and uses
 * the one carrying its tag; a network not in either takes the one last used in an earlier second,
 * or, when both are in use this second, the one with fewer responses (which restarts that network's
 * count: a collision can only let a flood through for the rest of a second, never limit a quiet
 * network). The hash is keyed with a random seed, so a client cannot pick addresses that collide.
 * Counting is per whole second, as BIND's and Knot's 3.2 buckets are: a network may get up to twice
 * the rate across a second's boundary, never more.
 *
 * <p>Cost per response: a hash of the address, two reads and one compare-and-set on one cache line;
 * no lock, no allocation (IPv4; an IPv6 address is read through {@link InetAddress#getAddress},
 * which copies its 16 bytes). The limited responses are counted in {@link LongAdder}s for {@code
 * /metrics}.
 */
final class ResponseRateLimiter {
  /** What becomes of one response. */
  enum Verdict {
    SEND,
    /** Sent with TC set and no records: the client retries over TCP. */
    SLIP,
    DROP
  }

  private static final int SLOTS = 1 << 18;
  private static final long COUNT_MAX = (1L << 24) - 1;
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final AtomicLongArray table = new AtomicLongArray(SLOTS);
  private final int rate;
  private final int slip;
  private final int ipv4Mask;
  private final long ipv6HighMask;
  private final long ipv6LowMask;
  private final long seed;
  private final LongAdder slipped = new LongAdder();
  private final LongAdder dropped = new LongAdder();

  /**
   * @param seed keys the hash (random in production, so that collisions cannot be chosen)
   */
  ResponseRateLimiter(ResponseRateLimit settings, long seed) {
    if (!settings.enabled()) {
      throw new IllegalArgumentException("response rate limiting is off");
    }
    this.rate = settings.rate();
    this.slip = settings.slip();
    this.ipv4Mask = (int) (0xffffffffL << (32 - settings.ipv4Prefix()));
    int v6 = settings.ipv6Prefix();
    this.ipv6HighMask = v6 >= 64 ? -1L : -1L << (64 - v6);
    this.ipv6LowMask = v6 <= 64 ? 0 : -1L << (128 - v6);
    this.seed = seed;
  }

  /**
   * Counts a response to {@code client} at {@code nanos} (a monotonic clock: the event loop's
   * ticker) and says what to do with it.
   */
  Verdict decide(InetAddress client, long nanos) {
    long h = hash(client);
    int pair = (int) h & (SLOTS - 2);
    long tag = h >>> 40;
    long second = Math.floorDiv(nanos, 1_000_000_000L) & 0xffff;
    while (true) {
      long a = table.get(pair);
      long b = table.get(pair + 1);
      int slot;
      long old;
      if (a >>> 40 == tag) {
        slot = pair;
        old = a;
      } else if (b >>> 40 == tag) {
        slot = pair + 1;
        old = b;
      } else if (secondOf(a) != second) {
        slot = pair;
        old = a;
      } else if (secondOf(b) != second || (b & COUNT_MAX) < (a & COUNT_MAX)) {
        slot = pair + 1;
        old = b;
      } else {
        slot = pair;
        old = a;
      }
      long count = old >>> 40 == tag && secondOf(old) == second ? (old & COUNT_MAX) + 1 : 1;
      count = Math.min(count, COUNT_MAX);
      if (table.compareAndSet(slot, old, tag << 40 | second << 24 | count)) {
        return verdict(count);
      }
    }
  }

  private static long secondOf(long entry) {
    return (entry >>> 24) & 0xffff;
  }

  private Verdict verdict(long count) {
    if (count <= rate) {
      return Verdict.SEND;
    }
    if (slip != 0 && (count - rate) % slip == 0) {
      slipped.increment();
      return Verdict.SLIP;
    }
    dropped.increment();
    return Verdict.DROP;
  }

  /** The client's network, hashed with the seed (an IPv4 network never equals an IPv6 one). */
  private long hash(InetAddress client) {
    if (client instanceof Inet4Address) {
      byte[] b = client.getAddress();
      int address = (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
      return mix((address & ipv4Mask) ^ seed);
    }
    byte[] b = client.getAddress();
    long high = (long) LONG_BE.get(b, 0) & ipv6HighMask;
    long low = (long) LONG_BE.get(b, 8) & ipv6LowMask;
    return mix(mix(high ^ ~seed) ^ low);
  }

  /**
   * The finaliser of SplitMix64 (Steele, Lea, Flood 2014): every input bit moves every output bit.
   */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Responses sent truncated because of the limit, since start. */
  long slipped() {
    return slipped.sum();
  }

  /** Responses dropped because of the limit, since start. */
  long dropped() {
    return dropped.sum();
  }

  /**
   * Cuts the response in {@code message} to its header and question and sets TC (RFC 1035 section
   * 4.1.1; RFC 2181 section 9: a client that sees TC asks again over TCP). Returns the new length.
   * The response is the engine's, so its question is uncompressed at offset 12; a response without
   * one (FORMERR to what did not parse) keeps its header only.
   */
  static int truncate(byte[] message, int length) {
    if (length < 12) {
      return length;
    }
    int end = 12;
    boolean question = ((message[4] & 0xff) << 8 | (message[5] & 0xff)) == 1;
    if (question) {
      while (end < length && message[end] != 0 && (message[end] & 0xc0) == 0) {
        end += 1 + (message[end] & 0xff);
      }
      boolean pointer = end < length && (message[end] & 0xc0) == 0xc0;
      end += (pointer ? 2 : 1) + 4; // the root label or a pointer, QTYPE, QCLASS
      question = end <= length;
    }
    if (!question) {
      end = 12;
      message[4] = 0;
      message[5] = 0;
    }
    message[2] |= 0x02; // TC
    for (int i = 6; i < 12; i++) {
      message[i] = 0; // ANCOUNT, NSCOUNT, ARCOUNT
    }
    return end;
  }
}
