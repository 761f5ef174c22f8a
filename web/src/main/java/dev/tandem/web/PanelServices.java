package dev.tandem.web;

import dev.tandem.control.monitor.Monitor;
import dev.tandem.control.service.ApiKeys;
import dev.tandem.control.service.ZoneService;
import dev.tandem.control.wizard.SetupWizard;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * What the panel shows and changes: the control plane's use cases, the API keys that log in, the
 * cross-provider checks (null in a server that runs none), the setup wizard, the clock sessions
 * expire by.
 */
public record PanelServices(
    ZoneService zones,
    ApiKeys keys,
    @Nullable Monitor monitor,
    @Nullable SetupWizard wizard,
    Clock clock,
    String version) {}
