package dev.tandem.dns.zone;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * One zone transfer, in (from a primary) or out (to a secondary), as the zone's transfer history
 * keeps it: the data plane reports those out, the control plane those in, the store keeps them, the
 * API shows them. Made with {@link #in} or {@link #out} and the builder's named steps.
 *
 * @param zone the zone
 * @param at when the transfer started
 * @param direction in or out
 * @param peer the other side: {@code address#port} for a primary, the client's address for a
 *     secondary, and {@code key NAME} after either when the transfer was signed
 * @param kind what was asked: an IXFR answered with the whole zone is still an IXFR; SOA for the
 *     refresh check that comes before a transfer in, kept only when it fails
 * @param fromSerial the serial the transfer started from (the client's, for IXFR), -1 for AXFR
 * @param toSerial the serial it led to, -1 if it failed before one was known
 * @param records records carried
 * @param bytes bytes carried (out: DNS messages without TCP length prefixes; in: owner, fixed part
 *     and rdata of each record)
 * @param millis from the request to the last message
 * @param result how it ended
 * @param error why it failed or was refused, null if it succeeded
 */
public record Transfer(
    Name zone,
    Instant at,
    Direction direction,
    String peer,
    Kind kind,
    long fromSerial,
    long toSerial,
    long records,
    long bytes,
    long millis,
    Result result,
    @Nullable String error) {

  /** Which way the zone went. */
  public enum Direction {
    IN,
    OUT;

    /** The word the API and the store use. */
    public String word() {
      return this == IN ? "in" : "out";
    }

    /** The direction a {@link #word} names. */
    public static Direction of(String word) {
      return word.equals("in") ? IN : OUT;
    }
  }

  /**
   * Whole zone (RFC 5936), changes since a serial (RFC 1995), or the SOA query that checks whether
   * there is anything to transfer (RFC 1034 section 4.3.5).
   */
  public enum Kind {
    AXFR,
    IXFR,
    SOA
  }

  /** How a transfer ended. */
  public enum Result {
    /** Carried whole. */
    OK,
    /** Not carried whole: no data, a malformed request or stream, a broken connection. */
    FAILED,
    /** Not allowed (out: the zone's transfer ACL; in: the primary said REFUSED or NOTAUTH). */
    REFUSED;

    /** The word the API, the store and the metrics use. */
    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The result a {@link #word} names. */
    public static Result of(String word) {
      return valueOf(word.toUpperCase(java.util.Locale.ROOT));
    }
  }

  public Transfer {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(at, "at");
  }

  /**
   * A transfer in from {@code primary} (signed with {@code key} if not null), started {@code at}.
   */
  public static Builder in(
      Name zone, Instant at, InetSocketAddress primary, @Nullable Name key, Kind kind) {
    String peer = primary.getAddress().getHostAddress() + "#" + primary.getPort();
    return new Builder(zone, at, Direction.IN, peer + signer(key), kind);
  }

  /** A transfer out to {@code client} (signed with {@code key} if not null), started {@code at}. */
  public static Builder out(
      Name zone, Instant at, InetAddress client, @Nullable Name key, Kind kind) {
    return new Builder(zone, at, Direction.OUT, client.getHostAddress() + signer(key), kind);
  }

  private static String signer(@Nullable Name key) {
    return key == null ? "" : " key " + key;
  }

  /** The rest of a transfer, by name; {@link #ok}, {@link #failed} or {@link #refused} ends it. */
  public static final class Builder {
    private final Name zone;
    private final Instant at;
    private final Direction direction;
    private final String peer;
    private final Kind kind;
    private long fromSerial = -1;
    private long toSerial = -1;
    private long records;
    private long bytes;
    private long millis;

    private Builder(Name zone, Instant at, Direction direction, String peer, Kind kind) {
      this.zone = zone;
      this.at = at;
      this.direction = direction;
      this.peer = peer;
      this.kind = kind;
    }

    /** The other side, as {@link Transfer#peer} says it. */
    public String peer() {
      return peer;
    }

    /** The serials it went from (-1 for AXFR) and to (-1 if none was reached). */
    public Builder serials(long from, long to) {
      this.fromSerial = from;
      this.toSerial = to;
      return this;
    }

    /** What it carried. */
    public Builder carried(long records, long bytes) {
      this.records = records;
      this.bytes = bytes;
      return this;
    }

    /** How long it took. */
    public Builder took(long millis) {
      this.millis = millis;
      return this;
    }

    public Transfer ok() {
      return end(Result.OK, null);
    }

    public Transfer failed(String error) {
      return end(Result.FAILED, error);
    }

    public Transfer refused(String why) {
      return end(Result.REFUSED, why);
    }

    /** Ends it as {@code result}; {@code error} must be null exactly when it is OK. */
    public Transfer end(Result result, @Nullable String error) {
      return new Transfer(
          zone,
          at,
          direction,
          peer,
          kind,
          fromSerial,
          toSerial,
          records,
          bytes,
          millis,
          result,
          error);
    }
  }
}
