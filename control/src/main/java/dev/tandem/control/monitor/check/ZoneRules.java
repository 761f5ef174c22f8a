package dev.tandem.control.monitor.check;

import static dev.tandem.control.monitor.check.Findings.dsTags;
import static dev.tandem.control.monitor.check.Findings.names;
import static dev.tandem.control.monitor.check.Findings.tags;

import dev.tandem.control.monitor.lookup.Addresses;
import dev.tandem.control.monitor.lookup.Delegation;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;

/**
 * The rules about the zone as a whole, for {@link Findings}: the parent's delegation against the
 * zone (NS names, glue, DS against the DNSKEYs served here, RFC 4035 section 5), a delegation that
 * lists no server of one of the zone's providers (the seed's step 3), NS names without an address,
 * and exposure: every listed server at one provider, or in one network.
 */
final class ZoneRules {
  private final ZoneObservation o;
  private final List<Finding> findings;
  private final Set<String> zoneProviders;
  private final Function<Set<Name>, List<String>> missingProviders;

  /**
   * @param findings where findings are added
   * @param zoneProviders the providers of the zone's listed servers
   * @param missingProviders the zone's providers that none of a set of NS names belongs to
   */
  ZoneRules(
      ZoneObservation o,
      List<Finding> findings,
      Set<String> zoneProviders,
      Function<Set<Name>, List<String>> missingProviders) {
    this.o = o;
    this.findings = findings;
    this.zoneProviders = zoneProviders;
    this.missingProviders = missingProviders;
  }

  void delegation() {
    Delegation d = o.delegation();
    switch (d) {
      case null -> {}
      case Delegation.Unknown u ->
          findings.add(
              new Finding(
                  Finding.Kind.DELEGATION_UNKNOWN,
                  null,
                  "",
                  "the parent of " + o.zone() + " could not be asked: " + u.why(),
                  List.of()));
      case Delegation.NotDelegated n ->
          findings.add(
              new Finding(
                  Finding.Kind.NOT_DELEGATED,
                  null,
                  "",
                  o.zone() + " is not delegated: " + n.why(),
                  List.of()));
      case Delegation.Found f -> found(f);
    }
  }

  void found(Delegation.Found d) {
    Set<Name> parent = new LinkedHashSet<>(d.ns());
    Set<Name> child = new LinkedHashSet<>(o.ns());
    List<String> evidence =
        List.of("at " + d.parent() + ": " + names(parent), "in the zone: " + names(child));
    if (!child.isEmpty() && !parent.equals(child)) {
      Set<Name> missing = new LinkedHashSet<>(child);
      missing.removeAll(parent);
      Set<Name> extra = new LinkedHashSet<>(parent);
      extra.removeAll(child);
      findings.add(
          new Finding(
              Finding.Kind.DELEGATION_DIFFERS,
              null,
              "ns",
              "the delegation at "
                  + d.parent()
                  + " differs from the zone's NS set"
                  + (missing.isEmpty() ? "" : "; it lacks " + names(missing))
                  + (extra.isEmpty() ? "" : "; it adds " + names(extra)),
              evidence));
    }
    d.glue()
        .forEach(
            (name, glue) -> {
              Addresses own = o.nsAddresses().get(name);
              if (own != null
                  && !own.addresses().isEmpty()
                  && !new HashSet<>(glue).equals(new HashSet<>(own.addresses()))) {
                findings.add(
                    new Finding(
                        Finding.Kind.DELEGATION_DIFFERS,
                        null,
                        "glue " + name,
                        "the glue for " + name + " at " + d.parent() + " is not its address",
                        List.of(
                            "glue: " + addresses(glue), "address: " + addresses(own.addresses()))));
              }
            });
    for (String p : missingProviders.apply(parent)) {
      findings.add(
          new Finding(
              Finding.Kind.DELEGATION_MISSING_PROVIDER,
              null,
              p,
              "the delegation at " + d.parent() + " lists no server of " + p,
              evidence));
    }
    ds(d);
  }

  void ds(Delegation.Found d) {
    if (d.ds().isEmpty()) {
      return;
    }
    if (o.dnskeys().isEmpty()) {
      if (o.serial() >= 0) {
        findings.add(
            new Finding(
                Finding.Kind.DS_MISMATCH,
                null,
                "",
                d.parent()
                    + " has a DS for "
                    + o.zone()
                    + ", which is served unsigned here: validating resolvers fail on it",
                List.of("DS key tags: " + dsTags(d.ds()))));
      }
      return;
    }
    if (matching(o.zone(), d.ds(), o.dnskeys()).isEmpty()) {
      findings.add(
          new Finding(
              Finding.Kind.DS_MISMATCH,
              null,
              "",
              "no DNSKEY served here matches a DS at " + d.parent(),
              List.of("DS key tags: " + dsTags(d.ds()), "DNSKEY key tags: " + tags(o.dnskeys()))));
    }
  }

  void nsAddresses() {
    o.nsAddresses()
        .forEach(
            (name, a) -> {
              if (a.addresses().isEmpty()) {
                findings.add(
                    new Finding(
                        Finding.Kind.NS_UNRESOLVED,
                        null,
                        name.toString(),
                        "NS " + name + " has no address: " + a.error(),
                        List.of()));
              }
            });
  }

  void exposure() {
    List<Server> listed = new ArrayList<>();
    for (ServerObservation s : o.servers()) {
      if (s.server().listed()) {
        listed.add(s.server());
      }
    }
    if (listed.isEmpty()) {
      return;
    }
    if (zoneProviders.size() == 1) {
      findings.add(
          new Finding(
              Finding.Kind.SINGLE_PROVIDER,
              null,
              "",
              "every server of "
                  + o.zone()
                  + " belongs to "
                  + zoneProviders.iterator().next()
                  + ": an outage there takes the zone down",
              listed.stream().map(s -> s.name() + " " + s.label()).toList()));
    }
    Set<String> networks = new TreeSet<>();
    for (Server s : listed) {
      networks.add(network(s.address().getAddress()));
    }
    if (networks.size() == 1) {
      findings.add(
          new Finding(
              Finding.Kind.SINGLE_NETWORK,
              null,
              "",
              "every server of " + o.zone() + " is in " + networks.iterator().next(),
              listed.stream().map(Server::label).toList()));
    }
  }

  /** The /24 (IPv4) or /48 (IPv6) an address is in. */
  static String network(InetAddress a) {
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + ".0/24";
    }
    return String.format(
            "%x:%x:%x::",
            ((b[0] & 0xff) << 8) | (b[1] & 0xff),
            ((b[2] & 0xff) << 8) | (b[3] & 0xff),
            ((b[4] & 0xff) << 8) | (b[5] & 0xff))
        + "/48";
  }

  /** The DNSKEYs that a DS of {@code ds} matches (RFC 4034 section 5.1.4). */
  static List<DNSKEYRecord> matching(Name zone, List<DSRecord> ds, List<DNSKEYRecord> keys) {
    List<DNSKEYRecord> out = new ArrayList<>();
    for (DNSKEYRecord k : keys) {
      for (DSRecord d : ds) {
        if (d.getFootprint() != k.getFootprint() || d.getAlgorithm() != k.getAlgorithm()) {
          continue;
        }
        try {
          DSRecord made = new DSRecord(zone, DClass.IN, 0, d.getDigestID(), k);
          if (Arrays.equals(made.getDigest(), d.getDigest())) {
            out.add(k);
            break;
          }
        } catch (IllegalArgumentException e) {
          // a digest type dnsjava does not know: it cannot match here
        }
      }
    }
    return out;
  }

  static String addresses(List<InetAddress> a) {
    return String.join(", ", a.stream().map(InetAddress::getHostAddress).sorted().toList());
  }
}
