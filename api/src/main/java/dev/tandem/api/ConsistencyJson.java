package dev.tandem.api;

import dev.tandem.control.monitor.Audit;
import dev.tandem.control.monitor.Transition;
import dev.tandem.control.monitor.ZoneReport;
import dev.tandem.control.monitor.check.ConsistencyState;
import dev.tandem.control.monitor.check.Content;
import dev.tandem.control.monitor.check.Finding;
import dev.tandem.control.monitor.check.RrSetDifference;
import dev.tandem.control.monitor.check.Server;
import dev.tandem.control.monitor.lookup.Delegation;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;

/**
 * A zone's consistency as the REST API (and {@code tandem zone check --json}) shows it: the one
 * place a {@link ZoneReport} becomes JSON. Serials and lags unknown are null, times ISO-8601, a
 * server named by its address (with {@code :port} when not 53), the same in {@code servers}, {@code
 * findings} and {@code transitions}.
 */
final class ConsistencyJson {
  private ConsistencyJson() {}

  record Zone(
      String zone,
      String state,
      String since,
      String checkedAt,
      long tookMillis,
      @Nullable Long serial,
      @Nullable Long referenceSerial,
      List<ServerJson> servers,
      List<FindingJson> findings,
      @Nullable DelegationJson delegation,
      List<TransitionJson> transitions) {}

  record ServerJson(
      String address,
      int port,
      @Nullable String name,
      List<String> names,
      String provider,
      List<String> sources,
      boolean own,
      String state,
      String since,
      @Nullable Long serial,
      @Nullable Long lagSeconds,
      @Nullable Double latencyMs,
      boolean udp,
      @Nullable Boolean tcp,
      boolean authoritative,
      @Nullable Long expire,
      @Nullable List<String> nsSet,
      @Nullable List<Integer> dnskeyTags,
      @Nullable String signatureExpires,
      @Nullable ContentJson content,
      @Nullable Long propagationSeconds) {}

  record ContentJson(
      String method,
      int compared,
      int differing,
      List<DifferenceJson> differences,
      @Nullable String note) {}

  record DifferenceJson(String rrset, List<String> here, List<String> there) {}

  record FindingJson(
      String kind,
      @Nullable String server,
      String subject,
      String since,
      String detail,
      List<String> evidence) {}

  record DelegationJson(
      String state,
      @Nullable String parent,
      List<String> ns,
      Map<String, List<String>> glue,
      List<String> ds,
      @Nullable String note,
      @Nullable String error,
      @Nullable String dsError) {}

  record TransitionJson(
      String at, @Nullable String server, String from, String to, String detail) {}

  /** One line of {@code GET /api/consistency}. */
  record Summary(
      String zone,
      String state,
      String since,
      String checkedAt,
      @Nullable Long serial,
      int servers,
      int findings,
      List<String> notOk) {}

  record All(
      boolean periodic, long intervalSeconds, Map<String, Integer> states, List<Summary> zones) {}

  static Zone of(ZoneReport r) {
    List<ServerJson> servers = new ArrayList<>();
    for (ZoneReport.ServerReport s : r.servers()) {
      servers.add(server(s));
    }
    List<FindingJson> findings = new ArrayList<>();
    for (ZoneReport.FindingReport f : r.findings()) {
      findings.add(finding(f.finding(), f.since()));
    }
    List<TransitionJson> transitions = new ArrayList<>();
    for (Transition t : r.transitions()) {
      transitions.add(
          new TransitionJson(
              t.at().toString(), t.server(), t.from().word(), t.to().word(), t.detail()));
    }
    Delegation d = r.delegation();
    return new Zone(
        r.zone().toString(),
        r.state().word(),
        r.stateSince().toString(),
        r.checkedAt().toString(),
        r.took(),
        serial(r.serial()),
        serial(r.referenceSerial()),
        servers,
        findings,
        d == null ? null : delegation(d),
        transitions);
  }

  private static ServerJson server(ZoneReport.ServerReport s) {
    Server server = s.server();
    Content c = s.content();
    List<Name> ns = s.nsSet();
    Instant sig = s.signatureExpires();
    return new ServerJson(
        server.label(),
        server.address().getPort(),
        server.names().isEmpty() ? null : server.name(),
        names(server.names()),
        server.provider(),
        server.sources().stream().sorted().map(Server.Source::word).toList(),
        server.own(),
        s.state().word(),
        s.stateSince().toString(),
        serial(s.serial()),
        s.lagSeconds() < 0 ? null : s.lagSeconds(),
        s.latencyMicros() < 0 ? null : s.latencyMicros() / 1000.0,
        s.udp(),
        s.tcp(),
        s.authoritative(),
        s.expire() < 0 ? null : s.expire(),
        ns == null ? null : names(ns),
        s.dnskeyTags(),
        sig == null ? null : sig.toString(),
        c == null ? null : content(c),
        s.propagationSeconds() < 0 ? null : s.propagationSeconds());
  }

  private static ContentJson content(Content c) {
    List<DifferenceJson> d = new ArrayList<>();
    for (RrSetDifference x : c.differences()) {
      d.add(new DifferenceJson(x.rrset(), x.ours(), x.theirs()));
    }
    return new ContentJson(c.method(), c.compared(), c.differing(), d, c.note());
  }

  static FindingJson finding(Finding f, Instant since) {
    return new FindingJson(
        f.kind().word(),
        f.server() == null ? null : Server.label(f.server()),
        f.subject(),
        since.toString(),
        f.detail(),
        f.evidence());
  }

  private static DelegationJson delegation(Delegation d) {
    return switch (d) {
      case Delegation.Found f -> {
        Map<String, List<String>> glue = new LinkedHashMap<>();
        f.glue().forEach((n, a) -> glue.put(n.toString(), addresses(a)));
        List<String> ds = new ArrayList<>();
        for (DSRecord r : f.ds()) {
          ds.add(r.rdataToString());
        }
        yield new DelegationJson(
            "found", f.parent().toString(), names(f.ns()), glue, ds, f.note(), null, f.dsError());
      }
      case Delegation.NotDelegated n ->
          new DelegationJson(
              "not-delegated",
              n.parent().toString(),
              List.of(),
              Map.of(),
              List.of(),
              null,
              n.why(),
              null);
      case Delegation.Unknown u ->
          new DelegationJson("unknown", null, List.of(), Map.of(), List.of(), null, u.why(), null);
    };
  }

  static All all(List<ZoneReport> reports, boolean periodic, long intervalSeconds) {
    Map<String, Integer> states = new LinkedHashMap<>();
    for (ConsistencyState s : ConsistencyState.values()) {
      states.put(s.word(), 0);
    }
    List<Summary> zones = new ArrayList<>();
    for (ZoneReport r : reports) {
      states.merge(r.state().word(), 1, Integer::sum);
      List<String> notOk = new ArrayList<>();
      for (ZoneReport.ServerReport s : r.servers()) {
        if (s.state() != ConsistencyState.OK) {
          notOk.add(s.server().label() + " " + s.state().word());
        }
      }
      zones.add(
          new Summary(
              r.zone().toString(),
              r.state().word(),
              r.stateSince().toString(),
              r.checkedAt().toString(),
              serial(r.serial()),
              r.servers().size(),
              r.findings().size(),
              notOk));
    }
    return new All(periodic, intervalSeconds, states, zones);
  }

  // ---- the audit ----

  record AuditJson(
      String domain,
      @Nullable String parent,
      List<String> ns,
      List<AuditServerJson> servers,
      Map<String, Integer> providers,
      boolean survivesLossOfAnyProvider,
      String verdict,
      @Nullable String error) {}

  record AuditServerJson(
      String name,
      @Nullable String address,
      String provider,
      boolean answers,
      boolean authoritative,
      @Nullable Long serial,
      @Nullable String error) {}

  static AuditJson audit(Audit.Report r) {
    List<AuditServerJson> servers = new ArrayList<>();
    for (Audit.AuditedServer s : r.servers()) {
      InetAddress a = s.address();
      servers.add(
          new AuditServerJson(
              s.name().toString(),
              a == null ? null : a.getHostAddress(),
              s.provider(),
              s.answers(),
              s.authoritative(),
              serial(s.serial()),
              s.error()));
    }
    Name parent = r.parent();
    return new AuditJson(
        r.domain().toString(),
        parent == null ? null : parent.toString(),
        names(r.ns()),
        servers,
        r.providers(),
        r.survivesLossOfAnyProvider(),
        r.verdict(),
        r.error());
  }

  private static @Nullable Long serial(long s) {
    return s < 0 ? null : s;
  }

  private static List<String> names(List<Name> names) {
    return names.stream().map(Name::toString).toList();
  }

  private static List<String> addresses(List<InetAddress> a) {
    return a.stream().map(InetAddress::getHostAddress).toList();
  }
}
