package dev.tandem.control.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.control.AuditTrail;
import dev.tandem.store.ZoneStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The keys that open the HTTP API, each with a scope. Only the SHA-256 of a key's secret is stored;
 * the secret is shown once, when the key is made. Lookups are served from a copy of the stored keys
 * re-read every few seconds, so that a key made or revoked on another node sharing the store takes
 * effect here soon after.
 */
public final class ApiKeys {
  static final String KIND = "api-key";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RELOAD = Duration.ofSeconds(2);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a key may do; each scope includes those before it. */
  public enum Scope {
    /** Read zones, records, status and history. */
    READ,
    /** Also change zones and records, and ask for refresh, retransfer, NOTIFY. */
    WRITE,
    /** Also manage TSIG keys, peers, ACLs and API keys, and read TSIG secrets. */
    ADMIN;

    public boolean allows(Scope needed) {
      return compareTo(needed) >= 0;
    }

    public static Scope parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ServiceException.invalid("scope", "scope '" + text + "' is not read, write or admin");
      }
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What a key may touch beyond its scope: only these zones (none listed: any), and in them only
   * RRsets at or below these names (none: any) of these types (none: any), as an {@code
   * allowUpdate} rule limits a TSIG key. A DNS-01 client's key is limited to {@code
   * _acme-challenge} TXT in its zones, and can do nothing else.
   */
  public record Limits(List<Name> zones, List<Name> names, Set<Integer> types) {
    /** No limit beyond the scope. */
    public static final Limits NONE = new Limits(List.of(), List.of(), Set.of());

    public Limits {
      zones = List.copyOf(zones);
      names = List.copyOf(names);
      types = Set.copyOf(types);
    }

    /** Whether the key is limited at all. */
    public boolean any() {
      return !zones.isEmpty() || !names.isEmpty() || !types.isEmpty();
    }

    /** Whether it is limited to names or types (then only those RRsets may change). */
    public boolean records() {
      return !names.isEmpty() || !types.isEmpty();
    }

    public boolean allowsZone(Name zone) {
      return zones.isEmpty() || zones.contains(zone);
    }

    /** Whether an RRset of {@code type} at {@code owner} may change. */
    public boolean allows(Name owner, int type) {
      return (names.isEmpty() || names.stream().anyMatch(owner::subdomain))
          && (types.isEmpty() || types.contains(type));
    }

    /** In words, for refusals: "zones a., b.; names _acme-challenge.a.; types TXT". */
    public String describe() {
      List<String> parts = new ArrayList<>();
      if (!zones.isEmpty()) {
        parts.add("zones " + String.join(", ", zones.stream().map(Name::toString).toList()));
      }
      if (!names.isEmpty()) {
        parts.add(
            "names at or below " + String.join(", ", names.stream().map(Name::toString).toList()));
      }
      if (!types.isEmpty()) {
        parts.add(
            "types " + String.join(", ", new TreeSet<>(types).stream().map(Type::string).toList()));
      }
      return String.join("; ", parts);
    }
  }

  /** A stored key, without its secret. */
  public record Key(String name, Scope scope, Instant created, Limits limits) {
    public Key(String name, Scope scope, Instant created) {
      this(name, scope, created, Limits.NONE);
    }
  }

  /** A key just made, with the secret to hand over once. */
  public record Made(Key key, String secret) {}

  private final ZoneStore store;
  private final Clock clock;
  private final AuditTrail audit;
  private final Map<String, Key> local = new HashMap<>(); // by hash; never stored
  private volatile Map<String, Key> byHash = Map.of();
  private volatile Instant loaded = Instant.MIN;

  public ApiKeys(ZoneStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.audit = new AuditTrail(store, clock);
  }

  /** Makes a limited key, for {@code actor}, in the audit log (never its secret). */
  public Made create(String name, Scope scope, Limits limits, Actor actor) {
    return Audited.run(
        audit,
        actor,
        "api-key.create",
        null,
        name,
        Map.of("scope", scope.label(), "limits", limits.describe()),
        m -> Map.of(),
        () -> create(name, scope, limits));
  }

  /** Revokes a key, for {@code actor}, in the audit log; false if there was none of that name. */
  public boolean delete(String name, Actor actor) {
    return Audited.run(
        audit,
        actor,
        "api-key.delete",
        null,
        name,
        Map.of(),
        deleted -> Map.of("existed", deleted),
        () -> delete(name));
  }

  /**
   * Makes a key with a random secret and stores it.
   *
   * @throws ServiceException if the name is taken or not a valid name
   */
  public synchronized Made create(String name, Scope scope) {
    return create(name, scope, Limits.NONE);
  }

  /**
   * Makes a key limited to some zones, names or types, with a random secret, and stores it.
   *
   * @throws ServiceException if the name is taken or not valid, or an admin key would be limited
   */
  public synchronized Made create(String name, Scope scope, Limits limits) {
    checkName(name);
    if (limits.any() && scope == Scope.ADMIN) {
      throw ServiceException.invalid(
          "scope",
          "a key limited to zones, names or types has scope read or write: an admin key manages"
              + " keys, peers and ACLs of every zone");
    }
    if (store.object(KIND, name).isPresent()) {
      throw ServiceException.conflict("an API key named '" + name + "' exists already");
    }
    String secret = randomSecret();
    Key key = save(name, secret, scope, limits);
    return new Made(key, secret);
  }

  /** A new random secret: 24 bytes, base64url, prefixed {@code tdm_}. */
  public static String randomSecret() {
    byte[] raw = new byte[24];
    RANDOM.nextBytes(raw);
    return "tdm_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  /**
   * Stores a key whose secret the operator chose ({@code serve --api-key}), replacing any of that
   * name.
   */
  public synchronized Key put(String name, String secret, Scope scope) {
    checkName(name);
    if (secret.isBlank()) {
      throw ServiceException.invalid("secret", "an API key's secret may not be empty");
    }
    return save(name, secret, scope, Limits.NONE);
  }

  /** Accepts {@code secret} for this process only, never stored (the local CLI's key). */
  public synchronized void allowLocal(String name, String secret, Scope scope) {
    local.put(hash(secret), new Key(name, scope, clock.instant()));
    loaded = Instant.MIN;
  }

  private Key save(String name, String secret, Scope scope, Limits limits) {
    Key key = new Key(name, scope, clock.instant(), limits);
    Map<String, Object> body = new HashMap<>();
    body.put("scope", scope.label());
    body.put("sha256", hash(secret));
    body.put("created", key.created().toString());
    if (limits.any()) {
      body.put("zones", limits.zones().stream().map(Name::toString).toList());
      body.put("names", limits.names().stream().map(Name::toString).toList());
      body.put("types", new TreeSet<>(limits.types()).stream().map(Type::string).toList());
    }
    try {
      store.saveObject(KIND, name, JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    loaded = Instant.MIN;
    return key;
  }

  /** Revokes a key; false if there was none of that name. */
  public synchronized boolean delete(String name) {
    boolean deleted = store.deleteObject(KIND, name);
    loaded = Instant.MIN;
    return deleted;
  }

  /** The stored keys, by name. */
  public List<Key> list() {
    List<Key> out = new ArrayList<>();
    store.objects(KIND).forEach((name, body) -> read(name, body).ifPresent(k -> out.add(k.key())));
    return out;
  }

  /** The key a request presented, if it is one. */
  public Optional<Key> verify(@Nullable String secret) {
    if (secret == null || secret.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (now.isAfter(loaded.plus(RELOAD))) {
      reload(now);
    }
    return Optional.ofNullable(byHash.get(hash(secret)));
  }

  private synchronized void reload(Instant now) {
    Map<String, Key> next = new HashMap<>(local);
    store
        .objects(KIND)
        .forEach((name, body) -> read(name, body).ifPresent(k -> next.put(k.hash(), k.key())));
    byHash = Map.copyOf(next);
    loaded = now;
  }

  private record Stored(Key key, String hash) {}

  private static Optional<Stored> read(String name, String body) {
    try {
      var node = JSON.readTree(body);
      List<Name> zones = new ArrayList<>();
      for (var z : node.path("zones")) {
        zones.add(Name.fromString(z.asText(), Name.root));
      }
      List<Name> names = new ArrayList<>();
      for (var n : node.path("names")) {
        names.add(Name.fromString(n.asText(), Name.root));
      }
      Set<Integer> types = new HashSet<>();
      for (var t : node.path("types")) {
        int type = Type.value(t.asText());
        if (type < 0) {
          return Optional.empty(); // a damaged limit opens nothing
        }
        types.add(type);
      }
      return Optional.of(
          new Stored(
              new Key(
                  name,
                  Scope.parse(node.path("scope").asText()),
                  Instant.parse(node.path("created").asText()),
                  new Limits(zones, names, types)),
              node.path("sha256").asText()));
    } catch (JsonProcessingException | TextParseException | RuntimeException e) {
      return Optional.empty(); // a damaged key opens nothing
    }
  }

  static void checkName(String name) {
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
      throw ServiceException.invalid(
          "name",
          "name '"
              + name
              + "' is not valid: use 1 to 63 letters, digits, '.', '_' or '-', starting with a"
              + " letter or digit");
    }
  }

  static String hash(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
