package dev.tandem.app;

import dev.tandem.api.ZoneMetrics;
import dev.tandem.control.transfer.TransferLimits;
import dev.tandem.control.zone.SerialQueryRate;
import dev.tandem.dns.engine.ResponderConfig;
import dev.tandem.server.ResponseRateLimit;
import dev.tandem.server.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tandem serve}: answers queries for the given zones until stopped. The flags, as picocli
 * fills them in; {@link ServeSettings} merges them with the configuration file.
 */
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
      description =
          "Configuration file (YAML shaped like knot.conf); flags add to it, and a flag given"
              + " wins over the file")
  @org.jspecify.annotations.Nullable
  Path config;

  @Option(
      names = "--tsig",
      paramLabel = "NAME=ALGORITHM:BASE64SECRET",
      description =
          "A TSIG key, e.g. xfr=hmac-sha256:c2VjcmV0; repeatable. Every local user can read the"
              + " command line: prefer --tsig-file")
  List<String> tsig = new ArrayList<>();

  @Option(
      names = "--tsig-file",
      paramLabel = "FILE",
      description =
          "TSIG keys from a file: BIND's key \"NAME\" { algorithm ALG; secret \"BASE64\"; };"
              + " (as tsig-keygen writes it), Knot's key: list (as keymgr -t writes it), or"
              + " NAME=ALGORITHM:BASE64SECRET lines; repeatable")
  List<Path> tsigFiles = new ArrayList<>();

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
      description = "A secondary to NOTIFY when ZONE has a new serial; repeatable")
  List<String> notify = new ArrayList<>();

  @Option(
      names = "--notify-ns",
      paramLabel = "ZONE",
      description =
          "Also NOTIFY the addresses of primary zone ZONE's NS set on port 53 (off by default:"
              + " only the --notify targets are sent NOTIFY); repeatable")
  List<String> notifyNs = new ArrayList<>();

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
      names = "--max-records-per-type",
      paramLabel = "ZONE=N",
      description =
          "Most records an UPDATE or API edit may leave in one RRset of primary zone ZONE (BIND's"
              + " max-records-per-type; default 100); repeatable")
  List<String> maxRecordsPerType = new ArrayList<>();

  @Option(
      names = "--http",
      paramLabel = "ADDR:PORT",
      description =
          "Serve the HTTP API (/api, the PowerDNS-compatible /api/v1, /metrics) on this address;"
              + " default 127.0.0.1:8053 (loopback only; a port of the system's choosing if that"
              + " one is taken)")
  @org.jspecify.annotations.Nullable
  String http;

  @Option(
      names = "--metrics-zones",
      paramLabel = "N",
      description =
          "Per-zone series on /metrics for every zone while there are at most N, else only for"
              + " the zones needing attention (expired, refresh failing, NOTIFY failing, stale"
              + " signatures, checks not ok), at most N; tandem_zones{state} counts them all; 0:"
              + " none (default: ${DEFAULT-VALUE})")
  int metricsZones = ZoneMetrics.DEFAULT_PER_ZONE;

  @Option(
      names = "--api-key",
      paramLabel = "SECRET",
      description =
          "An admin API key for this run (sent as X-API-Key or Authorization: Bearer); more"
              + " keys, with scopes, through POST /api/api-keys. Every local user can read the"
              + " command line: prefer --api-key-file or "
              + ServeSettings.API_KEY_VARIABLE)
  @org.jspecify.annotations.Nullable
  String apiKey;

  @Option(
      names = "--api-key-file",
      paramLabel = "FILE",
      description =
          "The admin API key from a file holding it alone (default: the environment's "
              + ServeSettings.API_KEY_VARIABLE
              + ", if set)")
  @org.jspecify.annotations.Nullable
  Path apiKeyFile;

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
      description =
          "Most records one zone may hold, transferred in or read from a zone file (default:"
              + " ${DEFAULT-VALUE})")
  long transferMaxRecords = TransferLimits.DEFAULT.maxRecords();

  @Option(
      names = "--transfer-max-bytes",
      paramLabel = "N",
      description =
          "Most bytes of records one zone may hold, transferred in or read from a zone file"
              + " (default: ${DEFAULT-VALUE})")
  long transferMaxBytes = TransferLimits.DEFAULT.maxBytes();

  @Option(
      names = "--transfer-timeout",
      paramLabel = "SECONDS",
      description = "Longest one transfer in may take (default: ${DEFAULT-VALUE})")
  long transferTimeout = TransferLimits.DEFAULT.timeout().toSeconds();

  @Option(
      names = "--catalog",
      paramLabel = "CATALOG=ADDR:PORT[+tls[=NAME]][,...][@KEYNAME]",
      description =
          "Follow a catalog zone (RFC 9432) from these primaries: each zone it lists is served as"
              + " a secondary zone, configured by the template of its group (else from the"
              + " catalog's primaries); repeatable")
  List<String> catalog = new ArrayList<>();

  @Option(
      names = "--catalog-template",
      paramLabel =
          "GROUP=[ADDR:PORT[+tls[=NAME]][,...][@KEYNAME]][;allow-transfer=RULE][;notify=ADDR:PORT"
              + "[@KEYNAME]][;allow-notify=RULE]",
      description =
          "How the members of a followed catalog that have this group property are configured:"
              + " their primaries (none: the catalog's), who may transfer them, whom to NOTIFY;"
              + " repeatable")
  List<String> catalogTemplate = new ArrayList<>();

  @Option(
      names = "--produce-catalog",
      paramLabel = "CATALOG[=GROUP[,GROUP...]]",
      description =
          "Make a catalog zone (RFC 9432) of the zones served here, or of those of these groups"
              + " (a zone's group: the API's \"group\"); served as a primary zone"
              + " (--allow-transfer CATALOG=..., --notify CATALOG=...); repeatable")
  List<String> produceCatalog = new ArrayList<>();

  @Option(
      names = "--tls",
      paramLabel = "ADDR[:PORT]",
      description =
          "Answer DNS over TLS here (port 853 if none given), for zone transfers over TLS (RFC"
              + " 9103); repeatable; needs --tls-certificate and --tls-key")
  List<String> tls = new ArrayList<>();

  @Option(
      names = "--tls-certificate",
      paramLabel = "FILE",
      description =
          "The certificate chain (PEM) the TLS listeners show; read again when it changes")
  @org.jspecify.annotations.Nullable
  Path tlsCertificate;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description =
          "The private key (PEM, PKCS#8) of --tls-certificate; read again when it changes")
  @org.jspecify.annotations.Nullable
  Path tlsKey;

  @Option(
      names = "--tls-auth",
      paramLabel = "NAME=pin=BASE64|ca=FILE[,hostname=NAME][,cert=FILE,key=FILE]|opportunistic",
      description =
          "How a primary reached over TLS (ADDR:PORT+tls=NAME) is authenticated: by the SHA-256"
              + " pin of its key, or by a CA and the name its certificate carries; with cert= and"
              + " key= our client certificate for mutual TLS; repeatable")
  List<String> tlsAuth = new ArrayList<>();

  @Option(
      names = "--serial-query-rate",
      paramLabel = "N",
      description =
          "SOA checks NOTIFYs may start per second, all secondary zones together (BIND's"
              + " serial-query-rate); 0: no bound (default: ${DEFAULT-VALUE})")
  int serialQueryRate = SerialQueryRate.DEFAULT;

  @Option(
      names = "--allow-serial-reset",
      paramLabel = "ZONE",
      description =
          "Let a secondary zone follow its primary when the primary's serial goes backwards (a"
              + " serial reset), by AXFR; off by default (RFC 1982 keeps the newer); repeatable")
  List<String> allowSerialReset = new ArrayList<>();

  @Option(
      names = "--check-interval",
      paramLabel = "SECONDS",
      description =
          "Check every zone's servers, at every provider, this often (jittered) and soon after"
              + " each new serial; 0: only when asked (tandem zone check) (default:"
              + " ${DEFAULT-VALUE})")
  long checkInterval = CheckSettings.DEFAULT_CHECK_INTERVAL;

  @Option(
      names = "--root-hints",
      paramLabel = "FILE",
      description =
          "Where the checks start resolving: root hints (named.root format); default: the"
              + " Internet's root servers")
  @org.jspecify.annotations.Nullable
  Path rootHints;

  @Option(
      names = "--provider",
      paramLabel = "NAME=PATTERN[,PATTERN...]",
      description =
          "Servers of a provider, by NS-name suffix (ns.example.net), address or network"
              + " (192.0.2.0/24); others are grouped by the domain of their NS name; repeatable")
  List<String> providers = new ArrayList<>();

  @Option(
      names = "--check-rate",
      paramLabel = "QUERIES",
      description = "Most queries per second the checks send (default: ${DEFAULT-VALUE})")
  int checkRate = CheckSettings.DEFAULT_CHECK_RATE;

  @Option(
      names = "--alert-webhook",
      paramLabel = "URL",
      description =
          "POST each change of a zone's or server's consistency state here, as JSON signed with"
              + " HMAC-SHA256 (X-Tandem-Signature), retried with backoff")
  @org.jspecify.annotations.Nullable
  String alertWebhook;

  @Option(
      names = "--alert-webhook-secret-file",
      paramLabel = "FILE",
      description =
          "The webhook's HMAC secret (default: the environment's "
              + CheckSettings.WEBHOOK_SECRET_VARIABLE
              + ", else one made and kept in the data directory)")
  @org.jspecify.annotations.Nullable
  Path alertWebhookSecretFile;

  @Option(
      names = "--alert-grace",
      paramLabel = "SECONDS",
      description =
          "Alert a new state once it has held this long (default: ${DEFAULT-VALUE}: at once)")
  long alertGrace;

  @Override
  public Integer call() throws Exception {
    TandemServer.Options options;
    try {
      options = ServeSettings.options(this, spec.commandLine().getParseResult(), System.getenv());
    } catch (ServeSettings.Invalid e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
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
    StartMessage.print(server, options.dataDir(), spec.commandLine().getOut());
    stopped.await();
    return 0;
  }
}
