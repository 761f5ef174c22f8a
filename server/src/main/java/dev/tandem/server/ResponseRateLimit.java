package dev.tandem.server;

/**
 * Response rate limiting (RRL) settings for UDP: how many responses per second one client network
 * gets before the rest are dropped or slipped.
 *
 * <p>A forged source address makes an authoritative server an amplifier aimed at the address's
 * owner; RRL caps what one network receives. The network is the client's address cut to {@code
 * ipv4Prefix} or {@code ipv6Prefix} bits (BIND's and Knot's /24 and /56 by default: one customer's
 * allocation, RFC 6177), so that spreading a forged flood over the hosts of one network gains
 * nothing. Over the limit, every {@code slip}-th response is sent truncated (header and question,
 * TC set: a real client retries over TCP, which cannot be forged) and the others are dropped. TCP
 * is never limited.
 *
 * @param rate responses per second per network; 0 turns limiting off
 * @param slip 0: drop every limited response; 1: truncate every one; N: truncate every N-th, drop
 *     the others
 * @param ipv4Prefix bits of an IPv4 client address that name its network (1 to 32)
 * @param ipv6Prefix bits of an IPv6 client address that name its network (1 to 128)
 */
public record ResponseRateLimit(int rate, int slip, int ipv4Prefix, int ipv6Prefix) {
  /**
   * Off, as Knot's mod-rrl and BIND's rate-limit are until configured: a limit suited to one
   * deployment (a few hosts' stub traffic, or a large resolver farm behind one /24) cuts another.
   */
  public static final int DEFAULT_RATE = 0;

  /**
   * Every second limited response truncated, as BIND and NSD do: half the packets of a flood go
   * out, none larger than the query, and a real client behind the limit still gets a TC answer for
   * every second try. (Knot's default is 1: every one truncated, as many packets as came in.)
   */
  public static final int DEFAULT_SLIP = 2;

  public static final int DEFAULT_IPV4_PREFIX = 24;
  public static final int DEFAULT_IPV6_PREFIX = 56;

  /** Responses per second beyond which counting saturates; far above what one server sends. */
  static final int MAX_RATE = 1_000_000;

  /** Limiting off, with the default slip and prefixes ready for when a rate is given. */
  public static final ResponseRateLimit OFF =
      new ResponseRateLimit(DEFAULT_RATE, DEFAULT_SLIP, DEFAULT_IPV4_PREFIX, DEFAULT_IPV6_PREFIX);

  public ResponseRateLimit {
    if (rate < 0 || rate > MAX_RATE) {
      throw new IllegalArgumentException(
          "the response rate limit must be 0 (off) to " + MAX_RATE + " per second, not " + rate);
    }
    if (slip < 0 || slip > 10) {
      throw new IllegalArgumentException(
          "slip must be 0 (drop all) to 10 (truncate every tenth), not " + slip);
    }
    if (ipv4Prefix < 1 || ipv4Prefix > 32) {
      throw new IllegalArgumentException("the IPv4 prefix must be 1 to 32 bits, not " + ipv4Prefix);
    }
    if (ipv6Prefix < 1 || ipv6Prefix > 128) {
      throw new IllegalArgumentException(
          "the IPv6 prefix must be 1 to 128 bits, not " + ipv6Prefix);
    }
  }

  /** Whether responses are limited at all. */
  public boolean enabled() {
    return rate > 0;
  }
}
