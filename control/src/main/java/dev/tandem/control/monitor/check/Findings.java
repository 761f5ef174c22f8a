package dev.tandem.control.monitor.check;

import dev.tandem.control.monitor.lookup.Delegation;
import dev.tandem.dns.zone.Serial;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;

/**
 * The checks' rules: one round's observations of a zone in, findings and states out. A pure
 * function of its arguments; the monitor keeps what must outlive a round (since when, transitions).
 *
 * <p><b>Which serial is right.</b> For a zone we are a secondary of, the newest serial among its
 * primaries (they are the source); otherwise ours. A server behind it is {@code lagging}; one ahead
 * is {@code drifted} (it did not follow a serial reset). A primary behind <em>our</em> serial is a
 * serial reset (RFC 1982 says nobody follows it): reported once, on the primary, with the fix.
 *
 * <p><b>Which providers the zone has.</b> Those of its listed servers: the addresses of its NS
 * names and of the names its parent delegates to. Each NS RRset served, and the parent's
 * delegation, must name a server of each of them (the seed's steps 2 and 3).
 */
public final class Findings {
  private Findings() {}

  /**
   * Thresholds.
   *
   * @param signatureWarning how long before a signature's expiry it is reported
   */
  public record Thresholds(Duration signatureWarning) {
    public static final Thresholds DEFAULT = new Thresholds(Duration.ofDays(3));
  }

  /** Judges one round. */
  public static Evaluation evaluate(ZoneObservation o, Providers providers, Thresholds t) {
    return new Round(o, providers, t).run();
  }

  /** The work of one evaluation. */
  private static final class Round {
    final ZoneObservation o;
    final Providers providers;
    final Thresholds t;
    final List<Finding> findings = new ArrayList<>();
    final Map<InetSocketAddress, Long> lags = new LinkedHashMap<>();
    final Map<Name, String> providerOfName = new LinkedHashMap<>();
    final Set<String> zoneProviders = new TreeSet<>();

    Round(ZoneObservation o, Providers providers, Thresholds t) {
      this.o = o;
      this.providers = providers;
      this.t = t;
      for (ServerObservation s : o.servers()) {
        for (Name n : s.server().names()) {
          providerOfName.putIfAbsent(n, s.server().provider());
        }
        if (s.server().listed()) {
          zoneProviders.add(s.server().provider());
        }
      }
    }

    Evaluation run() {
      long reference = reference();
      boolean reset = serialReset(reference);
      for (ServerObservation s : o.servers()) {
        server(s, reference, reset);
      }
      ZoneRules whole = new ZoneRules(o, findings, zoneProviders, this::missingProviders);
      whole.delegation();
      whole.nsAddresses();
      whole.exposure();
      Map<InetSocketAddress, Evaluation.ServerState> states = new LinkedHashMap<>();
      ConsistencyState zone = ConsistencyState.OK;
      for (ServerObservation s : o.servers()) {
        ConsistencyState st = ConsistencyState.OK;
        for (Finding f : findings) {
          if (s.server().address().equals(f.server())) {
            st = st.worst(f.kind().effect());
          }
        }
        states.put(
            s.server().address(),
            new Evaluation.ServerState(st, lags.getOrDefault(s.server().address(), -1L)));
        zone = zone.worst(st);
      }
      for (Finding f : findings) {
        if (f.server() == null) {
          zone = zone.worst(f.kind().effect());
        }
      }
      return new Evaluation(reference, findings, states, zone);
    }

    /** The serial every server should serve (see the class comment), or -1. */
    long reference() {
      if (o.secondary()) {
        long newest = -1;
        for (ServerObservation s : o.servers()) {
          if (o.primaries().contains(s.server().address()) && usable(s)) {
            newest = newest < 0 || Serial.isNewer(s.serial(), newest) ? s.serial() : newest;
          }
        }
        if (newest >= 0) {
          return newest;
        }
      }
      if (o.serial() >= 0) {
        return o.serial();
      }
      long newest = -1;
      for (ServerObservation s : o.servers()) {
        if (usable(s)) {
          newest = newest < 0 || Serial.isNewer(s.serial(), newest) ? s.serial() : newest;
        }
      }
      return newest;
    }

    /** Whether a primary went back behind what we serve, reported on the primary with the fix. */
    boolean serialReset(long reference) {
      if (!o.secondary() || reference < 0 || o.serial() < 0) {
        return false;
      }
      if (!Serial.isNewer(o.serial(), reference)) {
        return false;
      }
      for (ServerObservation s : o.servers()) {
        if (o.primaries().contains(s.server().address()) && usable(s) && s.serial() == reference) {
          findings.add(
              Finding.of(
                  Finding.Kind.SERIAL_RESET,
                  s.server(),
                  "primary "
                      + s.server().label()
                      + " serves serial "
                      + reference
                      + ", older than the "
                      + o.serial()
                      + " served here: its serial went backwards, and secondaries keep the"
                      + " newer one (RFC 1982). Fix: raise the primary's serial above "
                      + o.serial()
                      + ", or let this zone take the reset (--allow-serial-reset "
                      + o.zone()
                      + ", or once: POST /api/zones/"
                      + o.zone()
                      + "/retransfer)",
                  List.of("here: " + o.serial(), "primary: " + reference)));
        }
      }
      return true;
    }

    static boolean usable(ServerObservation s) {
      return s.rcode() == Rcode.NOERROR && s.authoritative() && s.serial() >= 0;
    }

    void server(ServerObservation s, long reference, boolean reset) {
      Server server = s.server();
      if (!s.udp().ok()) {
        ServerObservation.Reach tcp = s.tcp();
        String overTcp =
            tcp == null ? "" : tcp.ok() ? "; it answers over TCP" : "; over TCP: " + tcp.detail();
        findings.add(
            Finding.of(
                Finding.Kind.UNREACHABLE,
                server,
                server.label() + " does not answer over UDP: " + s.udp().detail() + overTcp,
                List.of()));
      } else if (s.tcp() != null && !s.tcp().ok()) {
        findings.add(
            Finding.of(
                Finding.Kind.UNREACHABLE,
                server,
                server.label() + " answers over UDP but not over TCP: " + s.tcp().detail(),
                List.of()));
      }
      if (!s.answered()) {
        return;
      }
      if (s.rcode() != Rcode.NOERROR) {
        lame(server, "answers the SOA query for " + o.zone() + " with " + Rcode.string(s.rcode()));
        return;
      }
      if (!s.authoritative()) {
        lame(server, "is not authoritative for " + o.zone() + " (no AA flag)");
        return;
      }
      if (s.serial() < 0) {
        lame(server, "gives no SOA for " + o.zone());
        return;
      }
      serial(s, reference, reset);
      nsSet(s);
      dnskeys(s);
      signatures(s);
      content(s);
    }

    void lame(Server server, String why) {
      findings.add(Finding.of(Finding.Kind.LAME, server, server.label() + " " + why, List.of()));
    }

    void serial(ServerObservation s, long reference, boolean reset) {
      if (reference < 0) {
        return;
      }
      Server server = s.server();
      int c = Serial.compare(s.serial(), reference);
      if (c == 0) {
        lags.put(server.address(), 0L);
        return;
      }
      if (c < 0) {
        long lag = lagSeconds(s.serial());
        lags.put(server.address(), lag);
        findings.add(
            Finding.of(
                Finding.Kind.SERIAL_DRIFT,
                server,
                server.label()
                    + " serves serial "
                    + s.serial()
                    + ", behind "
                    + reference
                    + (lag >= 0 ? " for " + duration(lag) : ""),
                List.of("serial there: " + s.serial(), "newest: " + reference)));
        return;
      }
      if (reset && (server.own() || s.serial() == o.serial())) {
        return; // ahead only because its primary went back: reported as the reset
      }
      findings.add(
          Finding.of(
              Finding.Kind.SERIAL_AHEAD,
              server,
              server.label()
                  + " serves serial "
                  + s.serial()
                  + ", ahead of "
                  + reference
                  + " (its source went back, and it did not follow)",
              List.of("serial there: " + s.serial(), "newest: " + reference)));
    }

    /** Seconds since the first serial newer than {@code serial} was seen, or -1 if unknown. */
    long lagSeconds(long serial) {
      Instant first = null;
      for (Map.Entry<Long, Instant> e : o.serialsFirstSeen().entrySet()) {
        if (Serial.isNewer(e.getKey(), serial) && (first == null || e.getValue().isBefore(first))) {
          first = e.getValue();
        }
      }
      return first == null ? -1 : Math.max(0, Duration.between(first, o.at()).toSeconds());
    }

    void nsSet(ServerObservation s) {
      List<Name> served = s.nsSet();
      if (served == null || o.ns().isEmpty()) {
        return;
      }
      Set<Name> theirs = new LinkedHashSet<>(served);
      Set<Name> ours = new LinkedHashSet<>(o.ns());
      Server server = s.server();
      if (!theirs.equals(ours)) {
        Set<Name> missing = new LinkedHashSet<>(ours);
        missing.removeAll(theirs);
        Set<Name> extra = new LinkedHashSet<>(theirs);
        extra.removeAll(ours);
        findings.add(
            Finding.of(
                Finding.Kind.NS_SET_DIFFERS,
                server,
                server.label()
                    + " serves another NS set"
                    + (missing.isEmpty() ? "" : "; lacking " + names(missing))
                    + (extra.isEmpty() ? "" : "; with " + names(extra)),
                List.of("there: " + names(theirs), "here: " + names(ours))));
      }
      for (String p : missingProviders(theirs)) {
        findings.add(
            new Finding(
                Finding.Kind.NS_SET_MISSING_PROVIDER,
                server.address(),
                p,
                "the NS set "
                    + server.label()
                    + " ("
                    + server.provider()
                    + ") serves lists no server of "
                    + p,
                List.of("there: " + names(theirs))));
      }
    }

    /** The zone's providers none of {@code names} belongs to. */
    List<String> missingProviders(Set<Name> names) {
      Set<String> covered = new HashSet<>();
      for (Name n : names) {
        String p = providerOfName.get(n);
        covered.add(p != null ? p : providers.of(n, null));
      }
      List<String> missing = new ArrayList<>();
      for (String p : zoneProviders) {
        if (!covered.contains(p)) {
          missing.add(p);
        }
      }
      return missing;
    }

    void dnskeys(ServerObservation s) {
      List<DNSKEYRecord> theirs = s.dnskeys();
      if (theirs == null) {
        return;
      }
      Server server = s.server();
      Set<String> a = keys(theirs);
      Set<String> b = keys(o.dnskeys());
      if (!a.equals(b)) {
        findings.add(
            Finding.of(
                Finding.Kind.DNSKEY_DIFFERS,
                server,
                server.label() + " serves other DNSKEYs (key tags " + tags(theirs) + ")",
                List.of("there: " + tags(theirs), "here: " + tags(o.dnskeys()))));
      }
      if (o.delegation() instanceof Delegation.Found d
          && !d.ds().isEmpty()
          && !theirs.isEmpty()
          && ZoneRules.matching(o.zone(), d.ds(), theirs).isEmpty()) {
        findings.add(
            Finding.of(
                Finding.Kind.DS_MISMATCH,
                server,
                "no DNSKEY "
                    + server.label()
                    + " serves matches a DS at "
                    + d.parent()
                    + ": validating resolvers that ask it fail",
                List.of("DS key tags: " + dsTags(d.ds()), "DNSKEY key tags: " + tags(theirs))));
      }
    }

    void signatures(ServerObservation s) {
      ServerObservation.Signature sig = s.earliestSignature();
      if (sig == null) {
        return;
      }
      Server server = s.server();
      if (!sig.expires().isAfter(o.at())) {
        findings.add(
            Finding.of(
                Finding.Kind.SIGNATURE_EXPIRED,
                server,
                server.label()
                    + " serves a signature of "
                    + sig.rrset()
                    + " that expired at "
                    + sig.expires(),
                List.of("RRSIG " + sig.rrset() + " expiration " + sig.expires())));
      } else if (sig.expires().isBefore(o.at().plus(t.signatureWarning()))) {
        findings.add(
            Finding.of(
                Finding.Kind.SIGNATURE_EXPIRING,
                server,
                server.label()
                    + " serves a signature of "
                    + sig.rrset()
                    + " that expires in "
                    + duration(Duration.between(o.at(), sig.expires()).toSeconds()),
                List.of("RRSIG " + sig.rrset() + " expiration " + sig.expires())));
      }
    }

    void content(ServerObservation s) {
      Content c = s.content();
      if (c == null || c.differing() == 0) {
        return;
      }
      Server server = s.server();
      List<String> evidence = new ArrayList<>();
      c.differences().forEach(d -> evidence.add(d.describe()));
      if (c.more() > 0) {
        evidence.add("and " + c.more() + " more");
      }
      findings.add(
          Finding.of(
              Finding.Kind.CONTENT_DRIFT,
              server,
              server.label()
                  + " serves other contents at the same serial ("
                  + c.method()
                  + "): "
                  + c.differing()
                  + (c.differing() == 1 ? " RRset differs, " : " RRsets differ, first ")
                  + c.differences().get(0).rrset(),
              evidence));
    }
  }

  private static Set<String> keys(List<DNSKEYRecord> keys) {
    Set<String> out = new HashSet<>();
    keys.forEach(k -> out.add(k.rdataToString()));
    return out;
  }

  static String tags(List<DNSKEYRecord> keys) {
    Set<Integer> tags = new TreeSet<>();
    keys.forEach(k -> tags.add(k.getFootprint()));
    return tags.isEmpty() ? "none" : tags.toString();
  }

  static String dsTags(List<DSRecord> ds) {
    Set<Integer> tags = new TreeSet<>();
    ds.forEach(d -> tags.add(d.getFootprint()));
    return tags.toString();
  }

  static String names(Set<Name> names) {
    return names.isEmpty()
        ? "none"
        : String.join(", ", names.stream().map(Name::toString).sorted().toList());
  }

  /** Seconds in words: "42 s", "5 min", "3 h 5 min", "2 d 3 h". */
  public static String duration(long seconds) {
    if (seconds < 120) {
      return seconds + " s";
    }
    long m = seconds / 60;
    if (m < 120) {
      return m + " min";
    }
    long h = m / 60;
    if (h < 48) {
      return h + " h" + (m % 60 == 0 ? "" : " " + m % 60 + " min");
    }
    return h / 24 + " d" + (h % 24 == 0 ? "" : " " + h % 24 + " h");
  }
}
