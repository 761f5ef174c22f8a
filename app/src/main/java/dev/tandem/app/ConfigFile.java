package dev.tandem.app;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tandem.control.access.AclRule;
import dev.tandem.control.access.Names;
import dev.tandem.control.access.Remote;
import dev.tandem.control.access.TsigKey;
import dev.tandem.control.access.UpdateRule;
import dev.tandem.control.primary.SerialPolicy;
import dev.tandem.control.secondary.SecondaryConfig;
import dev.tandem.control.zone.JournalWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * The configuration file of {@code tandem serve --config FILE}: YAML shaped like knot.conf, so that
 * an operator who knows Knot reads it at sight.
 *
 * <pre>
 * server:
 *   listen: [127.0.0.1@53, ::1@53]
 *   http: 127.0.0.1:8053
 * key:
 *   - id: xfr
 *     algorithm: hmac-sha256
 *     secret: c2VjcmV0...
 * remote:
 *   - id: hidden-primary
 *     address: [192.0.2.1@53, 192.0.2.2@53]
 *     key: xfr
 * acl:
 *   - id: downstream
 *     address: [198.51.100.0/24]
 *     key: xfr
 *     action: [transfer]
 *   - id: acme
 *     key: acme-key
 *     action: [update]                  # RFC 2136 UPDATE, signed with the key
 *     update-owner-name: _acme-challenge.example.org   # at or below (optional)
 *     update-type: [TXT]                 # (optional; any type if absent)
 * zone:
 *   - domain: example.com
 *     primary: [hidden-primary]      # or Knot 3.2's "master"
 *     notify: [some-remote]          # downstream secondaries to NOTIFY
 *     acl: [downstream]
 *   - domain: example.org
 *     file: /etc/tandem/example.org.zone
 *     acl: [downstream, acme]
 *     notify: [some-remote]
 *     serial-policy: unixtime          # increment (default), unixtime, dateserial
 *     journal-max-depth: 1000          # changes kept for IXFR out (default 1000)
 *     journal-max-records: 500000      # records over all kept changes (default 500000)
 *     journal-max-age: 14d             # s, m, h, d or w (default 14d)
 *     notify-ns: off                   # on: NOTIFY the NS set's addresses too (default off)
 *     max-records-per-type: 100        # records a change may leave in one RRset (default 100)
 * transfer:
 *   max-records: 20000000
 *   max-bytes: 4294967296
 *   timeout: 900                      # seconds
 * check:                              # the cross-provider checks (the --check-* flags)
 *   interval: 60                      # s, m, h, d or w; 0: only when asked (default 60)
 *   root-hints: /etc/tandem/named.root  # default: the Internet's root servers
 *   rate: 100                         # queries per second at most (default 100)
 *   provider:
 *     - id: acme
 *       match: [ns.acme.example, 198.51.100.0/24]
 *   alert-webhook: https://alerts.example/tandem
 *   alert-webhook-secret-file: /etc/tandem/webhook.secret
 *   alert-grace: 5m                   # a new state alerts once it has held this long
 * </pre>
 *
 * Unknown settings are errors, with the line they are on: a misspelt setting silently ignored is
 * how outages start.
 */
final class ConfigFile {
  private ConfigFile() {}

  /** What the file configures, in the terms {@code serve} uses. */
  record Settings(
      List<String> listen,
      @Nullable String http,
      List<TsigKey> keys,
      List<SecondaryConfig> secondaries,
      List<ZoneSource> zoneFiles,
      Map<Name, List<AclRule>> allowTransfer,
      Map<Name, List<Remote>> alsoNotify,
      Map<Name, List<UpdateRule>> allowUpdate,
      Map<Name, SerialPolicy> serialPolicies,
      Map<Name, JournalWindow.Limits> journalLimits,
      java.util.Set<Name> notifyNs,
      Map<Name, Integer> maxRecordsPerType,
      @Nullable Long maxRecords,
      @Nullable Long maxBytes,
      @Nullable Long timeoutSeconds,
      Checks checks) {}

  /**
   * The {@code check:} section: each value null where the file is silent. Providers are in the
   * {@code --provider} flag's form, {@code NAME=PATTERN[,PATTERN...]}.
   */
  record Checks(
      @Nullable Duration interval,
      @Nullable Path rootHints,
      List<String> providers,
      @Nullable Integer rate,
      @Nullable String alertWebhook,
      @Nullable Path alertWebhookSecretFile,
      @Nullable Duration alertGrace) {
    static final Checks NONE = new Checks(null, null, List.of(), null, null, null, null);
  }

  // ---- the file's shape, as Jackson binds it ----

  record Root(
      @Nullable ServerSection server,
      @Nullable List<KeySection> key,
      @Nullable List<RemoteSection> remote,
      @Nullable List<AclSection> acl,
      @Nullable List<ZoneSection> zone,
      @Nullable TransferSection transfer,
      @Nullable CheckSection check) {}

  record ServerSection(@Nullable List<String> listen, @Nullable String http) {}

  record KeySection(String id, String algorithm, String secret) {}

  record RemoteSection(String id, List<String> address, @Nullable String key) {}

  record AclSection(
      String id,
      @Nullable List<String> address,
      @Nullable String key,
      List<String> action,
      @com.fasterxml.jackson.annotation.JsonProperty("update-owner-name")
          @Nullable String updateOwnerName,
      @com.fasterxml.jackson.annotation.JsonProperty("update-type")
          @Nullable List<String> updateType) {}

  record ZoneSection(
      String domain,
      @Nullable String file,
      @JsonAlias("master") @Nullable List<String> primary,
      @com.fasterxml.jackson.annotation.JsonProperty("notify") @Nullable List<String> downstream,
      @Nullable List<String> acl,
      @com.fasterxml.jackson.annotation.JsonProperty("serial-policy") @Nullable String serialPolicy,
      @com.fasterxml.jackson.annotation.JsonProperty("journal-max-depth")
          @Nullable Integer journalMaxDepth,
      @com.fasterxml.jackson.annotation.JsonProperty("journal-max-records")
          @Nullable Long journalMaxRecords,
      @com.fasterxml.jackson.annotation.JsonProperty("journal-max-age")
          @Nullable String journalMaxAge,
      @com.fasterxml.jackson.annotation.JsonProperty("notify-ns") @Nullable String notifyNs,
      @com.fasterxml.jackson.annotation.JsonProperty("max-records-per-type")
          @Nullable Integer maxRecordsPerType) {}

  record TransferSection(
      @com.fasterxml.jackson.annotation.JsonProperty("max-records") @Nullable Long maxRecords,
      @com.fasterxml.jackson.annotation.JsonProperty("max-bytes") @Nullable Long maxBytes,
      @Nullable Long timeout) {}

  record CheckSection(
      @Nullable String interval,
      @JsonProperty("root-hints") @Nullable String rootHints,
      @Nullable List<ProviderSection> provider,
      @Nullable Integer rate,
      @JsonProperty("alert-webhook") @Nullable String alertWebhook,
      @JsonProperty("alert-webhook-secret-file") @Nullable String alertWebhookSecretFile,
      @JsonProperty("alert-grace") @Nullable String alertGrace) {}

  record ProviderSection(String id, List<String> match) {}

  /**
   * Reads and checks {@code file}.
   *
   * @throws IllegalArgumentException with {@code FILE:LINE: problem} or {@code FILE: problem}
   */
  static Settings read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
    Root root = parse(file, text);
    try {
      return settings(root, file.toAbsolutePath().getParent());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The TSIG keys of {@code text}, a file of Knot's {@code key:} list alone (as {@code keymgr -t}
   * writes it).
   *
   * @throws IllegalArgumentException with {@code FILE:LINE: problem} or {@code FILE: problem}
   */
  static List<TsigKey> keys(Path file, String text) {
    Root root = parse(file, text);
    if (root.server() != null
        || root.remote() != null
        || root.acl() != null
        || root.zone() != null
        || root.transfer() != null
        || root.check() != null) {
      throw new IllegalArgumentException(
          file + ": a key file holds keys alone (give the rest with --config)");
    }
    try {
      List<TsigKey> keys = settings(root, null).keys();
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("holds no key");
      }
      return keys;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private static Root parse(Path file, String text) {
    ObjectMapper yaml =
        new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    Root root;
    try {
      root = yaml.readValue(text, Root.class);
    } catch (UnrecognizedPropertyException e) {
      throw new IllegalArgumentException(
          file
              + ":"
              + keyLine(text, e.getPropertyName(), e.getLocation())
              + ": unknown setting '"
              + e.getPropertyName()
              + "' (known here: "
              + String.join(", ", e.getKnownPropertyIds().stream().map(String::valueOf).toList())
              + ")",
          e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(at(file, e.getLocation()) + e.getOriginalMessage(), e);
    }
    if (root == null) {
      throw new IllegalArgumentException(file + ": the file is empty");
    }
    return root;
  }

  /**
   * The line of the unknown key {@code name}: the last line at or before where the parser noticed
   * that holds it as a key. (Records are built once their whole mapping is read, so the parser's
   * location is the mapping's end, not the key's line.)
   */
  private static String keyLine(String text, String name, @Nullable JsonLocation where) {
    List<String> lines = text.lines().toList();
    int last = where == null || where.getLineNr() < 1 ? lines.size() : where.getLineNr();
    java.util.regex.Pattern key =
        java.util.regex.Pattern.compile(
            "^\\s*(-\\s+)?" + java.util.regex.Pattern.quote(name) + "\\s*:.*");
    for (int i = Math.min(last, lines.size()) - 1; i >= 0; i--) {
      if (key.matcher(lines.get(i)).matches()) {
        return String.valueOf(i + 1);
      }
    }
    return last < 1 ? "?" : String.valueOf(last);
  }

  private static String at(Path file, @Nullable JsonLocation where) {
    return where == null || where.getLineNr() < 0
        ? file + ": "
        : file + ":" + where.getLineNr() + ": ";
  }

  private static Settings settings(Root root, @Nullable Path dir) {
    List<TsigKey> keys = new ArrayList<>();
    Map<String, Name> keyNames = new HashMap<>();
    for (KeySection k : list(root.key())) {
      require(k.id(), "key without id");
      TsigKey key =
          TsigKey.of(
              k.id(),
              require(k.algorithm(), "key " + k.id() + ": no algorithm"),
              require(k.secret(), "key " + k.id() + ": no secret"));
      if (keyNames.put(k.id(), key.name()) != null) {
        throw new IllegalArgumentException("key " + k.id() + " is defined twice");
      }
      keys.add(key);
    }
    Map<String, List<Remote>> remotes = new LinkedHashMap<>();
    for (RemoteSection r : list(root.remote())) {
      require(r.id(), "remote without id");
      Name key = keyRef(keyNames, r.key(), "remote " + r.id());
      List<Remote> addresses = new ArrayList<>();
      for (String a : list(r.address())) {
        addresses.add(new Remote(Remote.parseAddress(a), key));
      }
      if (addresses.isEmpty()) {
        throw new IllegalArgumentException("remote " + r.id() + " has no address");
      }
      remotes.put(r.id(), addresses);
    }
    Map<String, AclSection> acls = new LinkedHashMap<>();
    for (AclSection a : list(root.acl())) {
      require(a.id(), "acl without id");
      for (String action : list(a.action())) {
        String act = action.toLowerCase(Locale.ROOT);
        if (!act.equals("transfer") && !act.equals("notify") && !act.equals("update")) {
          throw new IllegalArgumentException(
              "acl " + a.id() + ": action '" + action + "' (use transfer, notify or update)");
        }
        if (act.equals("update") && a.key() == null) {
          throw new IllegalArgumentException(
              "acl " + a.id() + ": action update needs a key (unsigned UPDATEs are refused)");
        }
      }
      acls.put(a.id(), a);
    }
    List<SecondaryConfig> secondaries = new ArrayList<>();
    List<ZoneSource> files = new ArrayList<>();
    Map<Name, List<AclRule>> allowTransfer = new LinkedHashMap<>();
    Map<Name, List<Remote>> notify = new LinkedHashMap<>();
    Map<Name, List<UpdateRule>> allowUpdate = new LinkedHashMap<>();
    Map<Name, SerialPolicy> serialPolicies = new LinkedHashMap<>();
    Map<Name, JournalWindow.Limits> journalLimits = new LinkedHashMap<>();
    java.util.Set<Name> notifyNs = new java.util.HashSet<>();
    Map<Name, Integer> maxRecordsPerType = new LinkedHashMap<>();
    java.util.Set<Name> zones = new java.util.HashSet<>();
    for (ZoneSection z : list(root.zone())) {
      Name zone = Names.parse(require(z.domain(), "zone without domain"), "zone domain");
      if (!zones.add(zone)) {
        throw new IllegalArgumentException("zone " + zone + " is defined twice");
      }
      List<AclRule> transfer = rules(acls, keyNames, z.acl(), "transfer", zone);
      List<AclRule> notifyFrom = rules(acls, keyNames, z.acl(), "notify", zone);
      List<Remote> downstream = new ArrayList<>();
      for (String id : list(z.downstream())) {
        downstream.addAll(remote(remotes, id, zone));
      }
      if (!list(z.primary()).isEmpty()) {
        if (z.file() != null) {
          throw new IllegalArgumentException(
              "zone "
                  + zone
                  + ": both 'file' and 'primary' (a zone is either served from a file or a secondary)");
        }
        if (z.notifyNs() != null || z.maxRecordsPerType() != null) {
          throw new IllegalArgumentException(
              "zone "
                  + zone
                  + ": notify-ns and max-records-per-type are for primary zones (a secondary"
                  + " NOTIFYs 'notify', and takes what its primary sends)");
        }
        List<Remote> primaries = new ArrayList<>();
        for (String id : list(z.primary())) {
          primaries.addAll(remote(remotes, id, zone));
        }
        secondaries.add(new SecondaryConfig(zone, primaries, notifyFrom, downstream, transfer));
      } else if (z.file() != null) {
        files.add(new ZoneSource(zone, java.util.Objects.requireNonNull(path(dir, z.file()))));
        allowTransfer.put(zone, transfer);
        notify.put(zone, downstream);
        allowUpdate.put(zone, updateRules(acls, keyNames, z.acl(), zone));
        if (z.serialPolicy() != null) {
          serialPolicies.put(zone, SerialPolicy.parse(z.serialPolicy()));
        }
        if (z.notifyNs() != null && onOff(z.notifyNs(), "zone " + zone + ": notify-ns")) {
          notifyNs.add(zone);
        }
        Integer perType = z.maxRecordsPerType();
        if (perType != null) {
          if (perType < 1) {
            throw new IllegalArgumentException(
                "zone " + zone + ": max-records-per-type must be 1 or more, not " + perType);
          }
          maxRecordsPerType.put(zone, perType);
        }
        if (z.journalMaxDepth() != null
            || z.journalMaxRecords() != null
            || z.journalMaxAge() != null) {
          JournalWindow.Limits d = JournalWindow.Limits.DEFAULT;
          Integer depth = z.journalMaxDepth();
          Long records = z.journalMaxRecords();
          String age = z.journalMaxAge();
          try {
            journalLimits.put(
                zone,
                new JournalWindow.Limits(
                    depth == null ? d.steps() : depth,
                    records == null ? d.records() : records,
                    age == null ? d.age() : duration(age)));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("zone " + zone + ": " + e.getMessage(), e);
          }
        }
      } else {
        throw new IllegalArgumentException("zone " + zone + ": needs 'file' or 'primary'");
      }
    }
    ServerSection server = root.server();
    TransferSection t = root.transfer();
    return new Settings(
        server == null ? List.of() : list(server.listen()),
        server == null ? null : server.http(),
        keys,
        secondaries,
        files,
        allowTransfer,
        notify,
        allowUpdate,
        serialPolicies,
        journalLimits,
        notifyNs,
        maxRecordsPerType,
        t == null ? null : t.maxRecords(),
        t == null ? null : t.maxBytes(),
        t == null ? null : t.timeout(),
        checks(root.check(), dir));
  }

  private static Checks checks(@Nullable CheckSection c, @Nullable Path dir) {
    if (c == null) {
      return Checks.NONE;
    }
    List<String> providers = new ArrayList<>();
    for (ProviderSection p : list(c.provider())) {
      require(p.id(), "check provider without id");
      if (list(p.match()).isEmpty()) {
        throw new IllegalArgumentException("check provider " + p.id() + " has no match");
      }
      providers.add(p.id() + "=" + String.join(",", p.match()));
    }
    String interval = c.interval();
    String grace = c.alertGrace();
    return new Checks(
        interval == null ? null : within("check interval", () -> duration(interval)),
        path(dir, c.rootHints()),
        providers,
        c.rate(),
        c.alertWebhook(),
        path(dir, c.alertWebhookSecretFile()),
        grace == null ? null : within("check alert-grace", () -> duration(grace)));
  }

  /** {@code name} as the file gives it, relative to the file's directory unless absolute. */
  private static @Nullable Path path(@Nullable Path dir, @Nullable String name) {
    if (name == null) {
      return null;
    }
    Path f = Path.of(name);
    return dir != null && !f.isAbsolute() ? dir.resolve(f) : f;
  }

  private static <T> T within(String where, java.util.function.Supplier<T> value) {
    try {
      return value.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  /** A switch as knot.conf writes one: on or off (also true/false, yes/no). */
  private static boolean onOff(String text, String what) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "on", "true", "yes" -> true;
      case "off", "false", "no" -> false;
      default -> throw new IllegalArgumentException(what + ": '" + text + "' is not on or off");
    };
  }

  private static List<AclRule> rules(
      Map<String, AclSection> acls,
      Map<String, Name> keyNames,
      @Nullable List<String> ids,
      String action,
      Name zone) {
    List<AclRule> out = new ArrayList<>();
    for (String id : list(ids)) {
      AclSection a = acls.get(id);
      if (a == null) {
        throw new IllegalArgumentException("zone " + zone + ": acl '" + id + "' is not defined");
      }
      if (list(a.action()).stream().noneMatch(x -> x.equalsIgnoreCase(action))) {
        continue;
      }
      Name key = keyRef(keyNames, a.key(), "acl " + id);
      List<String> addresses = list(a.address());
      if (addresses.isEmpty()) {
        out.add(AclRule.prefix("any", key));
      }
      for (String p : addresses) {
        out.add(AclRule.prefix(p, key));
      }
    }
    return out;
  }

  /** The UPDATE rules of a zone's acls with action {@code update}. */
  private static List<UpdateRule> updateRules(
      Map<String, AclSection> acls,
      Map<String, Name> keyNames,
      @Nullable List<String> ids,
      Name zone) {
    List<UpdateRule> out = new ArrayList<>();
    for (String id : list(ids)) {
      AclSection a = acls.get(id);
      if (a == null || list(a.action()).stream().noneMatch(x -> x.equalsIgnoreCase("update"))) {
        continue;
      }
      Name key = java.util.Objects.requireNonNull(keyRef(keyNames, a.key(), "acl " + id));
      String owner = a.updateOwnerName();
      Name names = owner == null ? null : Names.parse(owner, "acl " + id + " update-owner-name");
      java.util.Set<Integer> types = new java.util.TreeSet<>();
      for (String t : list(a.updateType())) {
        int type = org.xbill.DNS.Type.value(t.toUpperCase(Locale.ROOT));
        if (type < 0) {
          throw new IllegalArgumentException("acl " + id + ": '" + t + "' is not a record type");
        }
        types.add(type);
      }
      out.add(new UpdateRule(key, names, types));
    }
    return out;
  }

  /** {@code 3600}, {@code 90s}, {@code 12h}, {@code 14d}, {@code 1w2d}: BIND's TTL syntax. */
  static java.time.Duration duration(String text) {
    try {
      return java.time.Duration.ofSeconds(org.xbill.DNS.TTL.parseTTL(text.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (a number of seconds, or with s, m, h, d or w)", e);
    }
  }

  private static List<Remote> remote(Map<String, List<Remote>> remotes, String id, Name zone) {
    List<Remote> r = remotes.get(id);
    if (r == null) {
      throw new IllegalArgumentException("zone " + zone + ": remote '" + id + "' is not defined");
    }
    return r;
  }

  private static @Nullable Name keyRef(
      Map<String, Name> keyNames, @Nullable String id, String where) {
    if (id == null) {
      return null;
    }
    Name n = keyNames.get(id);
    if (n == null) {
      throw new IllegalArgumentException(where + ": key '" + id + "' is not defined");
    }
    return n;
  }

  private static <T> List<T> list(@Nullable List<T> l) {
    return l == null ? List.of() : l;
  }

  private static String require(@Nullable String value, String problem) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(problem);
    }
    return value;
  }
}
