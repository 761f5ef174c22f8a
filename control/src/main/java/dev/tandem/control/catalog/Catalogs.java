package dev.tandem.control.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.access.AclRule;
import dev.tandem.control.access.Remote;
import dev.tandem.control.secondary.SecondaryConfig;
import dev.tandem.control.zone.ZoneContext;
import dev.tandem.control.zone.ZoneRegistry;
import dev.tandem.dns.zone.ZoneSnapshot;
import dev.tandem.store.StoreException;
import dev.tandem.store.ZoneStore;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * The catalog zones (RFC 9432) of this server: those it follows ({@link CatalogConsumer}), the
 * templates that configure their members by group, and those it makes of its own zones ({@link
 * CatalogProducer}). Those of the configuration come from flags and are changed there; those made
 * through the API are kept in the store and followed again after a restart. One lock ({@code this})
 * is held while a catalog acts on a version, so that a member changing hands between two catalogs
 * (section 4.4.1) sees both as they are.
 */
public final class Catalogs implements ZoneRegistry.Listener {
  private static final Logger log = LoggerFactory.getLogger(Catalogs.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The store's kind of object for a catalog followed through the API. */
  static final String CATALOG = "catalog";

  /** The store's kind of object for a template made through the API. */
  static final String TEMPLATE = "catalog-template";

  /** The store setting holding a zone's group (for the catalogs made here). */
  public static final String GROUP = "group";

  /**
   * The catalogs of the configuration.
   *
   * @param consumed the catalogs to follow
   * @param templates how their members are configured, by group
   * @param produced the catalogs to make of the zones served here
   */
  public record Config(
      List<ConsumedCatalog> consumed,
      List<CatalogTemplate> templates,
      List<ProducedCatalog> produced) {
    public static final Config NONE = new Config(List.of(), List.of(), List.of());

    public Config {
      consumed = List.copyOf(consumed);
      templates = List.copyOf(templates);
      produced = List.copyOf(produced);
    }

    /** The names of every catalog zone, followed or made. */
    public List<Name> names() {
      List<Name> all = new ArrayList<>();
      consumed.forEach(c -> all.add(c.catalog()));
      produced.forEach(p -> all.add(p.catalog()));
      return all;
    }
  }

  private final ZoneRegistry registry;
  private final ZoneContext ctx;
  private final Consumer<SecondaryConfig> checkKeys;
  private final Predicate<InetSocketAddress> self;
  private final Config config;
  private final Map<Name, CatalogConsumer> consumers = new ConcurrentHashMap<>();
  private final Set<Name> configured = ConcurrentHashMap.newKeySet();
  private final List<CatalogProducer> producers = new CopyOnWriteArrayList<>();
  private final List<CatalogTemplate> templates = new CopyOnWriteArrayList<>();
  private final Set<String> configuredTemplates = ConcurrentHashMap.newKeySet();
  private final Map<Name, String> groups = new ConcurrentHashMap<>();

  /**
   * @param checkKeys throws IllegalArgumentException if a configuration names an undefined key
   * @param self whether an address is this server's (never NOTIFYed)
   */
  public Catalogs(
      ZoneRegistry registry,
      ZoneContext ctx,
      Config config,
      Consumer<SecondaryConfig> checkKeys,
      Predicate<InetSocketAddress> self) {
    this.registry = registry;
    this.ctx = ctx;
    this.config = config;
    this.checkKeys = checkKeys;
    this.self = self;
    for (CatalogTemplate t : config.templates()) {
      if (!configuredTemplates.add(t.group())) {
        throw new IllegalArgumentException("catalog template " + t.group() + " is given twice");
      }
      check(t);
      templates.add(t);
    }
    for (ConsumedCatalog c : config.consumed()) {
      checkKeys.accept(c.zoneConfig());
      configured.add(c.catalog());
    }
  }

  // ---- start ----

  /**
   * Follows every catalog, those of the configuration and those made through the API: their members
   * of the last version acted on are served from the store first, then each catalog is served and
   * acted on. Then makes the catalogs of this server's zones.
   *
   * @return what each catalog serves, in words, by catalog
   */
  public Map<Name, String> start() {
    ZoneStore store = ctx.store();
    List<ConsumedCatalog> all = new ArrayList<>(config.consumed());
    for (Map.Entry<String, String> e : store.objects(TEMPLATE).entrySet()) {
      try {
        CatalogTemplate t = template(e.getKey(), JSON.readTree(e.getValue()));
        if (!configuredTemplates.contains(t.group())) {
          templates.add(t);
        }
      } catch (IllegalArgumentException | java.io.IOException ex) {
        log.error("stored catalog template {} ignored: {}", e.getKey(), ex.getMessage());
      }
    }
    for (Map.Entry<String, String> e : store.objects(CATALOG).entrySet()) {
      try {
        ConsumedCatalog c = consumed(e.getKey(), JSON.readTree(e.getValue()));
        if (!configured.contains(c.catalog())) {
          all.add(c);
        }
      } catch (IllegalArgumentException | java.io.IOException ex) {
        log.error("stored catalog {} ignored: {}", e.getKey(), ex.getMessage());
      }
    }
    groups.putAll(store.settingOfAll(GROUP));
    Map<Name, List<CatalogConsumer.Stored>> stored = storedMembers(store);
    Map<Name, String> outcome = new LinkedHashMap<>();
    List<CatalogConsumer> started = new ArrayList<>();
    for (ConsumedCatalog c : all) {
      CatalogConsumer consumer = new CatalogConsumer(c, this, registry, ctx);
      consumers.put(c.catalog(), consumer);
      consumer.adopt(stored.getOrDefault(c.catalog(), List.of()));
      started.add(consumer);
    }
    stored.forEach(
        (catalog, members) -> {
          if (!consumers.containsKey(catalog)) {
            log.warn(
                "{} member zones of catalog {}, which is no longer followed, are not served (they"
                    + " stay in the store until a zone of the same name is made)",
                members.size(),
                catalog);
          }
        });
    for (CatalogConsumer consumer : started) {
      try {
        outcome.put(
            consumer.catalog(), consumer.start() + "; " + consumer.memberCount() + " members");
      } catch (StoreException | IllegalArgumentException e) {
        outcome.put(consumer.catalog(), "not followed: " + e.getMessage());
      }
    }
    for (ProducedCatalog p : config.produced()) {
      CatalogProducer producer = new CatalogProducer(p, this, registry, ctx, self);
      try {
        outcome.put(p.catalog(), producer.start());
        producers.add(producer);
      } catch (StoreException | IllegalArgumentException e) {
        outcome.put(p.catalog(), "not made: " + e.getMessage());
      }
    }
    return outcome;
  }

  private static Map<Name, List<CatalogConsumer.Stored>> storedMembers(ZoneStore store) {
    Map<Name, List<CatalogConsumer.Stored>> byCatalog = new HashMap<>();
    store
        .settingOfAll(CatalogConsumer.MEMBER)
        .forEach(
            (zone, setting) -> {
              CatalogConsumer.Stored s = CatalogConsumer.stored(zone, setting);
              String catalog = setting.split(" ", 2)[0];
              try {
                if (s != null) {
                  byCatalog
                      .computeIfAbsent(Name.fromString(catalog), k -> new ArrayList<>())
                      .add(s);
                }
              } catch (org.xbill.DNS.TextParseException e) {
                log.warn("{}: stored catalog name '{}' does not parse", zone, catalog);
              }
            });
    return byCatalog;
  }

  // ---- what the catalogs ask of each other ----

  /** Whether the catalog now owning {@code member} gives it to catalog {@code to} (coo). */
  synchronized boolean givenTo(Name member, Name to) {
    CatalogConsumer owner = ownerOf(member);
    return owner != null && owner.gives(member, to);
  }

  /** The catalog followed here that {@code member} is served from, or null. */
  @Nullable CatalogConsumer ownerOf(Name member) {
    for (CatalogConsumer c : consumers.values()) {
      if (c.owns(member)) {
        return c;
      }
    }
    return null;
  }

  /** The templates, in the order given (the configuration's first). */
  List<CatalogTemplate> templates() {
    return List.copyOf(templates);
  }

  /** Whether {@code zone} is a catalog zone followed or made here. */
  boolean isCatalog(Name zone) {
    if (consumers.containsKey(zone)) {
      return true;
    }
    for (CatalogProducer p : producers) {
      if (p.catalog().equals(zone)) {
        return true;
      }
    }
    return config.produced().stream().anyMatch(p -> p.catalog().equals(zone));
  }

  /** The group of a zone served here, for the catalogs made here; null if it has none. */
  @Nullable String groupOf(Name zone) {
    return groups.get(zone);
  }

  /**
   * The catalog made here that lists zones of group {@code group}: the first that names the group,
   * else the first that lists every zone; null if none does.
   */
  @Nullable ProducedCatalog producerFor(@Nullable String group) {
    for (ProducedCatalog p : config.produced()) {
      if (!p.groups().isEmpty() && p.lists(group)) {
        return p;
      }
    }
    for (ProducedCatalog p : config.produced()) {
      if (p.groups().isEmpty()) {
        return p;
      }
    }
    return null;
  }

  /** Zones came or went: the catalogs made here list them anew. */
  @Override
  public void changed() {
    producers.forEach(CatalogProducer::changed);
  }

  /** The control plane closes: the catalogs followed here are followed no more. */
  public void close() {
    consumers.values().forEach(CatalogConsumer::close);
  }

  // ---- the API ----

  /**
   * A catalog as the API shows it.
   *
   * @param role consumer (followed here) or producer (made here)
   * @param source "config" or "api"
   * @param primaries a followed catalog's primaries
   * @param groups a made catalog's groups (empty: every zone)
   * @param serial the serial acted on (followed) or served (made), -1 if none yet
   * @param members the members served here (followed) or listed (made)
   * @param problem why the catalog is not acted on, or what it lists that is not served; or null
   */
  public record View(
      Name catalog,
      String role,
      String source,
      List<String> primaries,
      List<String> groups,
      long serial,
      int members,
      @Nullable String problem) {}

  /** Every catalog, followed or made, by name. */
  public List<View> views() {
    Map<Name, View> all = new java.util.TreeMap<>();
    for (CatalogConsumer c : consumers.values()) {
      all.put(c.catalog(), view(c));
    }
    for (CatalogProducer p : producers) {
      all.put(p.catalog(), view(p));
    }
    return new ArrayList<>(all.values());
  }

  /** One catalog, or null. */
  public @Nullable View view(Name catalog) {
    CatalogConsumer c = consumers.get(catalog);
    if (c != null) {
      return view(c);
    }
    for (CatalogProducer p : producers) {
      if (p.catalog().equals(catalog)) {
        return view(p);
      }
    }
    return null;
  }

  private View view(CatalogConsumer c) {
    return new View(
        c.catalog(),
        "consumer",
        configured.contains(c.catalog()) ? "config" : "api",
        c.config().primaries().stream().map(Remote::spec).toList(),
        List.of(),
        c.serialActedOn(),
        c.memberCount(),
        c.problem());
  }

  private static View view(CatalogProducer p) {
    ZoneSnapshot z = p.zone().current();
    var status = p.zone().status().catalog();
    return new View(
        p.catalog(),
        "producer",
        "config",
        List.of(),
        p.config().groups(),
        z == null ? -1 : z.serial(),
        status == null ? 0 : status.members(),
        status == null ? null : status.problem());
  }

  /** The member zones of a followed catalog, by name; null if it is not followed here. */
  public @Nullable List<Name> members(Name catalog) {
    CatalogConsumer c = consumers.get(catalog);
    return c == null ? null : c.members().stream().map(z -> z.name()).toList();
  }

  /**
   * Follows a catalog made through the API: kept in the store, followed again after a restart.
   *
   * @throws IllegalArgumentException if a zone or catalog of that name is served here, or it names
   *     an undefined key
   */
  public synchronized View follow(ConsumedCatalog c) {
    if (registry.zone(c.catalog()).isPresent() || consumers.containsKey(c.catalog())) {
      throw new IllegalArgumentException("zone " + c.catalog() + " is served here already");
    }
    checkKeys.accept(c.zoneConfig());
    ctx.store().saveObject(CATALOG, c.catalog().toString(), json(c).toString());
    CatalogConsumer consumer = new CatalogConsumer(c, this, registry, ctx);
    consumers.put(c.catalog(), consumer);
    consumer.start();
    log.info("{}: catalog followed, from {}", c.catalog(), c.primaries());
    return view(consumer);
  }

  /**
   * Stops following a catalog made through the API; its member zones are no longer served and are
   * removed from the store.
   *
   * @return false if it is not followed here
   * @throws IllegalArgumentException if it comes from the configuration
   */
  public boolean unfollow(Name catalog) {
    CatalogConsumer c = consumers.get(catalog);
    if (c == null) {
      return false;
    }
    if (configured.contains(catalog)) {
      throw new IllegalArgumentException(
          "catalog " + catalog + " comes from the configuration (--catalog): remove it there");
    }
    c.stop(true);
    consumers.remove(catalog);
    ctx.store().deleteObject(CATALOG, catalog.toString());
    log.info("{}: catalog no longer followed; its {} members removed", catalog, c.memberCount());
    return true;
  }

  /** Every template, by group. */
  public List<CatalogTemplate> templateList() {
    return templates();
  }

  /** Whether the template of {@code group} comes from the configuration. */
  public boolean isConfiguredTemplate(String group) {
    return configuredTemplates.contains(group);
  }

  /**
   * Creates or replaces a template (kept in the store); the members of its group in every catalog
   * followed are configured by it at once.
   *
   * @throws IllegalArgumentException if it comes from the configuration or names an undefined key
   */
  public void putTemplate(CatalogTemplate t) {
    if (configuredTemplates.contains(t.group())) {
      throw new IllegalArgumentException(
          "catalog template " + t.group() + " comes from the configuration: change it there");
    }
    check(t);
    ctx.store().saveObject(TEMPLATE, t.group(), json(t).toString());
    synchronized (this) {
      templates.removeIf(o -> o.group().equals(t.group()));
      templates.add(t);
    }
    consumers.values().forEach(CatalogConsumer::reconfigure);
  }

  /**
   * Removes a template made through the API; its members are configured from their catalog again.
   *
   * @return false if there is none
   */
  public boolean deleteTemplate(String group) {
    if (configuredTemplates.contains(group)) {
      throw new IllegalArgumentException(
          "catalog template " + group + " comes from the configuration: remove it there");
    }
    boolean gone;
    synchronized (this) {
      gone = templates.removeIf(o -> o.group().equals(group));
    }
    ctx.store().deleteObject(TEMPLATE, group);
    if (gone) {
      consumers.values().forEach(CatalogConsumer::reconfigure);
    }
    return gone;
  }

  /**
   * Sets (or with null, clears) the group of a zone served here, for the catalogs made here, and
   * keeps it in the store.
   */
  public void setGroup(Name zone, @Nullable String group) {
    expectGroup(zone, group);
    ctx.store().saveSetting(zone, GROUP, group);
  }

  /**
   * The group of a zone about to be created (kept in the store once it is, by {@link #setGroup}):
   * the catalogs made here list it in the right catalog, with its group, from its first version.
   */
  public void expectGroup(Name zone, @Nullable String group) {
    if (group == null) {
      groups.remove(zone);
    } else {
      groups.put(zone, group);
    }
    changed();
  }

  /** Whether any catalog or template names TSIG key {@code key}. */
  public boolean usesKey(Name key) {
    return templates.stream().anyMatch(t -> t.usesKey(key))
        || consumers.values().stream().anyMatch(c -> c.config().zoneConfig().usesKey(key));
  }

  private void check(CatalogTemplate t) {
    Name probe = Name.fromConstantString("template.invalid.");
    checkKeys.accept(
        new SecondaryConfig(
            probe,
            t.primaries().isEmpty()
                ? List.of(new Remote(new InetSocketAddress(0), null))
                : t.primaries(),
            t.allowNotify(),
            t.alsoNotify(),
            t.allowTransfer()));
  }

  // ---- JSON in the store ----

  private static ObjectNode json(ConsumedCatalog c) {
    ObjectNode o = JSON.createObjectNode();
    strings(o.putArray("primaries"), c.primaries(), Remote::spec);
    strings(o.putArray("allowNotify"), c.allowNotify(), AclRule::spec);
    return o;
  }

  private static ObjectNode json(CatalogTemplate t) {
    ObjectNode o = JSON.createObjectNode();
    strings(o.putArray("primaries"), t.primaries(), Remote::spec);
    strings(o.putArray("allowTransfer"), t.allowTransfer(), AclRule::spec);
    strings(o.putArray("notify"), t.alsoNotify(), Remote::spec);
    strings(o.putArray("allowNotify"), t.allowNotify(), AclRule::spec);
    return o;
  }

  private static <T> void strings(ArrayNode a, List<T> items, Function<T, String> spec) {
    items.forEach(i -> a.add(spec.apply(i)));
  }

  private static <T> List<T> list(JsonNode o, String field, Function<String, T> parse) {
    List<T> out = new ArrayList<>();
    JsonNode a = o.get(field);
    if (a != null) {
      a.forEach(n -> out.add(parse.apply(n.asText())));
    }
    return out;
  }

  private static ConsumedCatalog consumed(String name, JsonNode o) {
    return new ConsumedCatalog(
        Name.fromConstantString(name),
        list(o, "primaries", Remote::parse),
        list(o, "allowNotify", AclRule::parse));
  }

  private static CatalogTemplate template(String group, JsonNode o) {
    return new CatalogTemplate(
        group,
        list(o, "primaries", Remote::parse),
        list(o, "allowTransfer", AclRule::parse),
        list(o, "notify", Remote::parse),
        list(o, "allowNotify", AclRule::parse));
  }
}
