package dev.tandem.app;

import dev.tandem.control.ControlPlane;
import dev.tandem.control.access.AclRule;
import dev.tandem.control.access.Names;
import dev.tandem.control.access.Remote;
import dev.tandem.control.access.TlsAuth;
import dev.tandem.control.access.TsigKey;
import dev.tandem.control.access.UpdateRule;
import dev.tandem.control.catalog.CatalogTemplate;
import dev.tandem.control.catalog.Catalogs;
import dev.tandem.control.catalog.ConsumedCatalog;
import dev.tandem.control.catalog.ProducedCatalog;
import dev.tandem.control.primary.PrimaryConfig;
import dev.tandem.control.primary.SerialPolicy;
import dev.tandem.control.secondary.SecondaryConfig;
import dev.tandem.control.transfer.TransferLimits;
import dev.tandem.control.zone.JournalWindow;
import dev.tandem.dns.engine.ResponderConfig;
import dev.tandem.dns.zone.RrSetLimits;
import dev.tandem.server.ListenAddress;
import dev.tandem.server.ResponseRateLimit;
import dev.tandem.server.ServerConfig;
import dev.tandem.server.ServerTls;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import picocli.CommandLine;

/**
 * What {@code tandem serve} runs with, built once from the configuration file (if any), the flags
 * as given and the environment. Every rule for which of them wins lives here:
 *
 * <ul>
 *   <li>A flag given on the command line wins over the file, also when it is given with its default
 *       value: whether it was given is asked of the parse, never guessed by comparing with the
 *       default. A flag not given leaves the file's value, else the default. So for {@code --http}
 *       and the {@code --transfer-*} limits; {@code --dns} replaces the file's {@code listen} list
 *       as a whole.
 *   <li>Zones and TSIG keys have names: the flags' are added to the file's, and one the file names
 *       too replaces the file's. A {@code --zone} or {@code --secondary} for a zone of the file
 *       changes where the zone comes from; the file's rules for it stay where they still apply
 *       (transfer and NOTIFY rules always; UPDATE rules, serial policy and journal limits while it
 *       is a primary zone; who may NOTIFY it while it is a secondary one).
 *   <li>Access rules ({@code --allow-transfer}, {@code --notify}, {@code --allow-notify}, {@code
 *       --allow-update}) are added to the file's for their zone; {@code --serial-policy} replaces
 *       the file's for its zone.
 *   <li>Secrets stay off the command line if the operator likes: {@code --tsig-file} keys count as
 *       {@code --tsig} ones, and the admin API key is {@code --api-key} or {@code --api-key-file},
 *       else {@code TANDEM_API_KEY} from the environment.
 * </ul>
 *
 * A rule for a zone served neither way, or a zone or key given twice by flags, is an error: a typo
 * in a name, most likely, which silence would turn into an outage.
 */
final class ServeSettings {
  /** The environment variable that holds the admin API key when no flag gives one. */
  static final String API_KEY_VARIABLE = "TANDEM_API_KEY";

  private ServeSettings() {}

  /** A setting that cannot be used, with the flag or file it came from: a usage error (exit 2). */
  static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  /**
   * The server's options from the flags of {@code serve} (as {@code given} says which were on the
   * command line), the file they name with {@code --config}, and {@code env}.
   *
   * @throws Invalid naming the flag or file and what is wrong
   */
  static TandemServer.Options options(
      ServeCommand flags, CommandLine.ParseResult given, Map<String, String> env) {
    Path configFile = flags.config;
    ConfigFile.Settings file =
        configFile == null ? null : usage("--config", () -> ConfigFile.read(configFile));
    List<TsigKey> keys = keys(file, flags);
    String apiKey = apiKey(flags, env);

    List<String> listen =
        given.hasMatchedOption("--dns") || file == null || file.listen().isEmpty()
            ? flags.dns
            : file.listen();
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (String a : listen.isEmpty() ? List.of(ServeCommand.DEFAULT_DNS) : listen) {
      addresses.add(usage("--dns", () -> ListenAddress.parse(a.replace('@', ':'), 53)));
    }
    String httpText = given.hasMatchedOption("--http") || file == null ? flags.http : file.http();
    InetSocketAddress http =
        httpText == null ? null : usage("--http", () -> ListenAddress.parse(httpText, 8053));

    Map<Name, ZoneEntry> zones = zones(file, flags);
    boolean sampleOnly = zones.isEmpty();
    if (zones.isEmpty()) {
      Path sample = sampleZone(flags.data);
      ZoneEntry e = new ZoneEntry(ZoneEntry.SAMPLE);
      e.servedFrom(sample);
      zones.put(e.zone, e);
    }
    List<ZoneSource> sources = new ArrayList<>();
    Map<Name, PrimaryConfig> primaries = new LinkedHashMap<>();
    List<SecondaryConfig> secondaries = new ArrayList<>();
    List<ConsumedCatalog> consumed = new ArrayList<>();
    List<ProducedCatalog> produced = new ArrayList<>();
    for (ZoneEntry e : zones.values()) {
      Path zoneFile = e.file;
      ProducedCatalog made = e.produced;
      if (made != null) {
        produced.add(made.withAccess(e.allowTransfer, e.notify));
      } else if (e.followed) {
        consumed.add(new ConsumedCatalog(e.zone, e.primaries, e.allowNotify));
      } else if (zoneFile == null) {
        secondaries.add(
            new SecondaryConfig(e.zone, e.primaries, e.allowNotify, e.notify, e.allowTransfer)
                .withAllowSerialReset(e.allowSerialReset));
      } else {
        sources.add(new ZoneSource(e.zone, zoneFile));
        primaries.put(
            e.zone,
            PrimaryConfig.of(e.zone, zoneFile)
                .withAccess(e.allowTransfer, e.notify, e.allowUpdate)
                .withSerialPolicy(e.serialPolicy)
                .withJournal(e.journal)
                .withNotifyNs(e.notifyNs)
                .withMaxRecordsPerType(e.maxRecordsPerType));
      }
    }
    TandemServer.Control control =
        new TandemServer.Control(
            keys,
            secondaries,
            primaries,
            usage(
                "--serial-query-rate",
                () ->
                    ControlPlane.Options.DEFAULT
                        .withLimits(limits(file, flags, given))
                        .withSerialQueryRate(flags.serialQueryRate)
                        .withTlsAuths(tlsAuths(flags))),
            new Catalogs.Config(consumed, templates(flags), produced));
    ServerConfig server =
        usage(
            "server option",
            () ->
                new ServerConfig(
                        addresses,
                        flags.threads,
                        Duration.ofSeconds(flags.tcpIdleTimeout),
                        flags.tcpMaxConnections,
                        ServerConfig.DEFAULT_TCP_MAX_PENDING)
                    .withTcpMessageTimeout(Duration.ofMillis(flags.tcpMessageTimeout))
                    .withTcpMaxConnectionsPerAddress(flags.tcpMaxConnectionsPerAddress)
                    .withRateLimit(
                        new ResponseRateLimit(
                            flags.rrlRate, flags.rrlSlip, flags.rrlIpv4Prefix, flags.rrlIpv6Prefix))
                    .withTls(tls(flags)));
    ResponderConfig responder =
        usage(
            "responder option",
            () -> new ResponderConfig(flags.udpMaxPayload, flags.nsid, flags.identity, null));
    return new TandemServer.Options(
        sources,
        flags.data,
        server,
        responder,
        control,
        http,
        apiKey,
        flags.store,
        TandemServer.DEFAULT_HTTP,
        CheckSettings.of(
            flags,
            given,
            file == null ? ConfigFile.Checks.NONE : file.checks(),
            env,
            sampleOnly ? ZoneEntry.SAMPLE : null),
        usage("--metrics-zones", () -> atLeastZero(flags.metricsZones)));
  }

  /** The zones of the file, then those of the flags, each with its rules. */
  private static Map<Name, ZoneEntry> zones(
      ConfigFile.@Nullable Settings file, ServeCommand flags) {
    Map<Name, ZoneEntry> zones = new LinkedHashMap<>();
    if (file != null) {
      for (ZoneSource z : file.zoneFiles()) {
        ZoneEntry e = zones.computeIfAbsent(z.origin(), ZoneEntry::new);
        e.servedFrom(z.file());
        e.allowTransfer.addAll(file.allowTransfer().getOrDefault(z.origin(), List.of()));
        e.notify.addAll(file.alsoNotify().getOrDefault(z.origin(), List.of()));
        e.allowUpdate.addAll(file.allowUpdate().getOrDefault(z.origin(), List.of()));
        e.serialPolicy = file.serialPolicies().getOrDefault(z.origin(), SerialPolicy.INCREMENT);
        e.journal = file.journalLimits().getOrDefault(z.origin(), JournalWindow.Limits.DEFAULT);
        e.notifyNs = file.notifyNs().contains(z.origin());
        e.maxRecordsPerType =
            file.maxRecordsPerType().getOrDefault(z.origin(), RrSetLimits.DEFAULT.maxRecords());
      }
      for (SecondaryConfig s : file.secondaries()) {
        ZoneEntry e = zones.computeIfAbsent(s.zone(), ZoneEntry::new);
        e.transferredFrom(s.primaries());
        e.allowTransfer.addAll(s.allowTransfer());
        e.notify.addAll(s.downstream());
        e.allowNotify.addAll(s.allowNotify());
      }
    }
    Map<Name, String> givenBy = new HashMap<>();
    for (String z : flags.zones) {
      ZoneSource s = usage("--zone", () -> ZoneSource.parse(z));
      once(givenBy, s.origin(), "--zone");
      zones.computeIfAbsent(s.origin(), ZoneEntry::new).servedFrom(s.file());
    }
    for (String text : flags.secondary) {
      SecondaryConfig s = usage("--secondary", () -> SecondaryConfig.parse(text));
      once(givenBy, s.zone(), "--secondary");
      zones.computeIfAbsent(s.zone(), ZoneEntry::new).transferredFrom(s.primaries());
    }
    for (String text : flags.catalog) {
      ConsumedCatalog c = usage("--catalog", () -> ConsumedCatalog.parse(text));
      once(givenBy, c.catalog(), "--catalog");
      ZoneEntry e = zones.computeIfAbsent(c.catalog(), ZoneEntry::new);
      e.transferredFrom(c.primaries());
      e.followed = true;
    }
    for (String text : flags.produceCatalog) {
      ProducedCatalog p = usage("--produce-catalog", () -> ProducedCatalog.parse(text));
      once(givenBy, p.catalog(), "--produce-catalog");
      ZoneEntry e = zones.computeIfAbsent(p.catalog(), ZoneEntry::new);
      e.transferredFrom(List.of());
      e.produced = p;
    }
    rules(
        zones,
        flags.allowTransfer,
        "--allow-transfer",
        AclRule::parse,
        Kind.ANY,
        (e, rule) -> e.allowTransfer.add(rule));
    rules(
        zones,
        flags.notify,
        "--notify",
        Remote::parse,
        Kind.ANY,
        (e, remote) -> e.notify.add(remote));
    rules(
        zones,
        flags.allowNotify,
        "--allow-notify",
        AclRule::parse,
        Kind.SECONDARY,
        (e, rule) -> e.allowNotify.add(rule));
    rules(
        zones,
        flags.allowUpdate,
        "--allow-update",
        UpdateRule::parse,
        Kind.PRIMARY,
        (e, rule) -> e.allowUpdate.add(rule));
    for (String z : flags.allowSerialReset) {
      Name zone = usage("--allow-serial-reset", () -> Names.parse(z, "'" + z + "'"));
      served(zones, new ZoneArg<>(zone, true), "--allow-serial-reset", Kind.SECONDARY)
              .allowSerialReset =
          true;
    }
    rules(
        zones,
        flags.serialPolicy,
        "--serial-policy",
        SerialPolicy::parse,
        Kind.PRIMARY,
        (e, policy) -> e.serialPolicy = policy);
    rules(
        zones,
        flags.maxRecordsPerType,
        "--max-records-per-type",
        ServeSettings::positive,
        Kind.PRIMARY,
        (e, n) -> e.maxRecordsPerType = n);
    for (String text : flags.notifyNs) {
      Name zone = usage("--notify-ns", () -> Names.parse(text, "'" + text + "'"));
      served(zones, new ZoneArg<>(zone, true), "--notify-ns", Kind.PRIMARY).notifyNs = true;
    }
    return zones;
  }

  /** A count of 1 or more. */
  static int positive(String text) {
    try {
      int n = Integer.parseInt(text.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException("'" + text + "' is not a whole number of 1 or more");
  }

  /** A zone the flags give twice is an error: which one was meant? */
  private static void once(Map<Name, String> givenBy, Name zone, String flag) {
    String earlier = givenBy.putIfAbsent(zone, flag);
    if (earlier != null) {
      throw new Invalid(
          "invalid " + flag + ": " + zone + " is given twice (" + earlier + " and " + flag + ")");
    }
  }

  /** Gives each {@code ZONE=VALUE} of a rule flag to the zone it names, which must be of kind k. */
  private static <T> void rules(
      Map<Name, ZoneEntry> zones,
      List<String> texts,
      String flag,
      Function<String, T> parse,
      Kind k,
      BiConsumer<ZoneEntry, T> add) {
    for (String t : texts) {
      ZoneArg<T> a = usage(flag, () -> ZoneArg.parse(t, parse));
      add.accept(served(zones, a, flag, k), a.value());
    }
  }

  /** Which zones a flag's rule may name. */
  private enum Kind {
    ANY("is not served here"),
    PRIMARY("is not a primary zone here"),
    SECONDARY("is not a secondary zone here");

    final String problem;

    Kind(String problem) {
      this.problem = problem;
    }
  }

  private static ZoneEntry served(Map<Name, ZoneEntry> zones, ZoneArg<?> a, String flag, Kind k) {
    ZoneEntry e = zones.get(a.zone());
    boolean fits =
        e != null
            && switch (k) {
              case ANY -> true;
              case PRIMARY -> e.file != null;
              case SECONDARY -> e.file == null;
            };
    if (e == null || !fits) {
      throw new Invalid("invalid " + flag + ": " + a.zone() + " " + k.problem);
    }
    return e;
  }

  /**
   * The file's keys, then the flags' ({@code --tsig}, then each {@code --tsig-file}): a key the
   * file names too is the flags' one; two flags defining one key is an error.
   */
  private static List<TsigKey> keys(ConfigFile.@Nullable Settings file, ServeCommand flags) {
    Map<Name, TsigKey> keys = new LinkedHashMap<>();
    if (file != null) {
      file.keys().forEach(k -> keys.put(k.name(), k));
    }
    Map<Name, String> definedBy = new LinkedHashMap<>();
    for (String text : flags.tsig) {
      addKey(keys, definedBy, usage("--tsig", () -> TsigKey.parse(text)), "--tsig");
    }
    for (Path path : flags.tsigFiles) {
      for (TsigKey k : usage("--tsig-file", () -> KeyFiles.tsigKeys(path))) {
        addKey(keys, definedBy, k, path.toString());
      }
    }
    return List.copyOf(keys.values());
  }

  private static void addKey(
      Map<Name, TsigKey> keys, Map<Name, String> definedBy, TsigKey key, String source) {
    String earlier = definedBy.putIfAbsent(key.name(), source);
    if (earlier != null) {
      throw new Invalid(
          "invalid "
              + (source.equals("--tsig") ? "--tsig" : "--tsig-file")
              + ": TSIG key "
              + key.name()
              + " is defined twice ("
              + earlier
              + " and "
              + source
              + ")");
    }
    keys.put(key.name(), key);
  }

  /** The templates of {@code --catalog-template}, each group once. */
  private static List<CatalogTemplate> templates(ServeCommand flags) {
    Map<String, CatalogTemplate> out = new LinkedHashMap<>();
    for (String text : flags.catalogTemplate) {
      CatalogTemplate t = usage("--catalog-template", () -> CatalogTemplate.parse(text));
      if (out.put(t.group(), t) != null) {
        throw new Invalid("invalid --catalog-template: group '" + t.group() + "' is given twice");
      }
    }
    return List.copyOf(out.values());
  }

  /** The TLS listeners of {@code --tls}, with their certificate. */
  private static ServerTls tls(ServeCommand flags) {
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (String a : flags.tls) {
      addresses.add(usage("--tls", () -> ListenAddress.parse(a, ServerTls.PORT)));
    }
    if (addresses.isEmpty()) {
      if (flags.tlsCertificate != null || flags.tlsKey != null) {
        throw new Invalid("invalid --tls-certificate: no --tls address to serve it on");
      }
      return ServerTls.NONE;
    }
    return usage("--tls", () -> new ServerTls(addresses, flags.tlsCertificate, flags.tlsKey));
  }

  /** The TLS authentications of {@code --tls-auth}, each name once. */
  private static List<TlsAuth> tlsAuths(ServeCommand flags) {
    Map<String, TlsAuth> auths = new LinkedHashMap<>();
    for (String text : flags.tlsAuth) {
      TlsAuth a = usage("--tls-auth", () -> TlsAuth.parse(text));
      if (auths.put(a.name(), a) != null) {
        throw new Invalid("invalid --tls-auth: '" + a.name() + "' is defined twice");
      }
    }
    return List.copyOf(auths.values());
  }

  /** The admin API key: a flag's, else the environment's, else none. */
  private static @Nullable String apiKey(ServeCommand flags, Map<String, String> env) {
    Path keyFile = flags.apiKeyFile;
    if (keyFile != null) {
      if (flags.apiKey != null) {
        throw new Invalid("invalid --api-key-file: give --api-key or --api-key-file, not both");
      }
      return usage("--api-key-file", () -> KeyFiles.apiKey(keyFile));
    }
    if (flags.apiKey != null) {
      return flags.apiKey;
    }
    String fromEnv = env.get(API_KEY_VARIABLE);
    return fromEnv == null || fromEnv.isBlank() ? null : fromEnv.strip();
  }

  /** Each limit: the flag's if given, else the file's, else the default. */
  private static TransferLimits limits(
      ConfigFile.@Nullable Settings file, ServeCommand flags, CommandLine.ParseResult given) {
    Long fileRecords = file == null ? null : file.maxRecords();
    Long fileBytes = file == null ? null : file.maxBytes();
    Long fileTimeout = file == null ? null : file.timeoutSeconds();
    long records =
        given.hasMatchedOption("--transfer-max-records") || fileRecords == null
            ? flags.transferMaxRecords
            : fileRecords;
    long bytes =
        given.hasMatchedOption("--transfer-max-bytes") || fileBytes == null
            ? flags.transferMaxBytes
            : fileBytes;
    long seconds =
        given.hasMatchedOption("--transfer-timeout") || fileTimeout == null
            ? flags.transferTimeout
            : fileTimeout;
    return usage(
        "transfer limit", () -> new TransferLimits(records, bytes, Duration.ofSeconds(seconds)));
  }

  /** The zone served when none is given: written to the data directory on first use. */
  private static Path sampleZone(Path data) {
    try {
      return DataDirectory.sampleZone(data, SAMPLE_ZONE);
    } catch (StartException e) {
      throw new Invalid(String.valueOf(e.getMessage()));
    }
  }

  private static int atLeastZero(int n) {
    if (n < 0) {
      throw new IllegalArgumentException(n + " (0 or more)");
    }
    return n;
  }

  static <T> T usage(String what, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new Invalid("invalid " + what + ": " + e.getMessage());
    }
  }

  /** A {@code ZONE=VALUE} argument. */
  record ZoneArg<T>(Name zone, T value) {
    static <T> ZoneArg<T> parse(String text, Function<String, T> value) {
      int eq = text.indexOf('=');
      if (eq <= 0 || eq == text.length() - 1) {
        throw new IllegalArgumentException("'" + text + "' is not of the form ZONE=VALUE");
      }
      return new ZoneArg<>(
          Names.parse(text.substring(0, eq), "'" + text + "'"),
          value.apply(text.substring(eq + 1)));
    }
  }

  /**
   * One zone's settings while they are gathered, from the file first and then from the flags: a
   * primary zone served from {@link #file}, or a secondary one transferred from {@link #primaries}.
   */
  private static final class ZoneEntry {
    static final Name SAMPLE = Name.fromConstantString("example.test.");

    final Name zone;
    @Nullable Path file;
    List<Remote> primaries = List.of();
    final List<AclRule> allowTransfer = new ArrayList<>();
    final List<Remote> notify = new ArrayList<>();
    final List<AclRule> allowNotify = new ArrayList<>();
    final List<UpdateRule> allowUpdate = new ArrayList<>();
    SerialPolicy serialPolicy = SerialPolicy.INCREMENT;
    JournalWindow.Limits journal = JournalWindow.Limits.DEFAULT;
    boolean notifyNs;
    int maxRecordsPerType = RrSetLimits.DEFAULT.maxRecords();
    boolean allowSerialReset;

    /** A catalog followed here (--catalog): {@link #primaries} are the catalog's. */
    boolean followed;

    /** A catalog made here (--produce-catalog), or null. */
    @Nullable ProducedCatalog produced;

    ZoneEntry(Name zone) {
      this.zone = zone;
    }

    /** A primary zone from {@code file}; rules only a secondary zone has are dropped. */
    void servedFrom(Path zoneFile) {
      file = zoneFile;
      primaries = List.of();
      allowNotify.clear();
    }

    /** A secondary zone from {@code from}; rules only a primary zone has are dropped. */
    void transferredFrom(List<Remote> from) {
      file = null;
      primaries = List.copyOf(from);
      allowUpdate.clear();
      serialPolicy = SerialPolicy.INCREMENT;
      journal = JournalWindow.Limits.DEFAULT;
      notifyNs = false;
      maxRecordsPerType = RrSetLimits.DEFAULT.maxRecords();
    }
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
