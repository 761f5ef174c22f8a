package dev.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tandem.api.ApiHarness.Answer;
import dev.tandem.control.ControlPlane;
import dev.tandem.control.zone.ZonePublisher;
import dev.tandem.dns.engine.Responder;
import dev.tandem.dns.engine.ResponderConfig;
import dev.tandem.dns.engine.ServedZones;
import dev.tandem.dns.engine.Transport;
import dev.tandem.dns.zone.Transfer;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.store.SqliteZoneStore;
import dev.tandem.store.ZoneStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** The counters as Prometheus scrapes them: names, labels, and values that move. */
class ZoneMetricsTest {
  @TempDir Path dir;

  @Test
  void countersAreScrapedWithTheirLabels() throws Exception {
    try (ZoneStore store = SqliteZoneStore.open(dir.resolve("tandem.db"));
        ControlPlane plane =
            new ControlPlane(
                List.of(),
                List.of(),
                List.of(),
                store,
                new ZonePublisher() {
                  @Override
                  public void publish(ZoneSnapshot zone) {}

                  @Override
                  public void unavailable(Name zone) {}

                  @Override
                  public void remove(Name zone) {}
                },
                ControlPlane.Options.DEFAULT,
                Clock.systemUTC(),
                new Random(1))) {
      plane.start(Map.of());
      Responder responder =
          new Responder(() -> ServedZones.EMPTY, ResponderConfig.defaults(), plane.port());
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      ZoneMetrics.register(
          registry,
          plane,
          Clock.systemUTC(),
          responder.counters(),
          null,
          ZoneMetrics.DEFAULT_PER_ZONE);

      byte[] q =
          Message.newQuery(
                  Record.newRecord(Name.fromConstantString("example.com."), Type.AAAA, DClass.IN))
              .toWire();
      responder.respond(
          responder.newSession(), q, q.length, Transport.UDP, InetAddress.getLoopbackAddress());
      Name zone = Name.fromConstantString("example.com.");
      plane.port().notify(zone, InetAddress.getLoopbackAddress(), null, 1);
      plane
          .port()
          .transferredOut(
              Transfer.out(
                      zone,
                      Clock.systemUTC().instant(),
                      InetAddress.getLoopbackAddress(),
                      null,
                      Transfer.Kind.IXFR)
                  .serials(1, -1)
                  .refused("not allowed"));

      String scrape = registry.scrape();
      assertThat(scrape)
          .contains("tandem_queries_total{rcode=\"REFUSED\",transport=\"udp\"} 1")
          .contains("tandem_queries_total{rcode=\"NOERROR\",transport=\"tcp\"} 0")
          .contains("tandem_queries_by_type_total{type=\"AAAA\"} 1")
          .contains("tandem_queries_by_type_total{type=\"other\"} 0")
          .contains("tandem_transfers_total{direction=\"out\",result=\"refused\",type=\"IXFR\"} 1")
          .contains("tandem_transfers_total{direction=\"in\",result=\"ok\",type=\"AXFR\"} 0")
          .contains("tandem_notify_received_total{result=\"notauth\"} 1")
          .contains("tandem_notify_sent_total 0")
          .contains("tandem_notify_failed_total 0")
          .contains("tandem_updates_total{rcode=\"NOERROR\"} 0")
          .contains("tandem_transfer_history_dropped_total 0");
    }
  }

  @Test
  void eachScrapeShowsTheZonesThereAreThenWithoutAWarning() {
    try (ApiHarness h = new ApiHarness(SqliteZoneStore.open(dir.resolve("scrape.db")))) {
      Responder responder =
          new Responder(() -> ServedZones.EMPTY, ResponderConfig.defaults(), h.plane.port());
      ZoneMetrics.register(
          h.registry,
          h.plane,
          Clock.systemUTC(),
          responder.counters(),
          null,
          ZoneMetrics.DEFAULT_PER_ZONE);
      Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      ListAppender<ILoggingEvent> logged = new ListAppender<>();
      logged.start();
      root.addAppender(logged);
      String first;
      String second;
      String third;
      String filtered;
      try {
        first = h.registry.scrape();
        Answer made =
            h.createPrimary(
                "scrape.test",
                "$ORIGIN scrape.test.\n@ 300 SOA ns hm 7 60 60 600 60\n@ 300 NS ns\nns 300 A"
                    + " 192.0.2.1\n");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        second = h.registry.scrape();
        filtered =
            h.registry.scrape(
                "text/plain; version=0.0.4; charset=utf-8", java.util.Set.of("tandem_zone_serial"));
        // A series' name as a scrape shows it finds its family ("_total" is the exposition's).
        String counter =
            h.call("GET", "/metrics?name%5B%5D=tandem_queries_total", null, null).body();
        assertThat(counter)
            .contains("tandem_queries_total{rcode=\"NOERROR\",transport=\"udp\"} 0")
            .doesNotContain("tandem_zone_serial");
        assertThat(h.call("DELETE", "/api/zones/scrape.test", null, ApiHarness.ADMIN).status())
            .isEqualTo(204);
        third = h.registry.scrape();
      } finally {
        root.detachAppender(logged);
      }
      String scraping = Thread.currentThread().getName(); // not zones of other tests, still busy
      assertThat(logged.list)
          .filteredOn(e -> e.getThreadName().equals(scraping))
          .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
          .extracting(ILoggingEvent::getFormattedMessage)
          .isEmpty();
      assertThat(first).doesNotContain("scrape.test.");
      assertThat(second)
          .contains("tandem_zone_serial{zone=\"scrape.test.\"} 7.0")
          .contains("tandem_zone_expired{zone=\"scrape.test.\"} 0.0")
          .contains("tandem_zone_signatures_expire_in_seconds{zone=\"scrape.test.\"} NaN")
          .contains("tandem_queries_total{rcode=\"NOERROR\",transport=\"udp\"} 0");
      assertThat(filtered)
          .contains("tandem_zone_serial{zone=\"scrape.test.\"} 7.0")
          .doesNotContain("tandem_zone_expired")
          .doesNotContain("tandem_queries_total");
      assertThat(third).doesNotContain("scrape.test.");
    }
  }

  /**
   * More zones than {@code --metrics-zones}: per-zone series only for the zone in trouble, every
   * zone counted by state. (100,000 zones' series made a scrape of 56 MB; scraped twice a second,
   * the server's heap grew to 6 GB.)
   */
  @Test
  void beyondTheBoundOnlyZonesNeedingAttentionHaveSeries() throws Exception {
    try (ApiHarness h = new ApiHarness(SqliteZoneStore.open(dir.resolve("bound.db")))) {
      Responder responder =
          new Responder(() -> ServedZones.EMPTY, ResponderConfig.defaults(), h.plane.port());
      PrometheusMeterRegistry bounded = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      ZoneMetrics.register(bounded, h.plane, Clock.systemUTC(), responder.counters(), null, 2);
      PrometheusMeterRegistry all = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      ZoneMetrics.register(all, h.plane, Clock.systemUTC(), responder.counters(), null, 3);
      for (String zone : List.of("one.test", "two.test")) {
        Answer made =
            h.createPrimary(
                zone,
                "$ORIGIN "
                    + zone
                    + ".\n@ 300 SOA ns hm 7 60 60 600 60\n@ 300 NS ns\nns 300 A"
                    + " 192.0.2.1\n");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
      }
      // Nothing listens on port 1: the first refresh fails at once.
      Answer made =
          h.post(
              "/api/zones",
              "{\"zone\":\"broken.test\",\"kind\":\"secondary\",\"primaries\":[\"127.0.0.1:1\"]}");
      assertThat(made.status()).as(made.body()).isEqualTo(201);
      Name broken = Name.fromConstantString("broken.test.");
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (h.plane.status(broken).orElseThrow().lastError() == null) {
        assertThat(System.nanoTime()).as("broken.test's refresh failed").isLessThan(deadline);
        Thread.sleep(20);
      }

      assertThat(bounded.scrape())
          .contains("tandem_zone_serial{zone=\"broken.test.\"} -1.0")
          .contains("tandem_zone_refresh_failing{zone=\"broken.test.\"} 1.0")
          .doesNotContain("one.test.")
          .doesNotContain("two.test.")
          .contains("tandem_zones{state=\"ok\"} 2.0")
          .contains("tandem_zones{state=\"expired\"} 0.0")
          .contains("tandem_zone_series_omitted 2.0");
      assertThat(all.scrape())
          .contains("tandem_zone_serial{zone=\"one.test.\"} 7.0")
          .contains("tandem_zone_serial{zone=\"two.test.\"} 7.0")
          .contains("tandem_zone_refresh_failing{zone=\"broken.test.\"} 1.0")
          .contains("tandem_zone_series_omitted 0.0");
    }
  }
}
