package dev.tandem.control.monitor;

import dev.tandem.control.monitor.check.Providers;
import dev.tandem.control.monitor.lookup.Addresses;
import dev.tandem.control.monitor.lookup.Delegation;
import dev.tandem.control.monitor.lookup.Querier;
import dev.tandem.control.monitor.lookup.Question;
import dev.tandem.control.monitor.lookup.Reply;
import dev.tandem.control.monitor.lookup.Resolver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * An audit of any domain, served here or not ({@code tandem audit DOMAIN...}): from the root, its
 * delegation; each server the parent names, asked for the SOA; the servers grouped by provider; and
 * whether the domain survives the loss of any one provider, which it does when at least two
 * providers each have a server that answers for it authoritatively. The check behind "65% of top
 * retail domains are vulnerable to single DNS provider outages".
 */
public final class Audit {
  private final Resolver resolver;
  private final Querier querier;
  private final Providers providers;

  Audit(Resolver resolver, Querier querier, Providers providers) {
    this.resolver = resolver;
    this.querier = querier;
    this.providers = providers;
  }

  /**
   * One domain's audit.
   *
   * @param parent the zone that delegates it, or null when no delegation was found
   * @param ns the NS names the parent gives
   * @param servers each address of each NS name, and what it answered
   * @param providers each provider with how many of its servers answer authoritatively
   * @param survivesLossOfAnyProvider whether two or more providers answer for it
   * @param error why there is no delegation to audit, or null
   */
  public record Report(
      Name domain,
      @Nullable Name parent,
      List<Name> ns,
      List<AuditedServer> servers,
      Map<String, Integer> providers,
      boolean survivesLossOfAnyProvider,
      String verdict,
      @Nullable String error) {
    public Report {
      ns = List.copyOf(ns);
      servers = List.copyOf(servers);
      providers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(providers));
    }
  }

  /**
   * One address of one NS name.
   *
   * @param address null when the name has no address (then {@code error} says why)
   * @param serial the SOA serial it gave, or -1
   */
  public record AuditedServer(
      Name name,
      @Nullable InetAddress address,
      String provider,
      boolean answers,
      boolean authoritative,
      long serial,
      @Nullable String error) {}

  Report of(Name domain) {
    Delegation d = resolver.delegation(domain, false);
    return switch (d) {
      case Delegation.Unknown u -> failed(domain, null, "no answer about it: " + u.why());
      case Delegation.NotDelegated n -> failed(domain, n.parent(), n.why());
      case Delegation.Found f -> audit(domain, f);
    };
  }

  private static Report failed(Name domain, @Nullable Name parent, String why) {
    return new Report(
        domain, parent, List.of(), List.of(), Map.of(), false, "not delegated: " + why, why);
  }

  private Report audit(Name domain, Delegation.Found f) {
    record Asking(
        Name name, InetAddress address, String provider, CompletableFuture<Reply> reply) {}
    List<Asking> asking = new ArrayList<>();
    List<AuditedServer> servers = new ArrayList<>();
    for (Name ns : f.ns()) {
      List<InetAddress> glue = f.glue().get(ns);
      Addresses a =
          glue != null && !glue.isEmpty() ? new Addresses(ns, glue, null) : resolver.addresses(ns);
      if (a.addresses().isEmpty()) {
        servers.add(
            new AuditedServer(ns, null, providers.of(ns, null), false, false, -1, a.error()));
      }
      for (InetAddress address : a.addresses()) {
        asking.add(
            new Asking(
                ns,
                address,
                providers.of(ns, address),
                querier.ask(new InetSocketAddress(address, 53), Question.of(domain, Type.SOA))));
      }
    }
    for (Asking x : asking) {
      Reply r = x.reply().join();
      servers.add(
          switch (r) {
            case Reply.Silence s ->
                new AuditedServer(x.name(), x.address(), x.provider(), false, false, -1, s.why());
            case Reply.Answer a -> answered(domain, x.name(), x.address(), x.provider(), a);
          });
    }
    Map<String, Integer> byProvider = new LinkedHashMap<>();
    for (AuditedServer s : servers) {
      byProvider.merge(s.provider(), s.authoritative() ? 1 : 0, Integer::sum);
    }
    TreeSet<String> answering = new TreeSet<>();
    byProvider.forEach(
        (p, n) -> {
          if (n > 0) {
            answering.add(p);
          }
        });
    boolean survives = answering.size() >= 2;
    String verdict =
        survives
            ? "survives the loss of any one provider: " + String.join(", ", answering) + " answer"
            : answering.isEmpty()
                ? "no server answers for it authoritatively"
                : "depends on one provider alone: " + answering.first();
    return new Report(domain, f.parent(), f.ns(), servers, byProvider, survives, verdict, null);
  }

  private static AuditedServer answered(
      Name domain, Name ns, InetAddress address, String provider, Reply.Answer a) {
    boolean aa = a.message().getHeader().getFlag(Flags.AA);
    long serial = -1;
    for (Record r : a.message().getSection(Section.ANSWER)) {
      if (r instanceof SOARecord s && s.getName().equals(domain)) {
        serial = s.getSerial();
      }
    }
    boolean authoritative = a.rcode() == Rcode.NOERROR && aa && serial >= 0;
    String error =
        authoritative
            ? null
            : a.rcode() != Rcode.NOERROR
                ? "answered " + Rcode.string(a.rcode())
                : !aa ? "not authoritative (no AA flag)" : "no SOA for " + domain;
    return new AuditedServer(ns, address, provider, true, authoritative, serial, error);
  }
}
