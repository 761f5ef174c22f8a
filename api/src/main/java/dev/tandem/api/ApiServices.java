package dev.tandem.api;

import dev.tandem.control.service.ApiKeys;
import dev.tandem.control.service.ZoneService;
import java.util.List;

/**
 * What the API serves from: the control plane's use cases, the API keys, and the one thing only the
 * composition root can do, re-reading the configured zone files.
 *
 * @param version Tandem's version, for {@code /api} and {@code /api/v1/servers}
 */
public record ApiServices(ZoneService zones, ApiKeys keys, Reloader reloader, String version) {

  /** Re-reads the configured zone files; one line per zone saying what became of it. */
  @FunctionalInterface
  public interface Reloader {
    Result reload();

    /** What a reload did. */
    record Result(boolean ok, List<String> lines) {}
  }
}
