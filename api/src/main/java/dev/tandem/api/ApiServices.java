package dev.tandem.api;

import dev.tandem.control.monitor.Monitor;
import dev.tandem.control.service.ApiKeys;
import dev.tandem.control.service.ZoneService;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the API serves from: the control plane's use cases, the API keys, the cross-provider checks,
 * and the one thing only the composition root can do, re-reading the configured zone files.
 *
 * @param version Tandem's version, for {@code /api} and {@code /api/v1/servers}
 * @param monitor the cross-provider checks, or null in a server that runs none
 */
public record ApiServices(
    ZoneService zones, ApiKeys keys, Reloader reloader, String version, @Nullable Monitor monitor) {

  /** Without cross-provider checks. */
  public ApiServices(ZoneService zones, ApiKeys keys, Reloader reloader, String version) {
    this(zones, keys, reloader, version, null);
  }

  /** Re-reads the configured zone files; one line per zone saying what became of it. */
  @FunctionalInterface
  public interface Reloader {
    Result reload();

    /** What a reload did. */
    record Result(boolean ok, List<String> lines) {}
  }
}
