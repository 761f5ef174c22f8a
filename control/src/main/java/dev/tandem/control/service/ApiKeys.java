package dev.tandem.control.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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

  /** A stored key, without its secret. */
  public record Key(String name, Scope scope, Instant created) {}

  /** A key just made, with the secret to hand over once. */
  public record Made(Key key, String secret) {}

  private final ZoneStore store;
  private final Clock clock;
  private final Map<String, Key> local = new HashMap<>(); // by hash; never stored
  private volatile Map<String, Key> byHash = Map.of();
  private volatile Instant loaded = Instant.MIN;

  public ApiKeys(ZoneStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Makes a key with a random secret and stores it.
   *
   * @throws ServiceException if the name is taken or not a valid name
   */
  public synchronized Made create(String name, Scope scope) {
    checkName(name);
    if (store.object(KIND, name).isPresent()) {
      throw ServiceException.conflict("an API key named '" + name + "' exists already");
    }
    String secret = randomSecret();
    Key key = save(name, secret, scope);
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
    return save(name, secret, scope);
  }

  /** Accepts {@code secret} for this process only, never stored (the local CLI's key). */
  public synchronized void allowLocal(String name, String secret, Scope scope) {
    local.put(hash(secret), new Key(name, scope, clock.instant()));
    loaded = Instant.MIN;
  }

  private Key save(String name, String secret, Scope scope) {
    Key key = new Key(name, scope, clock.instant());
    Map<String, Object> body = new HashMap<>();
    body.put("scope", scope.label());
    body.put("sha256", hash(secret));
    body.put("created", key.created().toString());
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
      return Optional.of(
          new Stored(
              new Key(
                  name,
                  Scope.parse(node.path("scope").asText()),
                  Instant.parse(node.path("created").asText())),
              node.path("sha256").asText()));
    } catch (JsonProcessingException | RuntimeException e) {
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
