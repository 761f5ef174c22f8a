package dev.tandem.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** What the sync ITs ask of Tandem's API: a primary zone from its text, an RFC 2136 target. */
final class SyncApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SyncApi() {}

  static void primaryZone(TandemApi api, String zone, String zoneFile) throws Exception {
    api.expect(
        201,
        "POST",
        "/api/zones",
        JSON.writeValueAsString(Map.of("zone", zone, "kind", "primary", "zoneFile", zoneFile)));
  }

  /**
   * Adds target {@code name}: the primary on 127.0.0.1:{@code port}, updated with TSIG {@code key}.
   */
  static void addRfc2136(TandemApi api, String zone, String name, int port, String key)
      throws Exception {
    api.expect(
        201,
        "POST",
        "/api/zones/" + zone + "/sync",
        JSON.writeValueAsString(
            Map.of("name", name, "kind", "rfc2136", "endpoint", "127.0.0.1:" + port, "key", key)));
  }
}
