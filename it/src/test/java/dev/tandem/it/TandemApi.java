package dev.tandem.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Tandem's REST API on 127.0.0.1:{@code port}, with an admin key. */
record TandemApi(int port, String key) {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The response to {@code METHOD path} with a JSON body (or none). */
  HttpResponse<String> send(
      String method, String path, @org.jspecify.annotations.Nullable String body)
      throws IOException, InterruptedException {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("X-API-Key", key)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
  }

  /** Sends, and fails with the answer unless its status is {@code expected}. */
  String expect(
      int expected, String method, String path, @org.jspecify.annotations.Nullable String body)
      throws IOException, InterruptedException {
    HttpResponse<String> r = send(method, path, body);
    if (r.statusCode() != expected) {
      throw new AssertionError(
          method + " " + path + ": " + r.statusCode() + " (not " + expected + "): " + r.body());
    }
    return r.body();
  }

  /** A zone's status as the API gives it (parsed JSON). */
  Object status(String zone) throws IOException, InterruptedException {
    return Json.parse(expect(200, "GET", "/api/zones/" + zone, null));
  }
}
