package dev.tandem.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tandem.store.SqliteZoneStore;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A list written as it comes ({@code GET /api/zones}, PowerDNS's zone list: {@link Json#okEach})
 * whose client hangs up midway.
 */
class StreamedAnswerTest {
  private static final int ITEMS = 100_000; // 50 MB: far more than any socket buffer holds
  private static final int HANG_UP_AT = 200; // 100 KB: the status line is on the wire by then
  private static final String FILLER = "x".repeat(480);

  @TempDir Path dir;

  @Test
  void aClientHangingUpMidwayIsNoErrorTheWritingStopsAndTheNextRequestIsAnswered()
      throws Exception {
    CountDownLatch hungUp = new CountDownLatch(1);
    AtomicInteger made = new AtomicInteger();
    Logger json = (Logger) LoggerFactory.getLogger(Json.class);
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level was = json.getLevel();
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    root.addAppender(logged);
    json.setLevel(Level.DEBUG);
    try (ApiHarness h =
        new ApiHarness(
            SqliteZoneStore.open(dir.resolve("tandem.db")),
            Clock.systemUTC(),
            routes ->
                routes.get(
                    "/streamed",
                    ctx ->
                        Json.okEach(
                            ctx,
                            IntStream.range(0, ITEMS)
                                .mapToObj(
                                    i -> {
                                      made.incrementAndGet();
                                      if (i == HANG_UP_AT) {
                                        // the server is midway whatever the socket buffers hold
                                        await(hungUp);
                                      }
                                      return Map.of("item", i, "filler", FILLER);
                                    }))))) {
      String[] hostPort = h.http.address().split(":");
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 5000);
        s.setSoTimeout(5000);
        s.getOutputStream()
            .write(
                "GET /streamed HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] start = s.getInputStream().readNBytes(12);
        assertThat(new String(start, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
        s.setSoLinger(true, 0); // hang up with the rest unread: a reset
      }
      hungUp.countDown();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (logged.list.stream().noneMatch(StreamedAnswerTest::wentAway)
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(logged.list)
          .as("the hang-up noticed, at debug")
          .anyMatch(StreamedAnswerTest::wentAway);
      assertThat(made.get()).as("items made before the writing stopped").isLessThan(ITEMS / 10);
      assertThat(h.get("/api/zones").status()).as("the next request").isEqualTo(200);
    } finally {
      root.detachAppender(logged);
      json.setLevel(was);
    }
    assertThat(logged.list)
        .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .extracting(ILoggingEvent::getFormattedMessage)
        .isEmpty();
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the client did not hang up in 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean wentAway(ILoggingEvent e) {
    return e.getLevel() == Level.DEBUG
        && e.getFormattedMessage().startsWith("GET /streamed: the client went away midway");
  }
}
