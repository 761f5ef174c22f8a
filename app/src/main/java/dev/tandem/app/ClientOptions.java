package dev.tandem.app;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * How a client command finds the running server (a picocli mixin on every one): {@code --server
 * URL} with {@code --api-key KEY}, or the data directory of a server on this machine ({@code --data
 * DIR}), whose {@code api.json} names its API and holds a key for this run. {@code TANDEM_SERVER}
 * and {@code TANDEM_API_KEY} stand in for the flags when neither {@code --server} nor {@code
 * --data} is given.
 */
final class ClientOptions {
  static final String SERVER_ENV = "TANDEM_SERVER";
  static final String KEY_ENV = "TANDEM_API_KEY";

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "The data directory of a server running here (default: tandem-data)")
  @Nullable Path data;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "The server's API, e.g. http://192.0.2.1:8053 (default: $" + SERVER_ENV + ")")
  @Nullable String server;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      description = "The API key to send (default: $" + KEY_ENV + ", or the local one in DIR)")
  @Nullable String apiKey;

  /**
   * The client these options name: {@code --server}, else {@code --data}, else {@code
   * TANDEM_SERVER}, else the default data directory. A server named by URL takes {@code --api-key}
   * or {@code TANDEM_API_KEY}; one found through its data directory, {@code --api-key} or the local
   * key.
   */
  ApiClient connect() {
    String url = server;
    if (url == null && data == null) {
      url = env(SERVER_ENV);
    }
    if (url != null) {
      return ApiClient.connect(url, apiKey != null ? apiKey : env(KEY_ENV), Path.of(""));
    }
    return ApiClient.connect(null, apiKey, data != null ? data : DataDirectory.DEFAULT);
  }

  private static @Nullable String env(String name) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? null : v;
  }
}
