package dev.tandem.control.monitor;

import dev.tandem.control.monitor.check.Findings;
import dev.tandem.control.monitor.check.Providers;
import dev.tandem.control.monitor.lookup.DnsClient;
import dev.tandem.control.monitor.lookup.RootHints;
import java.time.Duration;
import java.util.List;

/**
 * How the monitor runs, frozen at start.
 *
 * @param interval time between two rounds of one zone's checks, jittered by a tenth either way;
 *     zero: no rounds but those asked for ({@code tandem zone check}, the audit)
 * @param afterChange when to check again after a new serial is served here (to see it spread)
 * @param roots where resolution starts
 * @param providers how servers are attributed to providers
 * @param client the DNS client's timeouts, bound and pace
 * @param zonesAtOnce zones checked at the same time, at most
 * @param fullEvery one round in this many (and the first, and every round asked for) is a full one:
 *     TCP, the NS and DNSKEY RRsets of every server, this server asked over the network, the whole
 *     zone compared by AXFR where allowed; the others ask each server its SOA and a sample, and the
 *     rest only of a server whose serial changed
 * @param sample RRsets compared by query per server and round (where the zone is not compared by
 *     AXFR)
 * @param grace how long a new state must hold before it is alerted
 * @param renotifyAfter how long a secondary may lag behind a serial it acknowledged before it is
 *     NOTIFYed again (one that never acknowledged: at once)
 * @param renotifyMax NOTIFYs sent again per secondary and serial, at most
 * @param thresholds the rules' thresholds
 * @param ipv6 whether IPv6 addresses are asked (false on a host without IPv6 routes)
 * @param skip zones never checked on their own (the sample zone of a bare {@code tandem serve})
 */
public record MonitorOptions(
    Duration interval,
    List<Duration> afterChange,
    RootHints roots,
    Providers providers,
    DnsClient.Options client,
    int zonesAtOnce,
    int fullEvery,
    int sample,
    Duration grace,
    Duration renotifyAfter,
    int renotifyMax,
    Findings.Thresholds thresholds,
    boolean ipv6,
    List<String> skip) {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);

  public MonitorOptions {
    afterChange = List.copyOf(afterChange);
    skip = List.copyOf(skip);
    if (interval.isNegative() || grace.isNegative() || renotifyAfter.isNegative()) {
      throw new IllegalArgumentException("intervals cannot be negative");
    }
    if (zonesAtOnce < 1 || fullEvery < 1 || sample < 0 || renotifyMax < 0) {
      throw new IllegalArgumentException("monitor bounds must be positive");
    }
  }

  /** The defaults, starting from {@code roots}. */
  public static MonitorOptions defaults(RootHints roots) {
    return new MonitorOptions(
        DEFAULT_INTERVAL,
        List.of(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(30)),
        roots,
        Providers.DEFAULT,
        DnsClient.Options.DEFAULT,
        128,
        10,
        1,
        Duration.ZERO,
        Duration.ofSeconds(30),
        3,
        Findings.Thresholds.DEFAULT,
        true,
        List.of());
  }

  /** A copy changed by {@code edit}, one setting at a time, by name. */
  private MonitorOptions with(java.util.function.Consumer<Builder> edit) {
    Builder b = new Builder(this);
    edit.accept(b);
    return b.build();
  }

  public MonitorOptions withInterval(Duration d) {
    return with(b -> b.interval = d);
  }

  public MonitorOptions withProviders(Providers p) {
    return with(b -> b.providers = p);
  }

  public MonitorOptions withGrace(Duration g) {
    return with(b -> b.grace = g);
  }

  public MonitorOptions withClient(DnsClient.Options c) {
    return with(b -> b.client = c);
  }

  public MonitorOptions withIpv6(boolean on) {
    return with(b -> b.ipv6 = on);
  }

  public MonitorOptions withSkip(List<String> zones) {
    return with(b -> b.skip = zones);
  }

  public MonitorOptions withFullEvery(int rounds) {
    return with(b -> b.fullEvery = rounds);
  }

  /** Whether rounds run on their own, every interval. */
  public boolean periodic() {
    return !interval.isZero();
  }

  private static final class Builder {
    Duration interval;
    List<Duration> afterChange;
    RootHints roots;
    Providers providers;
    DnsClient.Options client;
    int zonesAtOnce;
    int fullEvery;
    int sample;
    Duration grace;
    Duration renotifyAfter;
    int renotifyMax;
    Findings.Thresholds thresholds;
    boolean ipv6;
    List<String> skip;

    Builder(MonitorOptions o) {
      interval = o.interval;
      afterChange = o.afterChange;
      roots = o.roots;
      providers = o.providers;
      client = o.client;
      zonesAtOnce = o.zonesAtOnce;
      fullEvery = o.fullEvery;
      sample = o.sample;
      grace = o.grace;
      renotifyAfter = o.renotifyAfter;
      renotifyMax = o.renotifyMax;
      thresholds = o.thresholds;
      ipv6 = o.ipv6;
      skip = o.skip;
    }

    MonitorOptions build() {
      return new MonitorOptions(
          interval,
          afterChange,
          roots,
          providers,
          client,
          zonesAtOnce,
          fullEvery,
          sample,
          grace,
          renotifyAfter,
          renotifyMax,
          thresholds,
          ipv6,
          skip);
    }
  }
}
