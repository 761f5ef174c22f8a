package dev.tandem.dns.engine;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * How the responder answers, fixed at start.
 *
 * @param udpMaxPayload the largest UDP response we send to an EDNS client (RFC 6891 section 6.2.5);
 *     1232 by default, the DNS Flag Day 2020 value that avoids IP fragmentation
 * @param nsid the name server identifier returned to clients that ask (RFC 5001), or null
 * @param identity answered to CHAOS TXT queries for id.server and hostname.bind, or null to refuse
 * @param version answered to CHAOS TXT queries for version.server and version.bind, or null
 */
public record ResponderConfig(
    int udpMaxPayload, @Nullable String nsid, @Nullable String identity, @Nullable String version) {
  public static final int DEFAULT_UDP_MAX_PAYLOAD = 1232;

  public static ResponderConfig defaults() {
    return new ResponderConfig(DEFAULT_UDP_MAX_PAYLOAD, null, null, null);
  }

  public ResponderConfig {
    if (udpMaxPayload < 512 || udpMaxPayload > 65535) {
      throw new IllegalArgumentException(
          "UDP payload size must be between 512 and 65535, not " + udpMaxPayload);
    }
    if (nsid != null) {
      int len = nsid.getBytes(StandardCharsets.UTF_8).length;
      if (len == 0 || len > 512) {
        throw new IllegalArgumentException("NSID must be 1 to 512 bytes");
      }
    }
  }

  /** The NSID option's payload, or null. */
  byte @Nullable [] nsidBytes() {
    return nsid == null ? null : nsid.getBytes(StandardCharsets.UTF_8);
  }
}
