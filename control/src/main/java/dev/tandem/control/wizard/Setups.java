package dev.tandem.control.wizard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.store.ZoneStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * The wizards' progress in the store (one object per zone, kind {@code wizard}), so that a setup
 * left at step 3 is there a day later, on any node sharing the store. The TSIG secret is kept with
 * it, as the store keeps the zone's own keys.
 */
final class Setups {
  static final String KIND = "wizard";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ZoneStore store;

  Setups(ZoneStore store) {
    this.store = store;
  }

  void save(Setup s) {
    ObjectNode o = JSON.createObjectNode();
    o.put("strategy", s.strategy().name());
    o.put("peer", s.peer());
    o.put("keyName", s.keyName().toString());
    o.put("algorithm", s.algorithm());
    o.put("secret", s.secret());
    ArrayNode names = o.putArray("ourNames");
    s.ourNames().forEach(n -> names.add(n.toString()));
    o.put("started", s.started().toString());
    ObjectNode results = o.putObject("results");
    s.results()
        .forEach(
            (step, r) -> {
              ObjectNode x = results.putObject(step.name());
              x.put("outcome", r.outcome().name());
              ArrayNode lines = x.putArray("lines");
              r.lines().forEach(lines::add);
              if (r.at() != null) {
                x.put("at", r.at().toString());
              }
            });
    store.saveObject(KIND, s.zone().toString(), o.toString());
  }

  Optional<Setup> get(Name zone) {
    return store.object(KIND, zone.toString()).flatMap(body -> read(zone.toString(), body));
  }

  List<Setup> all() {
    List<Setup> out = new ArrayList<>();
    store.objects(KIND).forEach((name, body) -> read(name, body).ifPresent(out::add));
    out.sort((a, b) -> a.zone().compareTo(b.zone()));
    return out;
  }

  void delete(Name zone) {
    store.deleteObject(KIND, zone.toString());
  }

  private static Optional<Setup> read(String zone, String body) {
    try {
      JsonNode o = JSON.readTree(body);
      List<Name> names = new ArrayList<>();
      for (JsonNode n : o.path("ourNames")) {
        names.add(Name.fromString(n.asText()));
      }
      Map<Setup.Step, Setup.Result> results = new EnumMap<>(Setup.Step.class);
      o.path("results")
          .properties()
          .forEach(
              e -> {
                List<String> lines = new ArrayList<>();
                e.getValue().path("lines").forEach(l -> lines.add(l.asText()));
                String at = e.getValue().path("at").asText(null);
                results.put(
                    Setup.Step.valueOf(e.getKey()),
                    new Setup.Result(
                        Setup.Outcome.valueOf(e.getValue().path("outcome").asText()),
                        lines,
                        at == null ? null : Instant.parse(at)));
              });
      return Optional.of(
          new Setup(
              Name.fromString(zone),
              Setup.Strategy.valueOf(o.path("strategy").asText()),
              o.path("peer").asText(),
              Name.fromString(o.path("keyName").asText()),
              o.path("algorithm").asText(),
              o.path("secret").asText(),
              names,
              Instant.parse(o.path("started").asText()),
              results));
    } catch (java.io.IOException | RuntimeException e) {
      return Optional.empty(); // a damaged setup is started again
    }
  }
}
