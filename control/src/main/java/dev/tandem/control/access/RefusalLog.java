package dev.tandem.control.access;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * NOTIFYs, UPDATEs and transfers out turned away because of who sent them, counted by reason and
 * logged as summaries: the first refusal of a zone, source and reason is logged at once, with what
 * it said; the ones after it are counted and logged as one line per zone, source and reason every
 * {@link #INTERVAL}; a source quiet for a whole interval is forgotten, so that its next refusal is
 * logged at once again.
 *
 * <p>Why: an unauthenticated packet costs its sender one datagram, and a log line per packet let a
 * flood of 15,000 a second write 71 MB of log in 40 s (issue 14). The number of sources remembered
 * is bounded ({@link #MAX_SOURCES} per interval): past it, a forged-address flood from ever new
 * addresses is summed up per zone and reason as "other addresses", and past twice that, a sweep of
 * every zone in one line per reason ("other zones"): a log line a zone a minute would let a sweep
 * of 100,000 zones write 100,000 lines a minute, and keep a tally for each.
 *
 * <p>Called on network threads (a NOTIFY) and workers (an UPDATE): a concurrent-map read and an add
 * for a repeated refusal; the logging of a new one; never a wait.
 */
public final class RefusalLog {
  private static final Logger log = LoggerFactory.getLogger(RefusalLog.class);

  /** How often the refusals counted since the last summary are logged. */
  public static final Duration INTERVAL = Duration.ofSeconds(60);

  /** Sources remembered at once; refusals from others are summed up together. */
  static final int MAX_SOURCES = 100;

  /** Why a request was refused, as counted in the metrics (request and reason labels). */
  public enum Reason {
    /** A NOTIFY from an address that is neither a primary nor on the allow-notify list. */
    NOTIFY_NOT_ALLOWED("NOTIFY", "not_allowed"),
    /** An unsigned NOTIFY from a primary that has a key. */
    NOTIFY_UNSIGNED("NOTIFY", "unsigned"),
    /** A NOTIFY signed with another key than the primary's. */
    NOTIFY_WRONG_KEY("NOTIFY", "wrong_key"),
    /** A NOTIFY whose TSIG failed (unknown key, bad MAC, bad time). */
    NOTIFY_BAD_TSIG("NOTIFY", "tsig"),
    /** An unsigned UPDATE: only signed ones are taken. */
    UPDATE_UNSIGNED("UPDATE", "unsigned"),
    /** An UPDATE signed with a key that no rule of the zone names. */
    UPDATE_NO_RULE("UPDATE", "no_rule"),
    /** An UPDATE to a signed zone, which Tandem cannot re-sign. */
    UPDATE_SIGNED_ZONE("UPDATE", "signed_zone"),
    /**
     * An UPDATE the zone's rules or RFC 2136 refused (a name or type not allowed, a prerequisite).
     */
    UPDATE_REJECTED("UPDATE", "rejected"),
    /** An AXFR from a client the zone's transfer ACL does not allow. */
    AXFR_NOT_ALLOWED("AXFR", "not_allowed"),
    /** An IXFR from a client the zone's transfer ACL does not allow. */
    IXFR_NOT_ALLOWED("IXFR", "not_allowed"),
    /** An AXFR over UDP (RFC 5936 section 4.2: TCP only), answered FORMERR. */
    AXFR_OVER_UDP("AXFR", "udp"),
    /**
     * An IXFR over UDP, answered with the zone's SOA only (RFC 1995 section 2): sent on, not
     * refused, but as cheap to send from a forged address as a refused one.
     */
    IXFR_OVER_UDP("IXFR", "udp");

    private final String request;
    private final String label;

    Reason(String request, String label) {
      this.request = request;
      this.label = label;
    }

    /** "NOTIFY", "UPDATE", "AXFR" or "IXFR". */
    public String request() {
      return request;
    }

    /** The metrics label. */
    public String label() {
      return label;
    }
  }

  /** A refusal: its reason, and what it says in words. */
  public record Refused(Reason reason, String why) {}

  /**
   * Where refusals are summed up: one zone, one reason, one source (null: others). The zone is null
   * too past {@link #MAX_SOURCES} twice over: a sweep of every zone from ever new addresses is
   * summed up per reason, not in a line a zone.
   */
  private record Key(@Nullable Name zone, Reason reason, @Nullable InetAddress source) {}

  /** Refusals since the last summary, and the words of the first one. */
  private record Tally(LongAdder count, String why) {}

  private final LongAdder[] counts = new LongAdder[Reason.values().length];
  private final Map<Key, Tally> tallies = new ConcurrentHashMap<>();

  public RefusalLog() {
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  /**
   * Counts a refusal of a request for {@code zone} from {@code source}; logs it if it is the first
   * of its kind from there since the last summary.
   *
   * @return whether it was logged (the first of its kind): the ones after it are only counted
   */
  public boolean refused(Name zone, InetAddress source, Refused refused) {
    Reason reason = refused.reason();
    counts[reason.ordinal()].increment();
    Key key = new Key(zone, reason, source);
    Tally t = tallies.get(key);
    if (t != null) {
      t.count().increment();
      return false;
    }
    if (tallies.size() >= MAX_SOURCES) {
      Key others = new Key(tallies.size() < 2 * MAX_SOURCES ? zone : null, reason, null);
      tallies.computeIfAbsent(others, k -> new Tally(new LongAdder(), "")).count().increment();
      return false;
    }
    Tally first = new Tally(new LongAdder(), refused.why());
    t = tallies.putIfAbsent(key, first);
    if (t != null) {
      t.count().increment();
      return false;
    }
    log.info(
        "{}: refused {} from {}: {} (more of these from {} are summed up every {} s)",
        zone,
        reason.request(),
        source.getHostAddress(),
        refused.why(),
        source.getHostAddress(),
        INTERVAL.toSeconds());
    return true;
  }

  /** Refusals for {@code reason} since start. */
  public long count(Reason reason) {
    return counts[reason.ordinal()].sum();
  }

  /**
   * Logs one line per zone, source and reason refused again since the last call, and forgets those
   * that were not.
   */
  public void summarize() {
    for (Map.Entry<Key, Tally> e : tallies.entrySet()) {
      Key k = e.getKey();
      long n = e.getValue().count().sumThenReset();
      if (n == 0) {
        tallies.remove(k, e.getValue());
        continue;
      }
      InetAddress source = k.source();
      String why = e.getValue().why();
      log.info(
          "{}: refused {} more {}{} from {} in the last {} s{}",
          k.zone() == null ? "other zones" : k.zone(),
          n,
          k.reason().request(),
          n == 1 ? "" : "s",
          source == null ? "other addresses" : source.getHostAddress(),
          INTERVAL.toSeconds(),
          why.isEmpty() ? " (" + k.reason().label().replace('_', ' ') + ")" : ": " + why);
      if (source == null) {
        tallies.remove(k, e.getValue()); // others are counted anew each interval
      }
    }
  }

  /** Logs the summaries every {@link #INTERVAL} on {@code scheduler}. */
  public void every(ScheduledExecutorService scheduler) {
    long ms = INTERVAL.toMillis();
    scheduler.scheduleWithFixedDelay(this::summarizeSafely, ms, ms, TimeUnit.MILLISECONDS);
  }

  private void summarizeSafely() {
    try {
      summarize();
    } catch (RuntimeException e) {
      log.warn("refusal summary failed: {}", e.toString());
    }
  }
}
