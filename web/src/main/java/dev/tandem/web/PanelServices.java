package dev.tandem.web;

import dev.tandem.control.monitor.Monitor;
import dev.tandem.control.service.ApiKeys;
import dev.tandem.control.service.ZoneService;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * What the panel shows and changes: the control plane's use cases, the API keys that log in, the
 * cross-provider checks (null in a server that runs none), the clock sessions expire by.
 */
public record PanelServices(
    ZoneService zones, ApiKeys keys, @Nullable Monitor monitor, Clock clock, String version) {}
