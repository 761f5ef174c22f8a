package dev.tandem.app;

import dev.tandem.dns.engine.ResponderConfig;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.server.ListenAddress;
import dev.tandem.server.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (String a : dns.isEmpty() ? List.of(DEFAULT_DNS) : dns) {
      addresses.add(usage(() -> ListenAddress.parse(a, 53), "--dns"));
    }
    List<ZoneSource> sources = new ArrayList<>();
    for (String z : zones) {
      sources.add(usage(() -> ZoneSource.parse(z), "--zone"));
    }
    if (sources.isEmpty()) {
      sources.add(sampleZone());
    }
    ServerConfig server =
        usage(
            () ->
                new ServerConfig(
                    addresses,
                    threads,
                    Duration.ofSeconds(tcpIdleTimeout),
                    tcpMaxConnections,
                    ServerConfig.DEFAULT_TCP_MAX_PENDING),
            "server option");
    ResponderConfig responder =
        usage(() -> new ResponderConfig(udpMaxPayload, nsid, identity, null), "responder option");
    return new TandemServer.Options(sources, data, server, responder);
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

  private void announce(TandemServer server) {
    PrintWriter out = spec.commandLine().getOut();
    List<InetSocketAddress> bound = server.dns().addresses();
    List<String> where = bound.stream().map(ListenAddress::format).toList();
    for (ZoneSnapshot z : server.zones().all()) {
      out.printf(
          "tandem: serving %s (serial %d, %d records)%n", z.origin(), z.serial(), z.recordCount());
    }
    out.printf("tandem: listening on %s (UDP and TCP)%n", String.join(", ", where));
    InetSocketAddress first = bound.get(0);
    ZoneSnapshot any = server.zones().all().get(0);
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
