package dev.tandem.web;

import dev.tandem.control.monitor.Monitor;
import dev.tandem.control.service.ApiKeys;
import dev.tandem.control.service.ZoneService;
import dev.tandem.control.wizard.SetupWizard;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the panel shows and changes: the control plane's use cases, the API keys that log in, the
 * cross-provider checks (null in a server that runs none), the setup wizard, the server's running
 * totals for the traffic charts ({@code queries/RCODE}, {@code transfers/DIRECTION}), the clock
 * sessions expire by.
 */
public record PanelServices(
    ZoneService zones,
    ApiKeys keys,
    @Nullable Monitor monitor,
    @Nullable SetupWizard wizard,
    Supplier<Map<String, Double>> totals,
    Clock clock,
    String version) {}
