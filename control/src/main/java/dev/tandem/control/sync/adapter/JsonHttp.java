package dev.tandem.control.sync.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Type;

/**
 * A provider's JSON API over HTTP, with an API key in {@code X-API-Key} (as PowerDNS and Tandem
 * take it): what the HTTP adapters share. An answer is sorted into the engine's kinds of failure:
 * no connection or a timeout is unreachable, 4xx refused (the provider read the request and said
 * no: its error is kept), 5xx and anything unreadable failed.
 */
final class JsonHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final URI base;
  private final String apiKey;
  private final HttpClient client;

  JsonHttp(URI base, String apiKey) {
    this.base = base;
    this.apiKey = apiKey;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** How an API writes an RRset's records in a change. */
  @FunctionalInterface
  interface RecordsJson {
    Object of(SyncRrSet rrset) throws SyncException;
  }

  /**
   * A change set as the PowerDNS API (and Tandem's, which takes the same form) reads it: per RRset
   * its name, type and changetype, REPLACE with the TTL and the records, or DELETE.
   */
  static List<Map<String, Object>> rrsetChanges(
      List<SyncAdapter.Replacement> changes, RecordsJson records) throws SyncException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (SyncAdapter.Replacement c : changes) {
      SyncRrSet a = c.after();
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("name", a.name().toString());
      r.put("type", Type.string(a.type()));
      if (a.absent()) {
        r.put("changetype", "DELETE");
      } else {
        r.put("changetype", "REPLACE");
        r.put("ttl", a.ttl());
        r.put("records", records.of(a));
      }
      out.add(r);
    }
    return out;
  }

  String describe() {
    return base.toString();
  }

  JsonNode get(String path) throws SyncException {
    String body = send("GET", path, null);
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw SyncException.failed("GET " + path + " at " + base + ": the answer is not JSON");
    }
  }

  void patch(String path, Object body) throws SyncException {
    try {
      send("PATCH", path, JSON.writeValueAsString(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw SyncException.failed("PATCH " + path + ": " + e.getMessage());
    }
  }

  private String send(String method, String path, @Nullable String body) throws SyncException {
    URI uri = base.resolve(path);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("X-API-Key", apiKey)
            .header("Accept", "application/json");
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    HttpResponse<String> answer;
    try {
      answer = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw SyncException.unreachable(method + " " + uri + " timed out", e);
    } catch (IOException e) {
      throw SyncException.unreachable(method + " " + uri + ": " + reason(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SyncException.unreachable(method + " " + uri + ": interrupted", e);
    }
    int status = answer.statusCode();
    if (status >= 200 && status < 300) {
      return answer.body();
    }
    String why = method + " " + uri + " answered " + status + ": " + error(answer.body());
    if (status >= 400 && status < 500 && status != 401 && status != 403 && status != 404) {
      throw SyncException.refused(why);
    }
    throw SyncException.failed(why);
  }

  /** The provider's own words: PowerDNS and Tandem both answer {@code {"error": "..."}}. */
  private static String error(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      if (n != null && n.path("error").isTextual()) {
        return n.path("error").asText();
      }
    } catch (IOException e) {
      // not JSON: the text itself, shortened
    }
    return body.length() > 300 ? body.substring(0, 300) + "..." : body;
  }

  private static String reason(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
