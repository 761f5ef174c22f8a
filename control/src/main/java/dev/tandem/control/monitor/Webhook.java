package dev.tandem.control.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.monitor.check.Finding;
import dev.tandem.control.monitor.check.Server;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts to an HTTP endpoint ({@code --alert-webhook URL}): each alert POSTed once as JSON, signed
 * with HMAC-SHA256 over the exact body ({@code X-Tandem-Signature: sha256=HEX}), with its id in
 * {@code X-Tandem-Delivery} (the same on every retry, so that a receiver can drop a repeat).
 *
 * <p>Deliveries go one at a time, in the order the alerts were made; one that fails (no answer, or
 * not 2xx) is retried after 1, 2, 4, ... seconds (at most a minute apart), {@value #ATTEMPTS}
 * attempts in all, then given up and counted. At most {@value #QUEUED} alerts wait; beyond that the
 * newest are dropped and counted, so that an endpoint that is down never holds the monitor up.
 */
public final class Webhook implements Alert.Sink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Webhook.class);
  static final int ATTEMPTS = 8;
  static final int QUEUED = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI url;
  private final SecretKeySpec key;
  private final Duration firstRetry;
  private final HttpClient http;
  private final BlockingQueue<Delivery> queue = new ArrayBlockingQueue<>(QUEUED);
  private final Thread worker;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean closed;

  /**
   * @throws IllegalArgumentException if the URL is not http(s) or the secret is empty
   */
  public Webhook(URI url, byte[] secret) {
    this(url, secret, Duration.ofSeconds(1));
  }

  Webhook(URI url, byte[] secret, Duration firstRetry) {
    String scheme = url.getScheme();
    if (scheme == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || url.getHost() == null) {
      throw new IllegalArgumentException(
          "alert webhook '" + url + "' is not an http:// or https:// URL");
    }
    if (secret.length == 0) {
      throw new IllegalArgumentException("alert webhook secret is empty");
    }
    this.url = url;
    this.key = new SecretKeySpec(secret, "HmacSHA256");
    this.firstRetry = firstRetry;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    this.worker = Thread.ofVirtual().name("tandem-alert-webhook").start(this::deliverAll);
  }

  /** Alerts delivered (answered 2xx). */
  public long delivered() {
    return delivered.get();
  }

  /** Alerts given up: every attempt failed, or too many were waiting. */
  public long failed() {
    return failed.get();
  }

  /** One alert as it is POSTed: its id, and its JSON. */
  private record Delivery(String id, byte[] body) {}

  @Override
  public void deliver(Alert alert) {
    post(alert.id(), body(alert));
  }

  /**
   * Delivers another kind of alert (a sync target's, say) the same way: {@code body} is its JSON,
   * {@code id} the same for every delivery of the same alert.
   */
  public void post(String id, byte[] body) {
    if (!queue.offer(new Delivery(id, body))) {
      failed.incrementAndGet();
      log.warn("alert webhook: {} alerts waiting; dropped {}", QUEUED, id);
    }
  }

  private void deliverAll() {
    while (!closed) {
      Delivery a;
      try {
        a = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        send(a);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void send(Delivery a) throws InterruptedException {
    byte[] body = a.body();
    String signature = "sha256=" + HexFormat.of().formatHex(sign(body));
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("User-Agent", "Tandem")
            .header("X-Tandem-Delivery", a.id())
            .header("X-Tandem-Signature", signature)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    Duration wait = firstRetry;
    String why = "";
    for (int attempt = 1; attempt <= ATTEMPTS && !closed; attempt++) {
      try {
        HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 == 2) {
          delivered.incrementAndGet();
          return;
        }
        why = "HTTP " + r.statusCode();
      } catch (IOException e) {
        why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      }
      if (attempt < ATTEMPTS) {
        Thread.sleep(wait.toMillis());
        wait =
            wait.multipliedBy(2).compareTo(Duration.ofMinutes(1)) > 0
                ? Duration.ofMinutes(1)
                : wait.multipliedBy(2);
      }
    }
    failed.incrementAndGet();
    log.warn("alert webhook: gave up delivering {} to {}: {}", a.id(), url, why);
  }

  /** HMAC-SHA256 of {@code body} with the secret. */
  byte[] sign(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  /** The JSON an alert is delivered as. */
  static byte[] body(Alert a) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", a.id());
    n.put("zone", a.zone().toString());
    n.put("server", a.server());
    n.put("name", a.name());
    n.put("provider", a.provider());
    n.put("from", a.from().word());
    n.put("to", a.to().word());
    n.put("at", a.at().toString());
    n.put("detail", a.detail());
    n.put("zoneState", a.zoneState().word());
    ArrayNode findings = n.putArray("findings");
    for (ZoneReport.FindingReport f : a.findings()) {
      Finding x = f.finding();
      ObjectNode o = findings.addObject();
      o.put("kind", x.kind().word());
      o.put("server", x.server() == null ? null : Server.label(x.server()));
      o.put("since", f.since().toString());
      o.put("detail", x.detail());
      ArrayNode evidence = o.putArray("evidence");
      x.evidence().forEach(evidence::add);
    }
    try {
      return JSON.writeValueAsString(n).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an alert as JSON", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    worker.interrupt();
  }
}
