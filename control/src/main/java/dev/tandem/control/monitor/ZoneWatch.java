package dev.tandem.control.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.monitor.check.ConsistencyState;
import dev.tandem.control.monitor.check.Evaluation;
import dev.tandem.control.monitor.check.Finding;
import dev.tandem.control.monitor.check.Server;
import dev.tandem.control.monitor.check.ServerObservation;
import dev.tandem.control.monitor.check.ZoneObservation;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.Name;

/**
 * What the monitor remembers of one zone between rounds: since when each finding and each state
 * holds, the transitions, when each recent serial was first seen (for lag and propagation), and the
 * state last alerted per server. Kept in the store as JSON (kind {@link #KIND}, named after the
 * zone), written when a transition happens or the findings change, so that a restart neither
 * forgets since-when nor alerts again what was alerted.
 *
 * <p>Also the round's working state, not kept: the round count, which servers refused AXFR and
 * until when, the sample's position, the NOTIFYs sent again. Guarded by itself.
 */
final class ZoneWatch {
  /** The store's object kind for these. */
  static final String KIND = "consistency";

  private static final int TRANSITIONS_KEPT = 50;
  private static final int SERIALS_KEPT = 16;
  private static final String ZONE = "zone";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A state and since when it holds. */
  record Standing(ConsistencyState state, Instant since) {}

  final Name zone;

  // ---- the round's working state (the zone's round lock guards these) ----
  int round;
  @Nullable OurVersion ours;
  int sampleFrom;
  boolean hadDs;

  /** Each server's last observation, with what light rounds carry (see {@link Carry}). */
  Map<InetSocketAddress, ServerObservation> observed = Map.of();

  final Map<InetSocketAddress, Integer> axfrRefusedUntil = new HashMap<>();
  final Map<String, Integer> renotified = new HashMap<>();

  // ---- what is kept (guarded by this) ----
  private Map<String, Instant> findingSince = new LinkedHashMap<>();
  private Map<String, Standing> standings = new LinkedHashMap<>();
  private final Map<String, ConsistencyState> alerted = new HashMap<>();
  private final ArrayDeque<Transition> transitions = new ArrayDeque<>();
  private final LinkedHashMap<Long, Instant> serials = new LinkedHashMap<>();
  private final Map<String, Long> propagatedSerial = new HashMap<>();
  private final Map<String, Long> propagation = new HashMap<>();
  private boolean dirty;
  private volatile @Nullable ZoneReport last;

  ZoneWatch(Name zone) {
    this.zone = zone;
  }

  /** Notes that {@code serial} was seen at {@code at}, unless seen before. */
  synchronized void serialSeen(long serial, Instant at) {
    Instant before = serials.get(serial);
    if (before != null && !at.isBefore(before)) {
      return;
    }
    serials.put(serial, at);
    while (serials.size() > SERIALS_KEPT) {
      Iterator<Long> oldest = serials.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  synchronized Map<Long, Instant> serials() {
    return new LinkedHashMap<>(serials);
  }

  /** The last round's report, or null before the first. */
  @Nullable ZoneReport last() {
    return last;
  }

  synchronized Standing standing(String subject) {
    Standing s = standings.get(subject);
    return s != null ? s : new Standing(ConsistencyState.OK, Instant.EPOCH);
  }

  synchronized ConsistencyState alerted(String subject) {
    return alerted.getOrDefault(subject, ConsistencyState.OK);
  }

  synchronized void alerted(String subject, ConsistencyState state) {
    if (alerted.put(subject, state) != state) {
      dirty = true;
    }
  }

  /** Whether something to keep changed since the last {@link #toJson}. */
  synchronized boolean dirty() {
    return dirty;
  }

  /** A round taken in: its report and the transitions it made, oldest first. */
  record Update(ZoneReport report, List<Transition> made) {}

  /**
   * Takes in one round: since-when of findings and states, the transitions they make, propagation
   * times.
   */
  synchronized Update update(
      ZoneObservation o, Evaluation e, Instant started, Instant now, Propagation propagated) {
    for (ServerObservation s : o.servers()) {
      if (s.serial() >= 0 && s.authoritative()) {
        serialSeen(s.serial(), now);
      }
    }
    Map<String, Instant> since = new LinkedHashMap<>();
    for (Finding f : e.findings()) {
      since.put(f.key(), findingSince.getOrDefault(f.key(), now));
    }
    dirty |= !since.keySet().equals(findingSince.keySet());
    findingSince = since;

    Map<String, Standing> next = new LinkedHashMap<>();
    List<Transition> made = new ArrayList<>();
    for (ServerObservation s : o.servers()) {
      Evaluation.ServerState st = e.servers().get(s.server().address());
      ConsistencyState state = st == null ? ConsistencyState.OK : st.state();
      next.put(
          s.server().label(), next(s.server().label(), s.server().address(), state, e, now, made));
    }
    next.put(ZONE, next(ZONE, null, e.state(), e, now, made));
    standings = next;
    for (Transition t : made) {
      transitions.addFirst(t);
    }
    while (transitions.size() > TRANSITIONS_KEPT) {
      transitions.removeLast();
    }
    dirty |= !made.isEmpty();
    propagation(o, e, now, propagated);
    ZoneReport r = report(o, e, started, now);
    last = r;
    return new Update(r, made);
  }

  /** The last {@code n} transitions, newest first. */
  synchronized List<Transition> recent(int n) {
    List<Transition> out = new ArrayList<>();
    Iterator<Transition> it = transitions.iterator();
    for (int i = 0; i < n && it.hasNext(); i++) {
      out.add(it.next());
    }
    return out;
  }

  /** The standing of {@code subject} after this round, with its transition if it changed. */
  private Standing next(
      String subject,
      @Nullable InetSocketAddress address,
      ConsistencyState state,
      Evaluation e,
      Instant now,
      List<Transition> made) {
    Standing before = standings.get(subject);
    if (before != null && before.state() == state) {
      return before;
    }
    ConsistencyState from = before == null ? ConsistencyState.OK : before.state();
    if (from != state) {
      made.add(
          new Transition(
              now, address == null ? null : subject, from, state, why(e, address, state)));
    }
    return new Standing(state, now);
  }

  /** The finding that put the subject in {@code state}, in words. */
  private static String why(
      Evaluation e, @Nullable InetSocketAddress address, ConsistencyState state) {
    if (state == ConsistencyState.OK) {
      return "no finding";
    }
    for (Finding f : e.findings()) {
      if ((address == null || address.equals(f.server())) && f.kind().effect() == state) {
        return f.detail();
      }
    }
    return state.word();
  }

  private void propagation(ZoneObservation o, Evaluation e, Instant now, Propagation propagated) {
    long reference = e.referenceSerial();
    if (reference < 0) {
      return;
    }
    Instant first = serials.get(reference);
    for (ServerObservation s : o.servers()) {
      if (s.serial() != reference || !s.authoritative()) {
        continue;
      }
      String label = s.server().label();
      Long last = propagatedSerial.put(label, reference);
      if (last != null && last != reference && first != null) {
        long seconds = Math.max(0, Duration.between(first, now).toSeconds());
        propagation.put(label, seconds);
        propagated.reached(s.server(), seconds);
      }
    }
  }

  private ZoneReport report(ZoneObservation o, Evaluation e, Instant started, Instant now) {
    List<ZoneReport.ServerReport> rows = new ArrayList<>();
    for (ServerObservation s : o.servers()) {
      Server server = s.server();
      Evaluation.ServerState st = e.servers().get(server.address());
      Standing standing = standing(server.label());
      ServerObservation.Reach tcp = s.tcp();
      List<DNSKEYRecord> keys = s.dnskeys();
      ServerObservation.Signature sig = s.earliestSignature();
      rows.add(
          new ZoneReport.ServerReport(
              server,
              standing.state(),
              standing.since(),
              s.serial(),
              st == null ? -1 : st.lagSeconds(),
              s.latencyMicros(),
              s.udp().ok(),
              tcp == null ? null : tcp.ok(),
              s.authoritative(),
              s.expire(),
              s.nsSet(),
              keys == null ? null : keys.stream().map(DNSKEYRecord::getFootprint).sorted().toList(),
              sig == null ? null : sig.expires(),
              s.content(),
              propagation.getOrDefault(server.label(), -1L)));
    }
    List<ZoneReport.FindingReport> findings = new ArrayList<>();
    for (Finding f : e.findings()) {
      findings.add(new ZoneReport.FindingReport(f, findingSince.getOrDefault(f.key(), now)));
    }
    Standing zone = standing(ZONE);
    return new ZoneReport(
        o.zone(),
        zone.state(),
        zone.since(),
        now,
        Duration.between(started, now).toMillis(),
        o.serial(),
        e.referenceSerial(),
        rows,
        findings,
        o.delegation(),
        recent(20));
  }

  // ---- kept in the store ----

  /** What is kept, as JSON; clears {@link #dirty}. */
  synchronized String toJson() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode f = root.putObject("findings");
    findingSince.forEach((k, v) -> f.put(k, v.toString()));
    ObjectNode st = root.putObject("states");
    standings.forEach(
        (k, v) ->
            st.putObject(k).put("state", v.state().word()).put("since", v.since().toString()));
    ObjectNode al = root.putObject("alerted");
    alerted.forEach((k, v) -> al.put(k, v.word()));
    ArrayNode tr = root.putArray("transitions");
    for (Transition t : transitions) {
      ObjectNode n = tr.addObject();
      n.put("at", t.at().toString());
      n.put("server", t.server());
      n.put("from", t.from().word());
      n.put("to", t.to().word());
      n.put("detail", t.detail());
    }
    ObjectNode se = root.putObject("serials");
    serials.forEach((k, v) -> se.put(Long.toString(k), v.toString()));
    dirty = false;
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the consistency history", e);
    }
  }

  /** A watch with what {@code json} kept; what does not read back is left out, not fatal. */
  static ZoneWatch fromJson(Name zone, String json) {
    ZoneWatch w = new ZoneWatch(zone);
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return w;
    }
    try {
      root.path("findings")
          .properties()
          .forEach(e -> w.findingSince.put(e.getKey(), Instant.parse(e.getValue().asText())));
      root.path("states")
          .properties()
          .forEach(
              e ->
                  w.standings.put(
                      e.getKey(),
                      new Standing(
                          ConsistencyState.of(e.getValue().path("state").asText()),
                          Instant.parse(e.getValue().path("since").asText()))));
      root.path("alerted")
          .properties()
          .forEach(e -> w.alerted.put(e.getKey(), ConsistencyState.of(e.getValue().asText())));
      for (JsonNode n : root.path("transitions")) {
        JsonNode server = n.path("server");
        w.transitions.addLast(
            new Transition(
                Instant.parse(n.path("at").asText()),
                server.isTextual() ? server.asText() : null,
                ConsistencyState.of(n.path("from").asText()),
                ConsistencyState.of(n.path("to").asText()),
                n.path("detail").asText()));
      }
      root.path("serials")
          .properties()
          .forEach(
              e -> w.serials.put(Long.parseLong(e.getKey()), Instant.parse(e.getValue().asText())));
    } catch (DateTimeParseException | IllegalArgumentException e) {
      return new ZoneWatch(zone); // unreadable: start afresh rather than half-restored
    }
    return w;
  }
}
