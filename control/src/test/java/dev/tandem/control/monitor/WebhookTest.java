package dev.tandem.control.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.control.monitor.check.ConsistencyState;
import dev.tandem.control.monitor.check.Finding;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/**
 * The alert webhook against an HTTP receiver on loopback: JSON signed with HMAC-SHA256 over the
 * exact body, retried with backoff while the receiver fails, delivered once.
 */
class WebhookTest {
  private static final byte[] SECRET = "s3cret".getBytes(StandardCharsets.UTF_8);

  record Received(String delivery, String signature, byte[] body) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger failFirst = new AtomicInteger();
  private final HttpServer http;
  private Webhook webhook;

  WebhookTest() throws Exception {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/alerts",
        x -> {
          byte[] body = x.getRequestBody().readAllBytes();
          received.add(
              new Received(
                  x.getRequestHeaders().getFirst("X-Tandem-Delivery"),
                  x.getRequestHeaders().getFirst("X-Tandem-Signature"),
                  body));
          x.sendResponseHeaders(failFirst.getAndDecrement() > 0 ? 500 : 204, -1);
          x.close();
        });
    http.start();
    webhook =
        new Webhook(
            URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/alerts"),
            SECRET,
            Duration.ofMillis(20));
  }

  @AfterEach
  void close() {
    webhook.close();
    http.stop(0);
  }

  @Test
  void anAlertIsPostedAsJsonSignedOverItsBody() throws Exception {
    webhook.deliver(alert());
    await(1);
    Received r = received.get(0);
    assertThat(r.signature()).isEqualTo("sha256=" + hmac(r.body()));
    JsonNode json = new ObjectMapper().readTree(r.body());
    assertThat(json.path("zone").asText()).isEqualTo("example.test.");
    assertThat(json.path("server").asText()).isEqualTo("203.0.113.2");
    assertThat(json.path("from").asText()).isEqualTo("ok");
    assertThat(json.path("to").asText()).isEqualTo("unreachable");
    assertThat(json.path("findings").get(0).path("kind").asText()).isEqualTo("unreachable");
    assertThat(r.delivery()).isEqualTo(json.path("id").asText());
    awaitDelivered();
    assertThat(webhook.delivered()).isEqualTo(1);
  }

  @Test
  void aFailingReceiverGetsTheSameDeliveryAgainUntilItTakesIt() throws Exception {
    failFirst.set(2);
    webhook.deliver(alert());
    await(3);
    assertThat(received).extracting(Received::delivery).containsOnly(received.get(0).delivery());
    assertThat(received)
        .extracting(r -> new String(r.body(), StandardCharsets.UTF_8))
        .containsOnly(new String(received.get(0).body(), StandardCharsets.UTF_8));
    awaitDelivered();
    assertThat(webhook.delivered()).isEqualTo(1);
    assertThat(webhook.failed()).isZero();
  }

  private void await(int n) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (received.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(received).hasSize(n);
  }

  /**
   * Waits until the webhook counts a delivery: it does so once it has read the receiver's answer,
   * after the receiver has recorded the request {@link #await} waits for.
   */
  private void awaitDelivered() throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (webhook.delivered() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private static String hmac(byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  private static Alert alert() {
    InetSocketAddress b2 = new InetSocketAddress(MemoryInternet.ip("203.0.113.2"), 53);
    Instant at = Instant.parse("2026-12-01T00:00:00Z");
    Finding f =
        new Finding(
            Finding.Kind.UNREACHABLE, b2, "", "203.0.113.2 does not answer over UDP", List.of());
    return new Alert(
        "example.test./203.0.113.2/1/unreachable",
        Name.fromConstantString("example.test."),
        "203.0.113.2",
        "ns2.provider-b.test.",
        "provider-b.test",
        ConsistencyState.OK,
        ConsistencyState.UNREACHABLE,
        at,
        f.detail(),
        ConsistencyState.UNREACHABLE,
        List.of(new ZoneReport.FindingReport(f, at)));
  }
}
