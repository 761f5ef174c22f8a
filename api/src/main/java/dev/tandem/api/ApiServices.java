package dev.tandem.api;

import dev.tandem.control.monitor.Monitor;
import dev.tandem.control.service.ApiKeys;
import dev.tandem.control.service.ZoneService;
import dev.tandem.control.sync.SyncTargets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the API serves from: the control plane's use cases, the API keys, the cross-provider checks,
 * and the one thing only the composition root can do, re-reading the configured zone files.
 *
 * @param version Tandem's version, for {@code /api} and {@code /api/v1/servers}
 * @param monitor the cross-provider checks, or null in a server that runs none
 * @param sync the primary/primary sync targets, or null in a server without them
 */
public record ApiServices(
    ZoneService zones,
    ApiKeys keys,
    Reloader reloader,
    String version,
    @Nullable Monitor monitor,
    @Nullable SyncTargets sync) {

  /** Without primary/primary sync. */
  public ApiServices(
      ZoneService zones,
      ApiKeys keys,
      Reloader reloader,
      String version,
      @Nullable Monitor monitor) {
    this(zones, keys, reloader, version, monitor, null);
  }

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
