package dev.tandem.app;

import dev.tandem.api.ApiServices;
import dev.tandem.api.ConsistencyMetrics;
import dev.tandem.api.HttpApi;
import dev.tandem.api.SyncMetrics;
import dev.tandem.api.ZoneMetrics;
import dev.tandem.control.ControlPlane;
import dev.tandem.control.access.TsigKey;
import dev.tandem.control.catalog.Catalogs;
import dev.tandem.control.monitor.Monitor;
import dev.tandem.control.monitor.MonitorOptions;
import dev.tandem.control.monitor.Webhook;
import dev.tandem.control.primary.PrimaryConfig;
import dev.tandem.control.primary.StartingFile;
import dev.tandem.control.secondary.SecondaryConfig;
import dev.tandem.control.service.ApiKeys;
import dev.tandem.control.service.ControlObjects;
import dev.tandem.control.service.ZoneService;
import dev.tandem.control.sync.Adapters;
import dev.tandem.control.sync.PlaneZones;
import dev.tandem.control.sync.SyncAlert;
import dev.tandem.control.sync.SyncTargets;
import dev.tandem.control.transfer.HeapSteps;
import dev.tandem.control.wizard.SetupWizard;
import dev.tandem.control.zone.ZonePublisher;
import dev.tandem.dns.engine.Responder;
import dev.tandem.dns.engine.ResponderConfig;
import dev.tandem.dns.engine.ServedZones;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.server.DnsServer;
import dev.tandem.server.ListenAddress;
import dev.tandem.server.ListenException;
import dev.tandem.server.ServerConfig;
import dev.tandem.store.StoreException;
import dev.tandem.store.Stores;
import dev.tandem.store.ZoneStore;
import dev.tandem.web.Panel;
import dev.tandem.web.PanelServices;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * A running Tandem: the composition root. Everything is built here from the options and torn down
 * in reverse order; nothing else in the code base sees both the data plane and the rest.
 *
 * <p>Start-up either completes or leaves nothing behind: the data directory is locked first, then
 * every zone must load, then every address must bind, and only then is the API opened and readiness
 * reported.
 */
final class TandemServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TandemServer.class);

  private final ZoneFiles zoneFiles;
  private final AtomicReference<ServedZones> served;
  private final DnsServer dns;
  private final ControlPlane controlPlane;
  private final HttpApi http;
  private boolean httpPublic;
  private final List<AutoCloseable> opened;

  private TandemServer(
      ZoneFiles zoneFiles,
      AtomicReference<ServedZones> served,
      DnsServer dns,
      ControlPlane controlPlane,
      HttpApi http,
      List<AutoCloseable> opened) {
    this.zoneFiles = zoneFiles;
    this.served = served;
    this.dns = dns;
    this.controlPlane = controlPlane;
    this.http = http;
    this.opened = opened;
  }

  /** The settings {@code tandem serve} starts with. */
  record Options(
      List<ZoneSource> zones,
      java.nio.file.Path dataDir,
      ServerConfig server,
      ResponderConfig responder,
      Control control,
      @Nullable InetSocketAddress http,
      @Nullable String apiKey,
      @Nullable String store,
      InetSocketAddress defaultHttp,
      @Nullable Checks checks,
      int metricsZones) {
    /**
     * Without an API key or a store choice (the embedded one), the API on a loopback port of the
     * system's choosing unless {@code http} is given (a server that is not the operator's: the
     * selftest's, a test's), without cross-provider checks.
     */
    Options(
        List<ZoneSource> zones,
        java.nio.file.Path dataDir,
        ServerConfig server,
        ResponderConfig responder,
        Control control,
        @Nullable InetSocketAddress http) {
      this(
          zones,
          dataDir,
          server,
          responder,
          control,
          http,
          null,
          null,
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
          null,
          ZoneMetrics.DEFAULT_PER_ZONE);
    }
  }

  /**
   * The cross-provider checks' settings.
   *
   * @param webhook where alerts are POSTed, or null for none
   * @param webhookSecret the HMAC secret, or null to use the one kept in the data directory
   */
  record Checks(MonitorOptions options, @Nullable URI webhook, byte @Nullable [] webhookSecret) {}

  /**
   * The control plane's settings: keys, secondary zones, and for each zone file's primary zone who
   * may transfer and change it and whom to NOTIFY (zones without an entry get the defaults).
   */
  record Control(
      List<TsigKey> keys,
      List<SecondaryConfig> secondaries,
      Map<Name, PrimaryConfig> primaries,
      ControlPlane.Options options,
      Catalogs.Config catalogs) {
    /** No keys, no secondaries, no transfers. */
    static Control none() {
      return new Control(
          List.of(), List.of(), Map.of(), ControlPlane.Options.DEFAULT, Catalogs.Config.NONE);
    }
  }

  /**
   * Where the API listens when {@code --http} is not given: loopback only, so that nothing but this
   * machine reaches it, on a port that is the same every time (PowerDNS's webserver has 8081, taken
   * by many things; 8053 says DNS). Taken by another program, a loopback port of the system's
   * choosing instead, which the local CLI finds in the data directory.
   */
  static final InetSocketAddress DEFAULT_HTTP =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 8053);

  static TandemServer start(Options o) throws StartException {
    DataDirectory data = DataDirectory.open(o.dataDir());
    List<AutoCloseable> opened = new ArrayList<>();
    opened.add(data);
    try {
      checkOverlap(o);
      ZoneStore store = openStore(o.store(), data.path().resolve("tandem.db"));
      opened.add(store);
      List<TsigKey> keys = new ArrayList<>(o.control().keys());
      for (TsigKey k : ControlObjects.storedKeys(store)) {
        if (keys.stream().noneMatch(c -> c.name().equals(k.name()))) {
          keys.add(k);
        }
      }
      AtomicReference<ServedZones> served = new AtomicReference<>(ServedZones.EMPTY);
      AtomicReference<@Nullable Monitor> checking = new AtomicReference<>();
      AtomicReference<@Nullable SyncTargets> syncing = new AtomicReference<>();
      ZoneFiles zoneFiles = new ZoneFiles(o.zones(), o.control().options().limits().zone());
      ZoneFiles.Loaded loaded =
          zoneFiles.loadAll(zone -> StartingFile.storedBytesDigest(store, zone));
      List<ZoneFiles.Outcome> outcomes = loaded.outcomes();
      outcomes.forEach(ZoneFiles::report);
      long failed = outcomes.stream().filter(ZoneFiles.Outcome::failed).count();
      if (failed > 0) {
        throw new StartException(
            failed + " of " + outcomes.size() + " zones did not load (errors above)");
      }
      List<PrimaryConfig> primaries = new ArrayList<>();
      for (ZoneSource z : o.zones()) {
        primaries.add(
            o.control()
                .primaries()
                .getOrDefault(z.origin(), PrimaryConfig.of(z.origin(), z.file())));
      }
      Clock clock = Clock.systemUTC();
      ControlPlane controlPlane;
      try {
        controlPlane =
            new ControlPlane(
                o.control().secondaries(),
                primaries,
                o.control().catalogs(),
                keys,
                store,
                new Publisher(served, checking, syncing),
                o.control().options(),
                clock,
                RandomGenerator.getDefault());
      } catch (IllegalArgumentException e) {
        throw new StartException(String.valueOf(e.getMessage()));
      }
      opened.add(controlPlane);
      controlPlane.ownAddresses(o.server().addresses()); // as configured; bound ones follow
      // Zones serve at once: primaries from their files or the store, secondaries from the store;
      // writing a zone new to the store waits until the listener is up.
      CompletableFuture<Void> listening = new CompletableFuture<>();
      Map<Name, String> started = controlPlane.start(loaded.zones(), listening);
      started.forEach((zone, how) -> log.info("zone {}: {}", zone, how));
      zoneFiles.reloadInto(controlPlane);
      // Loading a large zone leaves much garbage: collect it now, not under query load, and
      // let the heap shrink back (resident memory is what operators see).
      HeapSteps.settle();
      HeapKeeper keeper = HeapKeeper.start();
      if (keeper != null) {
        opened.add(keeper);
      }
      Responder responder = new Responder(served::get, o.responder(), controlPlane.port());
      DnsServer dns;
      try {
        dns = DnsServer.start(o.server(), responder);
      } catch (ListenException e) {
        throw new StartException(String.valueOf(e.getMessage()));
      }
      opened.add(dns);
      listening.complete(null);
      controlPlane.ownAddresses(dns.addresses());
      if (shared(o.store())) {
        controlPlane.followStoreEvery(FOLLOW_STORE);
      }
      // The API always runs: on --http for everyone, else on a loopback port for the local CLI,
      // which finds it (and a key for this run) in the data directory, as knotc finds knotd.
      ApiKeys apiKeys = new ApiKeys(store, clock);
      String localKey = ApiKeys.randomSecret();
      apiKeys.allowLocal("local-cli", localKey, ApiKeys.Scope.ADMIN);
      String flagKey = o.apiKey();
      if (flagKey != null) {
        apiKeys.allowLocal("--api-key", flagKey, ApiKeys.Scope.ADMIN);
      }
      ZoneService zoneService = new ZoneService(controlPlane, store, o.control().keys(), clock);
      Monitor monitor = null;
      Checks checks = o.checks();
      Webhook webhook = checks == null ? null : Checking.webhook(checks, data, opened);
      if (checks != null) {
        monitor = Checking.start(checks, webhook, controlPlane, store, clock, opened);
        checking.set(monitor);
      }
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      ZoneMetrics.register(
          registry, controlPlane, clock, responder.counters(), monitor, o.metricsZones());
      TransportMetrics.register(registry, dns.counters());
      if (monitor != null) {
        ConsistencyMetrics.register(registry, monitor);
      }
      // Sync targets alert as the checks do: through the same webhook, after the same grace.
      List<SyncAlert.Sink> syncSinks = new ArrayList<>();
      if (webhook != null) {
        syncSinks.add(a -> webhook.post(a.id(), a.json()));
      }
      SyncTargets sync =
          new SyncTargets(
              store,
              new PlaneZones(controlPlane, zoneService),
              Adapters.of(controlPlane::tsig),
              clock,
              SYNC_TICK,
              syncSinks,
              checks == null ? java.time.Duration.ZERO : checks.options().grace());
      opened.add(sync);
      if (shared(o.store())) {
        // One node pushes to each target at a time; named by host and process, unique among them.
        sync.share(nodeName(), FOLLOW_STORE);
      }
      sync.start();
      syncing.set(sync);
      SyncMetrics.register(registry, sync);
      ApiServices services =
          new ApiServices(
              zoneService, apiKeys, () -> reloadResult(zoneFiles), version(), monitor, sync);
      // The control panel: pages at / on the same server, over the same use cases.
      SetupWizard wizard =
          new SetupWizard(zoneService, monitor, store, clock, dns.addresses(), sync);
      PanelServices panel =
          new PanelServices(
              zoneService, apiKeys, monitor, wizard, () -> Totals.of(registry), clock, version());
      java.util.function.Consumer<io.javalin.config.RoutesConfig> pages =
          routes -> Panel.mount(routes, panel);
      HttpApi http;
      InetSocketAddress given = o.http();
      try {
        http = HttpApi.start(given != null ? given : o.defaultHttp(), registry, services, pages);
      } catch (IllegalStateException e) {
        if (given != null) {
          throw new StartException(String.valueOf(e.getMessage()));
        }
        // Another program (another Tandem) has the default address: the API still runs for the
        // local CLI, which finds it in the data directory.
        log.warn(
            "the API's default address {} is taken ({}): it listens on a loopback port of its own"
                + " instead (see {}); give --http to choose",
            ListenAddress.format(o.defaultHttp()),
            e.getMessage(),
            DataDirectory.apiAccessFile(o.dataDir()));
        try {
          http =
              HttpApi.start(
                  new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                  registry,
                  services,
                  pages);
        } catch (IllegalStateException again) {
          throw new StartException(String.valueOf(again.getMessage()));
        }
      }
      opened.add(http);
      data.writeApiAccess("http://" + http.address(), localKey);
      TandemServer server = new TandemServer(zoneFiles, served, dns, controlPlane, http, opened);
      server.httpPublic = given != null;
      Reload.onHangup(server::reload);
      if (monitor != null) {
        monitor.start(); // after the listeners: our own addresses are known
      }
      return server;
    } catch (StartException | RuntimeException e) {
      for (int i = opened.size() - 1; i >= 0; i--) {
        closeQuietly(opened.get(i));
      }
      throw e;
    }
  }

  /** This node's name among those sharing a store: host and process, unique among them. */
  private static String nodeName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "localhost";
    }
    return host + "/" + ProcessHandle.current().pid();
  }

  /** How often each primary/primary sync target looks for a new serial to push. */
  private static final java.time.Duration SYNC_TICK = java.time.Duration.ofMillis(200);

  /** How often a node sharing its store with others looks for their changes. */
  private static final java.time.Duration FOLLOW_STORE = java.time.Duration.ofSeconds(1);

  private static boolean shared(@Nullable String store) {
    return store != null && (store.startsWith("postgres") || store.startsWith("jdbc:"));
  }

  private static ZoneStore openStore(@Nullable String spec, java.nio.file.Path file)
      throws StartException {
    try {
      return Stores.open(spec, file);
    } catch (StoreException e) {
      throw new StartException(String.valueOf(e.getMessage()));
    }
  }

  private static ApiServices.Reloader.Result reloadResult(ZoneFiles zoneFiles) {
    List<String> lines = new ArrayList<>();
    boolean ok = true;
    for (ZoneFiles.Outcome o : zoneFiles.reload()) {
      o.problems().forEach(p -> lines.add(o.source().origin() + ": " + p));
      lines.add(o.source().origin() + ": " + o.status());
      ok &= !o.failed();
    }
    return new ApiServices.Reloader.Result(ok, lines);
  }

  private static String version() {
    String v = TandemServer.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }

  private static void checkOverlap(Options o) throws StartException {
    for (SecondaryConfig s : o.control().secondaries()) {
      for (ZoneSource f : o.zones()) {
        if (f.origin().equals(s.zone())) {
          throw new StartException(
              "zone " + s.zone() + " is given both as a zone file and as a secondary");
        }
      }
    }
  }

  DnsServer dns() {
    return dns;
  }

  ControlPlane controlPlane() {
    return controlPlane;
  }

  HttpApi http() {
    return http;
  }

  /** Whether the API listens where the operator asked (--http), not only for the local CLI. */
  boolean httpPublic() {
    return httpPublic;
  }

  ServedZones zones() {
    return served.get();
  }

  /** Re-reads the zone files (SIGHUP). */
  void reload() {
    log.info("reloading zone files");
    zoneFiles.reload();
    dns.reloadTls();
  }

  /** Re-reads the zone files and returns what became of each. */
  List<ZoneFiles.Outcome> reloadNow() {
    return zoneFiles.reload();
  }

  /** Closes everything in the reverse order of opening. */
  @Override
  public void close() {
    for (int i = opened.size() - 1; i >= 0; i--) {
      closeQuietly(opened.get(i));
    }
  }

  /**
   * Publishes the control plane's zones into the served map, one atomic swap each, and tells the
   * sync targets and the checks of each new version (they look again soon, to see it reach the
   * other servers).
   */
  private record Publisher(
      AtomicReference<ServedZones> served,
      AtomicReference<@Nullable Monitor> checking,
      AtomicReference<@Nullable SyncTargets> syncing)
      implements ZonePublisher {
    @Override
    public void publish(ZoneSnapshot zone) {
      served.updateAndGet(s -> s.with(zone));
      Monitor m = checking.get();
      if (m != null) {
        m.published(zone.origin(), zone.serial());
      }
      SyncTargets s = syncing.get();
      if (s != null) {
        s.published(zone.origin()); // pushed to the zone's sync targets now, not at the next tick
      }
    }

    @Override
    public void unavailable(Name zone) {
      served.updateAndGet(s -> s.withUnavailable(zone));
    }

    @Override
    public void remove(Name zone) {
      served.updateAndGet(s -> s.without(zone));
      SyncTargets s = syncing.get();
      if (s != null) {
        s.zoneRemoved(zone); // a deleted zone's sync targets go with it
      }
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      log.debug("while closing: {}", e.toString());
    }
  }
}
