package dev.tandem.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.control.ControlPlane;
import dev.tandem.control.access.TsigKey;
import dev.tandem.control.service.ApiKeys;
import dev.tandem.control.service.ZoneService;
import dev.tandem.control.zone.ZonePublisher;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.store.ZoneStore;
import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * A real control plane on a real store behind a real HTTP API on a loopback port, driven with
 * {@link HttpClient}: what the API tests run against. One admin key ({@link #ADMIN}) is made.
 */
final class ApiHarness implements AutoCloseable {
  static final String ADMIN = "admin-secret-for-tests";
  static final String TSIG_SECRET = "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=";

  final ZoneStore store;
  final ControlPlane plane;
  final ApiKeys keys;
  final HttpApi http;
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final Map<Name, ZoneSnapshot> served = new ConcurrentHashMap<>();
  private final HttpClient client = HttpClient.newHttpClient();
  volatile boolean reloadOk = true;

  ApiHarness(ZoneStore store) {
    this(store, Clock.systemUTC());
  }

  /** As above, the control plane and the API keys on {@code clock}. */
  ApiHarness(ZoneStore store, Clock clock) {
    this(store, clock, null);
  }

  /** As above, with {@code routes} added to the HTTP server as the control panel's would be. */
  ApiHarness(ZoneStore store, Clock clock, @Nullable Consumer<RoutesConfig> routes) {
    this.store = store;
    List<TsigKey> configured = List.of(TsigKey.parse("configured.=hmac-sha256:" + TSIG_SECRET));
    plane =
        new ControlPlane(
            List.of(),
            List.of(),
            configured,
            store,
            new ZonePublisher() {
              @Override
              public void publish(ZoneSnapshot zone) {
                served.put(zone.origin(), zone);
              }

              @Override
              public void unavailable(Name zone) {
                served.remove(zone);
              }

              @Override
              public void remove(Name zone) {
                served.remove(zone);
              }
            },
            ControlPlane.Options.DEFAULT,
            clock,
            new Random(1));
    plane.start(Map.of());
    keys = new ApiKeys(store, clock);
    keys.allowLocal("admin", ADMIN, ApiKeys.Scope.ADMIN);
    ZoneService zones = new ZoneService(plane, store, configured, clock);
    http =
        HttpApi.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            registry,
            new ApiServices(
                zones,
                keys,
                () ->
                    new ApiServices.Reloader.Result(
                        reloadOk, List.of(reloadOk ? "zones: reloaded" : "zones: failed")),
                "test"),
            routes);
  }

  /** An answer: status, body as text and (when JSON) parsed. */
  record Answer(
      int status, String body, @Nullable String contentType, java.net.http.HttpHeaders headers) {
    Answer(int status, String body, @Nullable String contentType) {
      this(status, body, contentType, java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true));
    }

    @Nullable String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    String error() {
      return json().path("error").asText();
    }
  }

  Answer call(String method, String path, @Nullable String body, @Nullable String key) {
    return call(method, path, body, key, "application/json");
  }

  Answer call(
      String method, String path, @Nullable String body, @Nullable String key, String contentType) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://" + http.address() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", contentType);
    }
    if (key != null) {
      b.header("X-API-Key", key);
    }
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          r.statusCode(),
          r.body(),
          r.headers().firstValue("Content-Type").orElse(null),
          r.headers());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Answer get(String path) {
    return call("GET", path, null, ADMIN);
  }

  Answer post(String path, String body) {
    return call("POST", path, body, ADMIN);
  }

  /** Creates the primary zone {@code zone} of {@code zoneFile} through the REST API. */
  Answer createPrimary(String zone, String zoneFile) {
    return post(
        "/api/zones",
        Json.MAPPER
            .createObjectNode()
            .put("zone", zone)
            .put("kind", "primary")
            .put("zoneFile", zoneFile)
            .toString());
  }

  /**
   * Whether the data plane lets {@code address}, signed with {@code key}, transfer {@code zone}
   * over TCP.
   */
  boolean mayTransfer(String zone, String address, @Nullable String key) {
    try {
      return plane
          .port()
          .mayTransfer(
              Name.fromString(zone),
              InetAddress.getByName(address),
              key == null ? null : Name.fromString(key),
              false); // over TCP
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    http.close();
    plane.close();
    store.close();
  }
}
