package dev.tandem.app;

import dev.tandem.api.HttpApi;
import dev.tandem.control.AclRule;
import dev.tandem.control.ControlPlane;
import dev.tandem.control.JournalWindow;
import dev.tandem.control.Names;
import dev.tandem.control.PrimaryConfig;
import dev.tandem.control.Remote;
import dev.tandem.control.SecondaryConfig;
import dev.tandem.control.SerialPolicy;
import dev.tandem.control.TransferLimits;
import dev.tandem.control.TsigKey;
import dev.tandem.control.UpdateRule;
import dev.tandem.control.ZoneStatus;
import dev.tandem.dns.engine.ResponderConfig;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.server.ListenAddress;
import dev.tandem.server.ResponseRateLimit;
import dev.tandem.server.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.xbill.DNS.Name;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tandem serve}: answers queries for the given zones until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves zones over UDP and TCP until stopped (SIGTERM or Ctrl-C).",
      "With no --zone it serves a sample zone from the data directory, so that"
          + " 'tandem serve' alone gives a working server to query.",
      "SIGHUP or 'tandem reload' re-reads the zone files."
    })
final class ServeCommand implements Callable<Integer> {
  static final String DEFAULT_DNS = "127.0.0.1:5300";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--dns",
      paramLabel = "ADDR:PORT",
      description = "Address to answer on, UDP and TCP; repeatable (default: " + DEFAULT_DNS + ")")
  List<String> dns = new ArrayList<>();

  @Option(
      names = "--zone",
      paramLabel = "ORIGIN=FILE",
      description = "A zone to serve from a zone file; repeatable")
  List<String> zones = new ArrayList<>();

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Data directory (default: ${DEFAULT-VALUE}, created if missing)")
  Path data = DataDirectory.DEFAULT;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Event loops, i.e. cores to use (default: all, here ${DEFAULT-VALUE})")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--nsid",
      paramLabel = "TEXT",
      description = "Name server identifier for clients that ask (RFC 5001)")
  @org.jspecify.annotations.Nullable
  String nsid;

  @Option(
      names = "--identity",
      paramLabel = "TEXT",
      description = "Answer to CHAOS TXT id.server and hostname.bind (default: refused)")
  @org.jspecify.annotations.Nullable
  String identity;

  @Option(
      names = "--udp-max-payload",
      paramLabel = "BYTES",
      description = "Largest UDP response to EDNS clients (default: ${DEFAULT-VALUE})")
  int udpMaxPayload = ResponderConfig.DEFAULT_UDP_MAX_PAYLOAD;

  @Option(
      names = "--tcp-idle-timeout",
      paramLabel = "SECONDS",
      description = "Close TCP connections idle this long (default: ${DEFAULT-VALUE})")
  int tcpIdleTimeout = (int) ServerConfig.DEFAULT_TCP_IDLE_TIMEOUT.toSeconds();

  @Option(
      names = "--tcp-max-connections",
      paramLabel = "N",
      description = "Most TCP connections at once (default: ${DEFAULT-VALUE})")
  int tcpMaxConnections = ServerConfig.DEFAULT_TCP_MAX_CONNECTIONS;

  @Option(
      names = "--tcp-message-timeout",
      paramLabel = "MILLISECONDS",
      description =
          "Close TCP connections that take longer to send one whole message (default:"
              + " ${DEFAULT-VALUE})")
  long tcpMessageTimeout = ServerConfig.DEFAULT_TCP_MESSAGE_TIMEOUT.toMillis();

  @Option(
      names = "--tcp-max-connections-per-address",
      paramLabel = "N",
      description = "Most TCP connections at once from one address (default: ${DEFAULT-VALUE})")
  int tcpMaxConnectionsPerAddress = ServerConfig.DEFAULT_TCP_MAX_CONNECTIONS_PER_ADDRESS;

  @Option(
      names = "--rrl-rate",
      paramLabel = "N",
      description =
          "Response rate limiting: UDP responses per second to one network; 0: off (default:"
              + " ${DEFAULT-VALUE})")
  int rrlRate = ResponseRateLimit.DEFAULT_RATE;

  @Option(
      names = "--rrl-slip",
      paramLabel = "N",
      description =
          "Over the rate, send every N-th response truncated (TC) and drop the others; 0: drop"
              + " all (default: ${DEFAULT-VALUE})")
  int rrlSlip = ResponseRateLimit.DEFAULT_SLIP;

  @Option(
      names = "--rrl-ipv4-prefix",
      paramLabel = "BITS",
      description =
          "IPv4 clients are limited by network of this length (default: ${DEFAULT-VALUE})")
  int rrlIpv4Prefix = ResponseRateLimit.DEFAULT_IPV4_PREFIX;

  @Option(
      names = "--rrl-ipv6-prefix",
      paramLabel = "BITS",
      description =
          "IPv6 clients are limited by network of this length (default: ${DEFAULT-VALUE})")
  int rrlIpv6Prefix = ResponseRateLimit.DEFAULT_IPV6_PREFIX;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Configuration file (YAML shaped like knot.conf); flags add to it")
  @org.jspecify.annotations.Nullable
  Path config;

  @Option(
      names = "--tsig",
      paramLabel = "NAME=ALGORITHM:BASE64SECRET",
      description = "A TSIG key, e.g. xfr=hmac-sha256:c2VjcmV0; repeatable")
  List<String> tsig = new ArrayList<>();

  @Option(
      names = "--secondary",
      paramLabel = "ZONE=ADDR:PORT[,ADDR:PORT...][@KEYNAME]",
      description =
          "A secondary zone and its primaries in order, TSIG-signed with KEYNAME if given;"
              + " repeatable")
  List<String> secondary = new ArrayList<>();

  @Option(
      names = "--allow-transfer",
      paramLabel = "ZONE=PREFIX[@KEYNAME]",
      description = "Who may transfer ZONE (AXFR/IXFR); nobody by default; repeatable")
  List<String> allowTransfer = new ArrayList<>();

  @Option(
      names = "--allow-notify",
      paramLabel = "ZONE=PREFIX[@KEYNAME]",
      description = "Who besides its primaries may NOTIFY a secondary zone; repeatable")
  List<String> allowNotify = new ArrayList<>();

  @Option(
      names = "--notify",
      paramLabel = "ZONE=ADDR:PORT[@KEYNAME]",
      description =
          "A secondary to NOTIFY when ZONE has a new serial (besides, for a primary zone that"
              + " others may transfer, the addresses of its NS set); repeatable")
  List<String> notify = new ArrayList<>();

  @Option(
      names = "--allow-update",
      paramLabel = "ZONE=KEYNAME[:NAME[:TYPE,...]]",
      description =
          "Who may change a primary zone by RFC 2136 UPDATE: requests signed with KEYNAME,"
              + " anywhere in the zone or at and below NAME, any type or those listed; repeatable")
  List<String> allowUpdate = new ArrayList<>();

  @Option(
      names = "--serial-policy",
      paramLabel = "ZONE=POLICY",
      description =
          "How a primary zone's serial moves on each change: increment (default), unixtime,"
              + " dateserial; repeatable")
  List<String> serialPolicy = new ArrayList<>();

  @Option(
      names = "--http",
      paramLabel = "ADDR:PORT",
      description =
          "Serve the HTTP API (/api, the PowerDNS-compatible /api/v1, /metrics) on this address;"
              + " without it the API listens on a loopback port for the local CLI only")
  @org.jspecify.annotations.Nullable
  String http;

  @Option(
      names = "--api-key",
      paramLabel = "SECRET",
      description =
          "An admin API key for this run (sent as X-API-Key or Authorization: Bearer); more"
              + " keys, with scopes, through POST /api/api-keys")
  @org.jspecify.annotations.Nullable
  String apiKey;

  @Option(
      names = "--store",
      paramLabel = "STORE",
      description =
          "Where zones, keys and history are kept: 'embedded' (default: SQLite in the data"
              + " directory) or postgresql://USER:PASSWORD@HOST:PORT/DATABASE, which several"
              + " Tandem nodes may share")
  @org.jspecify.annotations.Nullable
  String store;

  @Option(
      names = "--transfer-max-records",
      paramLabel = "N",
      description = "Most records one transfer in may bring (default: ${DEFAULT-VALUE})")
  long transferMaxRecords = TransferLimits.DEFAULT.maxRecords();

  @Option(
      names = "--transfer-max-bytes",
      paramLabel = "N",
      description = "Most bytes one transfer in may bring (default: ${DEFAULT-VALUE})")
  long transferMaxBytes = TransferLimits.DEFAULT.maxBytes();

  @Option(
      names = "--transfer-timeout",
      paramLabel = "SECONDS",
      description = "Longest one transfer in may take (default: ${DEFAULT-VALUE})")
  long transferTimeout = TransferLimits.DEFAULT.timeout().toSeconds();

  @Override
  public Integer call() throws Exception {
    TandemServer.Options options = options();
    TandemServer server;
    try {
      server = TandemServer.start(options);
    } catch (StartException e) {
      spec.commandLine().getErr().println("tandem: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "tandem-shutdown"));
    announce(server);
    stopped.await();
    return 0;
  }

  private TandemServer.Options options() {
    ConfigFile.Settings file = null;
    Path configFile = config;
    if (configFile != null) {
      file = usage(() -> ConfigFile.read(configFile), "--config");
    }
    List<String> listen = new ArrayList<>(dns);
    if (listen.isEmpty() && file != null) {
      listen.addAll(file.listen());
    }
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (String a : listen.isEmpty() ? List.of(DEFAULT_DNS) : listen) {
      addresses.add(usage(() -> ListenAddress.parse(a.replace('@', ':'), 53), "--dns"));
    }
    List<ZoneSource> sources = new ArrayList<>();
    if (file != null) {
      sources.addAll(file.zoneFiles());
    }
    for (String z : zones) {
      sources.add(usage(() -> ZoneSource.parse(z), "--zone"));
    }
    TandemServer.Control control = control(file, sources);
    if (sources.isEmpty() && control.secondaries().isEmpty()) {
      sources.add(sampleZone());
    }
    String httpText = http != null ? http : file != null ? file.http() : null;
    InetSocketAddress httpAddress =
        httpText == null ? null : usage(() -> ListenAddress.parse(httpText, 8053), "--http");
    ServerConfig server =
        usage(
            () ->
                new ServerConfig(
                        addresses,
                        threads,
                        Duration.ofSeconds(tcpIdleTimeout),
                        tcpMaxConnections,
                        ServerConfig.DEFAULT_TCP_MAX_PENDING)
                    .withTcpMessageTimeout(Duration.ofMillis(tcpMessageTimeout))
                    .withTcpMaxConnectionsPerAddress(tcpMaxConnectionsPerAddress)
                    .withRateLimit(
                        new ResponseRateLimit(rrlRate, rrlSlip, rrlIpv4Prefix, rrlIpv6Prefix)),
            "server option");
    ResponderConfig responder =
        usage(() -> new ResponderConfig(udpMaxPayload, nsid, identity, null), "responder option");
    return new TandemServer.Options(
        sources, data, server, responder, control, httpAddress, apiKey, store);
  }

  /** Keys, secondaries and transfer rules from the file (if any) and the flags. */
  private TandemServer.Control control(
      ConfigFile.@org.jspecify.annotations.Nullable Settings file, List<ZoneSource> sources) {
    List<TsigKey> keys = new ArrayList<>(file == null ? List.of() : file.keys());
    for (String k : tsig) {
      keys.add(usage(() -> TsigKey.parse(k), "--tsig"));
    }
    Map<Name, List<AclRule>> transfer = new LinkedHashMap<>();
    if (file != null) {
      file.allowTransfer().forEach((z, rules) -> transfer.put(z, new ArrayList<>(rules)));
    }
    for (String t : allowTransfer) {
      ZoneArg<AclRule> a = usage(() -> ZoneArg.parse(t, AclRule::parse), "--allow-transfer");
      transfer.computeIfAbsent(a.zone(), z -> new ArrayList<>()).add(a.value());
    }
    Map<Name, List<AclRule>> notifyFrom = new LinkedHashMap<>();
    for (String t : allowNotify) {
      ZoneArg<AclRule> a = usage(() -> ZoneArg.parse(t, AclRule::parse), "--allow-notify");
      notifyFrom.computeIfAbsent(a.zone(), z -> new ArrayList<>()).add(a.value());
    }
    Map<Name, List<Remote>> downstream = new LinkedHashMap<>();
    if (file != null) {
      file.alsoNotify().forEach((z, targets) -> downstream.put(z, new ArrayList<>(targets)));
    }
    for (String t : notify) {
      ZoneArg<Remote> a = usage(() -> ZoneArg.parse(t, ZoneArg::remote), "--notify");
      downstream.computeIfAbsent(a.zone(), z -> new ArrayList<>()).add(a.value());
    }
    List<SecondaryConfig> secondaries =
        new ArrayList<>(file == null ? List.of() : file.secondaries());
    for (String s : secondary) {
      secondaries.add(usage(() -> SecondaryConfig.parse(s), "--secondary"));
    }
    List<SecondaryConfig> merged = new ArrayList<>();
    for (SecondaryConfig s : secondaries) {
      SecondaryConfig m =
          s.withDownstream(
              downstream.getOrDefault(s.zone(), List.of()),
              transfer.getOrDefault(s.zone(), List.of()));
      List<AclRule> extraNotify = notifyFrom.getOrDefault(s.zone(), List.of());
      if (!extraNotify.isEmpty()) {
        List<AclRule> all = new ArrayList<>(m.allowNotify());
        all.addAll(extraNotify);
        m = new SecondaryConfig(m.zone(), m.primaries(), all, m.downstream(), m.allowTransfer());
      }
      merged.add(m);
      transfer.remove(s.zone());
      downstream.remove(s.zone());
      notifyFrom.remove(s.zone());
    }
    Map<Name, List<UpdateRule>> updates = new LinkedHashMap<>();
    if (file != null) {
      file.allowUpdate().forEach((z, rules) -> updates.put(z, new ArrayList<>(rules)));
    }
    for (String t : allowUpdate) {
      ZoneArg<UpdateRule> a = usage(() -> ZoneArg.parse(t, UpdateRule::parse), "--allow-update");
      updates.computeIfAbsent(a.zone(), z -> new ArrayList<>()).add(a.value());
    }
    Map<Name, SerialPolicy> policies = new LinkedHashMap<>();
    if (file != null) {
      policies.putAll(file.serialPolicies());
    }
    for (String t : serialPolicy) {
      ZoneArg<SerialPolicy> a =
          usage(() -> ZoneArg.parse(t, SerialPolicy::parse), "--serial-policy");
      policies.put(a.zone(), a.value());
    }
    Map<Name, PrimaryConfig> primaries = new LinkedHashMap<>();
    for (ZoneSource z : sources) {
      Name zone = z.origin();
      PrimaryConfig c =
          PrimaryConfig.of(zone, z.file())
              .withAccess(
                  transfer.getOrDefault(zone, List.of()),
                  downstream.getOrDefault(zone, List.of()),
                  updates.getOrDefault(zone, List.of()))
              .withSerialPolicy(policies.getOrDefault(zone, SerialPolicy.INCREMENT));
      JournalWindow.Limits journal = file == null ? null : file.journalLimits().get(zone);
      if (journal != null) {
        c = c.withJournal(journal);
      }
      primaries.put(zone, c);
      transfer.remove(zone);
      downstream.remove(zone);
      updates.remove(zone);
      policies.remove(zone);
    }
    // A setting for a zone served neither way is a mistake (a typo in the zone's name, most
    // likely): say so rather than ignore it.
    if (!notifyFrom.isEmpty()) {
      throw usageError("--allow-notify", notifyFrom.keySet(), "is not a secondary zone here");
    }
    if (!downstream.isEmpty()) {
      throw usageError("--notify", downstream.keySet(), "is not served here");
    }
    if (!transfer.isEmpty()) {
      throw usageError("--allow-transfer", transfer.keySet(), "is not served here");
    }
    if (!updates.isEmpty()) {
      throw usageError("--allow-update", updates.keySet(), "is not a primary zone here");
    }
    if (!policies.isEmpty()) {
      throw usageError("--serial-policy", policies.keySet(), "is not a primary zone here");
    }
    long seconds =
        file != null
                && file.timeoutSeconds() != null
                && transferTimeout == TransferLimits.DEFAULT.timeout().toSeconds()
            ? file.timeoutSeconds()
            : transferTimeout;
    TransferLimits limits =
        usage(
            () ->
                new TransferLimits(
                    file != null
                            && file.maxRecords() != null
                            && transferMaxRecords == TransferLimits.DEFAULT.maxRecords()
                        ? file.maxRecords()
                        : transferMaxRecords,
                    file != null
                            && file.maxBytes() != null
                            && transferMaxBytes == TransferLimits.DEFAULT.maxBytes()
                        ? file.maxBytes()
                        : transferMaxBytes,
                    Duration.ofSeconds(seconds)),
            "transfer limit");
    return new TandemServer.Control(
        keys, merged, primaries, ControlPlane.Options.DEFAULT.withLimits(limits));
  }

  private CommandLine.ParameterException usageError(
      String flag, java.util.Set<Name> zones, String problem) {
    return new CommandLine.ParameterException(
        spec.commandLine(), "invalid " + flag + ": " + zones.iterator().next() + " " + problem);
  }

  private <T> T usage(java.util.function.Supplier<T> parse, String what) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "invalid " + what + ": " + e.getMessage());
    }
  }

  /** The zone served when none is given: written to the data directory on first use. */
  private ZoneSource sampleZone() {
    Path file = data.resolve("zones").resolve("example.test.zone");
    if (!Files.exists(file)) {
      try {
        Files.createDirectories(file.getParent());
        Files.writeString(file, SAMPLE_ZONE, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "cannot write the sample zone " + file + ": " + e.getMessage());
      }
    }
    return ZoneSource.parse("example.test=" + file);
  }

  /** A {@code ZONE=VALUE} argument. */
  record ZoneArg<T>(Name zone, T value) {
    static <T> ZoneArg<T> parse(String text, java.util.function.Function<String, T> value) {
      int eq = text.indexOf('=');
      if (eq <= 0 || eq == text.length() - 1) {
        throw new IllegalArgumentException("'" + text + "' is not of the form ZONE=VALUE");
      }
      return new ZoneArg<>(
          Names.parse(text.substring(0, eq), "'" + text + "'"),
          value.apply(text.substring(eq + 1)));
    }

    /** {@code ADDR:PORT[@KEYNAME]}. */
    static Remote remote(String text) {
      return Remote.parse(text);
    }
  }

  private void announce(TandemServer server) {
    PrintWriter out = spec.commandLine().getOut();
    List<InetSocketAddress> bound = server.dns().addresses();
    List<String> where = bound.stream().map(ListenAddress::format).toList();
    for (ZoneStatus s : server.controlPlane().status()) {
      if (s.kind().equals("primary")) {
        ZoneSnapshot z = server.zones().get(s.zone());
        out.printf(
            "tandem: serving %s (serial %d, %d records)%n",
            s.zone(), s.serial(), z == null ? 0 : z.recordCount());
        continue;
      }
      out.printf(
          "tandem: secondary %s from %s: %s%n",
          s.zone(),
          String.join(", ", s.primaries()),
          s.serial() < 0
              ? "no data yet, transferring"
              : "serving serial " + s.serial() + " (" + s.state() + ")");
    }
    out.printf("tandem: listening on %s (UDP and TCP)%n", String.join(", ", where));
    HttpApi httpApi = server.http();
    if (server.httpPublic()) {
      out.printf(
          "tandem: API at http://%s/api (OpenAPI: /api/openapi.json; PowerDNS-compatible:"
              + " /api/v1), metrics at /metrics%n",
          httpApi.address());
    }
    InetSocketAddress first = bound.get(0);
    List<ZoneSnapshot> all = server.zones().all();
    if (all.isEmpty()) {
      out.flush();
      return;
    }
    ZoneSnapshot any = all.get(0);
    String name =
        any.origin().toString().equals("example.test.")
            ? "www.example.test"
            : any.origin().toString();
    out.printf(
        "tandem: try: dig @%s -p %d %s A%n",
        first.getAddress().getHostAddress(), first.getPort(), name);
    out.printf("tandem: reload zone files with 'tandem reload --data %s' or SIGHUP%n", data);
    out.flush();
  }

  static final String SAMPLE_ZONE =
      """
      ; A sample zone, written by 'tandem serve' when started without --zone.
      $ORIGIN example.test.
      $TTL 3600
      @       SOA   ns1 hostmaster 1 3600 900 1209600 300
              NS    ns1
              MX    10 mail
      ns1     A     127.0.0.1
      www     A     192.0.2.80
              AAAA  2001:db8::80
      mail    A     192.0.2.25
      *.apps  CNAME www
      """;
}
