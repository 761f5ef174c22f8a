package dev.tandem.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The command line's way to the running server: its REST API, over HTTP, with an API key. Found
 * from {@code --server URL} and {@code --api-key KEY}, or from the data directory, where {@code
 * tandem serve} leaves its address and a key for this run in {@code api.json} (as knotc finds knotd
 * through its control socket).
 *
 * <p>Every failure is a {@link ClientException} whose message a person can act on: no server, a
 * server that does not answer, or the API's own error (with the field at fault).
 */
final class ApiClient implements AutoCloseable {
  /** Names the client in each request, for the server's audit log. */
  static final String CLIENT_HEADER = "X-Tandem-Client";

  static final ObjectMapper JSON = new ObjectMapper();

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** Long enough for a large zone file to be read and taken in. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);

  private final HttpClient http;
  private final String base;
  private final String key;
  private final String hint;

  /**
   * @param url the server, e.g. {@code http://127.0.0.1:8053}
   * @param key an API key
   * @param hint what to suggest when the server does not answer
   */
  ApiClient(String url, String key, String hint) {
    this.base = normalize(url);
    this.key = key;
    this.hint = hint;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
  }

  /**
   * The client for the server given by {@code --server} (with {@code --api-key}), else by the data
   * directory {@code data}.
   */
  static ApiClient connect(@Nullable String server, @Nullable String apiKey, Path data) {
    if (server != null && !server.isBlank()) {
      if (apiKey == null || apiKey.isBlank()) {
        throw new ClientException(
            "--server " + server + " needs an API key: give --api-key KEY (or set TANDEM_API_KEY)");
      }
      return new ApiClient(server, apiKey, "is tandem serve running there, with --http?");
    }
    DataDirectory.ApiAccess access;
    try {
      if (!Files.exists(DataDirectory.apiAccessFile(data))) {
        throw new NoSuchFileException(DataDirectory.apiAccessFile(data).toString());
      }
      access = DataDirectory.readApiAccess(data);
    } catch (NoSuchFileException | FileNotFoundException e) {
      throw new ClientException(
          "no server is running with data directory "
              + data
              + " (no "
              + DataDirectory.apiAccessFile(data)
              + "); start one with 'tandem serve --data "
              + data
              + "', or give --data DIR or --server URL");
    } catch (AccessDeniedException e) {
      throw new ClientException(
          "cannot read "
              + DataDirectory.apiAccessFile(data)
              + ": permission denied (run as the user tandem serve runs as)");
    } catch (IOException e) {
      throw new ClientException(
          "cannot read " + DataDirectory.apiAccessFile(data) + ": " + e.getMessage());
    }
    String key = apiKey != null && !apiKey.isBlank() ? apiKey : access.key();
    return new ApiClient(
        access.url(), key, "is tandem serve running with data directory " + data + "?");
  }

  /** {@code http://HOST:PORT}, a wildcard listening address turned into loopback. */
  static String normalize(String url) {
    String u = url.trim();
    if (!u.contains("://")) {
      u = "http://" + u;
    }
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    if (u.endsWith("/api")) {
      u = u.substring(0, u.length() - "/api".length());
    }
    return u.replace("://0.0.0.0:", "://127.0.0.1:").replace("://[::]:", "://[::1]:");
  }

  /** The server's address, as requests go to it. */
  String url() {
    return base;
  }

  /** A path segment (a zone, a name, a type) made safe for a URL. */
  static String segment(String text) {
    StringBuilder sb = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        sb.append(c);
      } else {
        sb.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return sb.toString();
  }

  /** What came back: the status and the body as text. */
  record Answer(int status, String body) {
    /** The body as JSON (a missing node if there is none). */
    JsonNode json() {
      if (body.isBlank()) {
        return MissingNode.getInstance();
      }
      try {
        return JSON.readTree(body);
      } catch (JsonProcessingException e) {
        throw new ClientException(
            "the server answered HTTP "
                + status
                + " with something that is not JSON: "
                + excerpt(body));
      }
    }
  }

  JsonNode get(String path) {
    return checked(exchange("GET", path, null, null)).json();
  }

  String getText(String path) {
    return checked(exchange("GET", path, null, null)).body();
  }

  JsonNode post(String path, @Nullable Object body) {
    return checked(exchange("POST", path, body == null ? null : json(body), "application/json"))
        .json();
  }

  JsonNode put(String path, Object body) {
    return checked(exchange("PUT", path, json(body), "application/json")).json();
  }

  JsonNode patch(String path, Object body) {
    return checked(exchange("PATCH", path, json(body), "application/json")).json();
  }

  JsonNode putText(String path, String text, String contentType) {
    return checked(exchange("PUT", path, text, contentType)).json();
  }

  void delete(String path) {
    checked(exchange("DELETE", path, null, null));
  }

  /**
   * Sends one request and returns the answer whatever its status; fails only if the server cannot
   * be reached.
   */
  Answer exchange(String method, String path, @Nullable String body, @Nullable String contentType) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(REQUEST_TIMEOUT)
            .header("X-API-Key", key)
            .header(CLIENT_HEADER, "cli") // the audit log says a change came from the CLI
            .header("Accept", "application/json");
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    try {
      HttpResponse<String> r =
          http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(r.statusCode(), r.body());
    } catch (HttpConnectTimeoutException e) {
      throw new ClientException(
          "the server at " + base + " does not answer: no connection within 5 s (" + hint + ")");
    } catch (HttpTimeoutException e) {
      throw new ClientException(
          "the server at "
              + base
              + " took longer than "
              + REQUEST_TIMEOUT.toMinutes()
              + " minutes to answer "
              + method
              + " "
              + path);
    } catch (ConnectException e) {
      throw new ClientException(
          "the server at " + base + " does not answer: " + reason(e) + " (" + hint + ")");
    } catch (IOException e) {
      throw new ClientException(
          "the server at " + base + " does not answer: " + reason(e) + " (" + hint + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException("interrupted while waiting for the server at " + base);
    } catch (IllegalArgumentException e) {
      throw new ClientException("'" + base + path + "' is not a usable URL: " + e.getMessage());
    }
  }

  /** The answer if it is a success (2xx), else the API's error as a {@link ClientException}. */
  static Answer checked(Answer a) {
    if (a.status() >= 200 && a.status() < 300) {
      return a;
    }
    JsonNode n;
    try {
      n = a.body().isBlank() ? MissingNode.getInstance() : JSON.readTree(a.body());
    } catch (JsonProcessingException e) {
      n = MissingNode.getInstance();
    }
    String error = n.path("error").isTextual() ? n.path("error").asText() : null;
    if (error == null) {
      throw new ClientException(
          "the server answered HTTP "
              + a.status()
              + (a.body().isBlank() ? "" : ": " + excerpt(a.body())),
          a.status(),
          null);
    }
    String field = n.path("field").isTextual() ? n.path("field").asText() : null;
    throw new ClientException(error, a.status(), field);
  }

  private static String json(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the request as JSON", e);
    }
  }

  private static String excerpt(String body) {
    String b = body.strip();
    return b.length() > 200 ? b.substring(0, 200) + "..." : b;
  }

  /** The most specific message in a chain of causes. */
  private static String reason(Throwable e) {
    String why = e instanceof ConnectException ? "connection refused" : null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        why = t.getMessage();
      }
    }
    return why != null ? why : e.getClass().getSimpleName();
  }

  @Override
  public void close() {
    http.close();
  }
}
