package dev.tandem.control.service;

import static dev.tandem.control.service.ServiceException.conflict;
import static dev.tandem.control.service.ServiceException.invalid;
import static dev.tandem.control.service.ServiceException.notFound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.ControlPlane;
import dev.tandem.control.access.AclRule;
import dev.tandem.control.access.Remote;
import dev.tandem.control.access.StoredKeys;
import dev.tandem.control.access.TsigKey;
import dev.tandem.store.ZoneStore;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The control plane's named objects, kept in the store: TSIG keys made through the API (those of
 * the configuration are listed too, but are changed there), peers and ACLs.
 *
 * <p>A <b>peer</b> is another provider's server, reusable by many zones: address, port, TSIG key
 * and whether it takes IXFR. An <b>ACL</b> is a named list of rules ({@code PREFIX[@KEYNAME]}).
 * Where a zone's list takes an address ({@code primaries}, {@code notify}) or a rule ({@code
 * allowTransfer}, {@code allowNotify}), it also takes a peer's name, and a rule list takes an ACL's
 * name; names are resolved when the zone is created.
 */
public final class ControlObjects {
  private static final Logger log = LoggerFactory.getLogger(ControlObjects.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String KEY = StoredKeys.KIND;
  static final String PEER = "peer";
  static final String ACL = "acl";

  private final ZoneStore store;
  private final ControlPlane plane;
  private final Clock clock;
  private final Map<Name, TsigKey> configured = new LinkedHashMap<>();

  ControlObjects(ZoneStore store, ControlPlane plane, Clock clock) {
    this.store = store;
    this.plane = plane;
    this.clock = clock;
  }

  /** Takes up again the rotations still under way when the server stopped. */
  void restoreRotations() {
    Instant now = clock.instant();
    for (StoredKeys.Stored k : StoredKeys.readAll(store)) {
      if (k.previous() != null && k.until() != null && now.isBefore(k.until())) {
        plane.rotateKey(k.key(), k.previous(), k.until());
      }
    }
  }

  /** Marks the keys of the configuration, which the API lists but does not change. */
  public void configuredKeys(List<TsigKey> keys) {
    keys.forEach(k -> configured.put(k.name(), k));
  }

  // ---- TSIG keys ----

  /**
   * A TSIG key as the API shows it.
   *
   * @param secret base64, or null where the caller may not see it
   * @param source "api" or "config"
   * @param previousUntil until when the secret a rotation replaced is still accepted, or null
   */
  public record Key(
      Name name,
      String algorithm,
      @Nullable String secret,
      String source,
      @Nullable Instant previousUntil) {}

  /** The keys made through the API (to load at start, before any zone uses them). */
  public static List<TsigKey> storedKeys(ZoneStore store) {
    return StoredKeys.read(store);
  }

  /** Every key, configured and stored, by name; secrets only if {@code withSecrets}. */
  public List<Key> keys(boolean withSecrets) {
    Map<Name, Key> all = new java.util.TreeMap<>();
    configured.values().forEach(k -> all.put(k.name(), view(k, "config", withSecrets)));
    for (TsigKey k : storedKeys(store)) {
      all.putIfAbsent(k.name(), view(k, "api", withSecrets));
    }
    return new ArrayList<>(all.values());
  }

  public Key key(Name name, boolean withSecret) {
    return keys(withSecret).stream()
        .filter(k -> k.name().equals(name))
        .findFirst()
        .orElseThrow(() -> notFound("no TSIG key " + name + " here"));
  }

  /**
   * Makes a TSIG key; with no secret, a random one of the algorithm's size.
   *
   * @throws ServiceException if the name is taken, the algorithm unknown or the secret not base64
   */
  private Key createKey(String name, @Nullable String algorithm, @Nullable String secret) {
    String alg = algorithm == null || algorithm.isBlank() ? "hmac-sha256" : algorithm;
    TsigKey key = newKey(name, alg, secret);
    if (plane.hasKey(key.name())) {
      throw conflict("a TSIG key named " + key.name() + " exists already");
    }
    StoredKeys.save(store, key);
    plane.putKey(key);
    return view(key, "api", true);
  }

  /**
   * Removes a TSIG key made through the API.
   *
   * @throws ServiceException if a zone still uses it, or it is configured
   */
  private void deleteKey(Name name) {
    if (configured.containsKey(name)) {
      throw conflict("TSIG key " + name + " comes from the configuration: remove it there");
    }
    if (store.object(KEY, name.toString()).isEmpty()) {
      throw notFound("no TSIG key " + name + " here");
    }
    checkUnused(name);
    store.deleteObject(KEY, name.toString());
    plane.removeKey(name);
  }

  private void checkUnused(Name name) {
    List<Name> users = plane.zonesUsingKey(name);
    if (!users.isEmpty()) {
      throw conflict("TSIG key " + name + " is still used by zones " + users);
    }
    if (plane.catalogs().usesKey(name)) {
      throw conflict("TSIG key " + name + " is still used by a catalog or a catalog template");
    }
    for (Peer p : peers()) {
      if (name.equals(p.key())) {
        throw conflict("TSIG key " + name + " is still used by peer " + p.name());
      }
    }
  }

  private Key view(TsigKey k, String source, boolean withSecret) {
    return new Key(
        k.name(),
        algorithmName(k),
        withSecret ? Base64.getEncoder().encodeToString(k.secret()) : null,
        source,
        plane.keyOverlapUntil(k.name()));
  }

  /**
   * Gives a key made through the API a new secret (random if none given) and, if asked, another
   * algorithm. Requests signed with the old secret are still accepted for {@code overlap} (zero: no
   * longer), so that the other side can take the new one meanwhile; what Tandem signs uses the new
   * one at once.
   *
   * @throws ServiceException if there is no such key, it is configured, or the secret or algorithm
   *     is not valid
   */
  private Key rotateKey(
      Name name, @Nullable String algorithm, @Nullable String secret, Duration overlap) {
    if (configured.containsKey(name)) {
      throw conflict("TSIG key " + name + " comes from the configuration: change it there");
    }
    TsigKey now =
        StoredKeys.read(store).stream()
            .filter(k -> k.name().equals(name))
            .findFirst()
            .orElseThrow(() -> notFound("no TSIG key " + name + " here"));
    if (overlap.isNegative()) {
      throw invalid("overlap", "the overlap cannot be negative");
    }
    String alg = algorithm == null || algorithm.isBlank() ? now.algorithmName() : algorithm;
    TsigKey next = newKey(name.toString(), alg, secret);
    Instant until = overlap.isZero() ? null : clock.instant().plus(overlap);
    StoredKeys.save(store, next, until == null ? null : now, until);
    plane.rotateKey(next, until == null ? null : now, until);
    log.info(
        "TSIG key {} rotated{}",
        name,
        until == null
            ? "; the old secret is no longer accepted"
            : "; the old one accepted until " + until);
    return view(next, "api", true);
  }

  /**
   * Renames a key no zone or peer uses (its secret kept).
   *
   * @throws ServiceException if it is in use, configured, unknown, or the new name is taken
   */
  private Key renameKey(Name name, Name newName) {
    if (name.equals(newName)) {
      return key(name, true);
    }
    Key k = key(name, true);
    if (configured.containsKey(name)) {
      throw conflict("TSIG key " + name + " comes from the configuration: change it there");
    }
    checkUnused(name);
    Key made = createKey(newName.toString(), k.algorithm(), k.secret());
    deleteKey(name);
    return made;
  }

  private static TsigKey newKey(String name, String alg, @Nullable String secret) {
    String s = secret;
    if (s == null || s.isBlank()) {
      byte[] raw = new byte[alg.contains("512") ? 64 : alg.contains("384") ? 48 : 32];
      new SecureRandom().nextBytes(raw);
      s = Base64.getEncoder().encodeToString(raw);
    }
    try {
      return TsigKey.of(name, alg, s);
    } catch (IllegalArgumentException e) {
      throw invalid(String.valueOf(e.getMessage()));
    }
  }

  private static String algorithmName(TsigKey k) {
    return k.algorithmName();
  }

  // ---- peers ----

  /**
   * Another provider's server.
   *
   * @param ixfr whether to ask it for IXFR (false: always AXFR)
   */
  public record Peer(String name, String address, int port, @Nullable Name key, boolean ixfr) {
    /** The peer as a {@link Remote}. */
    public Remote remote() {
      return new Remote(
          Remote.parseAddress((address.contains(":") ? "[" + address + "]" : address) + ":" + port),
          key,
          ixfr);
    }
  }

  public List<Peer> peers() {
    List<Peer> out = new ArrayList<>();
    store.objects(PEER).forEach((name, body) -> readPeer(name, body).ifPresent(out::add));
    return out;
  }

  public Peer peer(String name) {
    return store
        .object(PEER, name)
        .flatMap(b -> readPeer(name, b))
        .orElseThrow(() -> notFound("no peer '" + name + "' here"));
  }

  /** Creates or replaces a peer; zones created later with it use the new settings. */
  private Peer putPeer(Peer p) {
    ApiKeys.checkName(p.name());
    if (p.port() < 1 || p.port() > 65535) {
      throw invalid("port", "port " + p.port() + " is not between 1 and 65535");
    }
    try {
      p.remote();
    } catch (IllegalArgumentException e) {
      throw invalid("address", String.valueOf(e.getMessage()));
    }
    if (p.key() != null && !plane.hasKey(p.key())) {
      throw invalid("key", "TSIG key " + p.key() + " is not defined");
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("address", p.address());
    body.put("port", p.port());
    body.put("key", p.key() == null ? null : p.key().toString());
    body.put("ixfr", p.ixfr());
    store.saveObject(PEER, p.name(), body.toString());
    return p;
  }

  private void deletePeer(String name) {
    if (!store.deleteObject(PEER, name)) {
      throw notFound("no peer '" + name + "' here");
    }
  }

  private static Optional<Peer> readPeer(String name, String body) {
    try {
      JsonNode n = JSON.readTree(body);
      String key = n.path("key").isTextual() ? n.path("key").asText() : null;
      return Optional.of(
          new Peer(
              name,
              n.path("address").asText(),
              n.path("port").asInt(53),
              key == null ? null : Name.fromString(key, Name.root),
              n.path("ixfr").asBoolean(true)));
    } catch (JsonProcessingException | TextParseException e) {
      log.error("stored peer {} is damaged: {}", name, e.getMessage());
      return Optional.empty();
    }
  }

  // ---- ACLs ----

  /** A named list of rules, each {@code PREFIX[@KEYNAME]} or {@code any}. */
  public record Acl(String name, List<String> rules) {}

  public List<Acl> acls() {
    List<Acl> out = new ArrayList<>();
    store.objects(ACL).forEach((name, body) -> readAcl(name, body).ifPresent(out::add));
    return out;
  }

  public Acl acl(String name) {
    return store
        .object(ACL, name)
        .flatMap(b -> readAcl(name, b))
        .orElseThrow(() -> notFound("no ACL '" + name + "' here"));
  }

  private Acl putAcl(Acl a) {
    ApiKeys.checkName(a.name());
    for (int i = 0; i < a.rules().size(); i++) {
      try {
        AclRule r = AclRule.parse(a.rules().get(i));
        if (r.key() != null && !plane.hasKey(r.key())) {
          throw invalid("rules[" + i + "]", "TSIG key " + r.key() + " is not defined");
        }
      } catch (IllegalArgumentException e) {
        throw invalid("rules[" + i + "]", "rules[" + i + "]: " + e.getMessage());
      }
    }
    ObjectNode body = JSON.createObjectNode();
    var rules = body.putArray("rules");
    a.rules().forEach(rules::add);
    store.saveObject(ACL, a.name(), body.toString());
    return a;
  }

  private void deleteAcl(String name) {
    if (!store.deleteObject(ACL, name)) {
      throw notFound("no ACL '" + name + "' here");
    }
  }

  private static Optional<Acl> readAcl(String name, String body) {
    try {
      List<String> rules = new ArrayList<>();
      JSON.readTree(body).path("rules").forEach(r -> rules.add(r.asText()));
      return Optional.of(new Acl(name, rules));
    } catch (JsonProcessingException e) {
      log.error("stored ACL {} is damaged: {}", name, e.getMessage());
      return Optional.empty();
    }
  }

  // ---- changes, each in the audit log (never a secret) ----

  /** Makes a TSIG key ({@link #createKey(String, String, String)}), for {@code actor}. */
  public Key createKey(
      String name, @Nullable String algorithm, @Nullable String secret, Actor actor) {
    return Audited.run(
        plane.audit(),
        actor,
        "tsig-key.create",
        null,
        name,
        Map.of(
            "algorithm",
            algorithm == null ? "hmac-sha256" : algorithm,
            "secretGiven",
            secret != null),
        k -> Map.of(),
        () -> createKey(name, algorithm, secret));
  }

  /** Rotates a TSIG key's secret ({@link #rotateKey(Name, String, String, Duration)}). */
  public Key rotateKey(
      Name name,
      @Nullable String algorithm,
      @Nullable String secret,
      Duration overlap,
      Actor actor) {
    return Audited.run(
        plane.audit(),
        actor,
        "tsig-key.rotate",
        null,
        name.toString(),
        Map.of("overlapSeconds", overlap.toSeconds(), "secretGiven", secret != null),
        k ->
            k.previousUntil() == null
                ? Map.of()
                : Map.of("previousUntil", k.previousUntil().toString()),
        () -> rotateKey(name, algorithm, secret, overlap));
  }

  /** Renames a TSIG key no zone uses. */
  public Key renameKey(Name name, Name newName, Actor actor) {
    return Audited.run(
        plane.audit(),
        actor,
        "tsig-key.rename",
        null,
        name.toString(),
        Map.of("to", newName.toString()),
        k -> Map.of(),
        () -> renameKey(name, newName));
  }

  /** Removes a TSIG key made through the API. */
  public void deleteKey(Name name, Actor actor) {
    Audited.run(
        plane.audit(),
        actor,
        "tsig-key.delete",
        null,
        name.toString(),
        Map.of(),
        () -> deleteKey(name));
  }

  /** Creates or replaces a peer. */
  public Peer putPeer(Peer p, Actor actor) {
    return Audited.run(
        plane.audit(),
        actor,
        "peer.put",
        null,
        p.name(),
        Map.of(
            "address", p.address(),
            "port", p.port(),
            "key", String.valueOf(p.key()),
            "ixfr", p.ixfr()),
        x -> Map.of(),
        () -> putPeer(p));
  }

  public void deletePeer(String name, Actor actor) {
    Audited.run(plane.audit(), actor, "peer.delete", null, name, Map.of(), () -> deletePeer(name));
  }

  /** Creates or replaces an ACL. */
  public Acl putAcl(Acl a, Actor actor) {
    return Audited.run(
        plane.audit(),
        actor,
        "acl.put",
        null,
        a.name(),
        Map.of("rules", a.rules()),
        x -> Map.of(),
        () -> putAcl(a));
  }

  public void deleteAcl(String name, Actor actor) {
    Audited.run(plane.audit(), actor, "acl.delete", null, name, Map.of(), () -> deleteAcl(name));
  }

  // ---- resolving a zone's lists ----

  /** Addresses ({@code ADDR:PORT[@KEY]}) or peer names, as remotes. */
  List<Remote> remotes(List<String> items, String field) {
    List<Remote> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String item = items.get(i).trim();
      Optional<Peer> peer = peerNamed(item);
      try {
        Remote r = peer.isPresent() ? peer.get().remote() : Remote.parse(item);
        if (r.key() != null && !plane.hasKey(r.key())) {
          throw invalid(field + "[" + i + "]", "TSIG key " + r.key() + " is not defined");
        }
        out.add(r);
      } catch (IllegalArgumentException e) {
        throw invalid(
            field + "[" + i + "]",
            field
                + "["
                + i
                + "]: "
                + e.getMessage()
                + " (give ADDR[:PORT][@KEYNAME] or the name of a peer)");
      }
    }
    return out;
  }

  /** Rules ({@code PREFIX[@KEYNAME]}, {@code any}), ACL names or peer names, as rules. */
  List<AclRule> aclRules(List<String> items, String field) {
    List<AclRule> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String item = items.get(i).trim();
      String f = field + "[" + i + "]";
      Optional<String> acl = isObjectName(item) ? store.object(ACL, item) : Optional.empty();
      if (acl.isPresent()) {
        readAcl(item, acl.get()).ifPresent(a -> a.rules().forEach(r -> out.add(AclRule.parse(r))));
        continue;
      }
      Optional<Peer> peer = peerNamed(item);
      if (peer.isPresent()) {
        InetSocketAddress a = peer.get().remote().address();
        out.add(AclRule.host(a.getAddress(), peer.get().key()));
        continue;
      }
      try {
        AclRule r = AclRule.parse(item);
        if (r.key() != null && !plane.hasKey(r.key())) {
          throw invalid(f, "TSIG key " + r.key() + " is not defined");
        }
        out.add(r);
      } catch (IllegalArgumentException e) {
        throw invalid(
            f,
            f
                + ": "
                + e.getMessage()
                + " (give PREFIX[@KEYNAME], 'any', or the name of an ACL or peer)");
      }
    }
    return out;
  }

  private Optional<Peer> peerNamed(String item) {
    if (!isObjectName(item)) {
      return Optional.empty();
    }
    return store.object(PEER, item).flatMap(b -> readPeer(item, b));
  }

  /** Whether {@code s} could be a peer's or ACL's name rather than an address or rule. */
  private static boolean isObjectName(String s) {
    return s.matches("[A-Za-z][A-Za-z0-9._-]{0,62}") && !s.equals("any") && !s.contains(":");
  }
}
