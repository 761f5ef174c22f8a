package dev.tandem.control.monitor;

import dev.tandem.control.access.Remote;
import dev.tandem.control.monitor.check.Providers;
import dev.tandem.control.monitor.check.Server;
import dev.tandem.control.monitor.lookup.Addresses;
import dev.tandem.control.monitor.lookup.Delegation;
import dev.tandem.control.monitor.lookup.Resolver;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Finds a zone's authoritative servers, each round: every address of every name in the apex NS
 * RRset we serve (from the zone itself for names inside it, otherwise resolved), the servers the
 * parent delegates to (found from the root), the configured primaries and NOTIFY targets, and this
 * node's own addresses; one {@link Server} per address and port, with every way it was found,
 * attributed to a provider.
 */
final class Discovery {
  private final Resolver resolver;
  private final Providers providers;
  private final WatchedZones zones;
  private final boolean ipv6;

  Discovery(Resolver resolver, Providers providers, WatchedZones zones, boolean ipv6) {
    this.resolver = resolver;
    this.providers = providers;
    this.zones = zones;
    this.ipv6 = ipv6;
  }

  /**
   * What was found.
   *
   * @param ns our apex NS names (the delegation's when we serve nothing yet)
   * @param nsAddresses the addresses of those names, or why there are none
   */
  record Found(
      List<Name> ns,
      Map<Name, Addresses> nsAddresses,
      List<Server> servers,
      @Nullable Delegation delegation) {}

  Found discover(WatchedZones.Subject z, boolean withDs) {
    Name zone = z.name();
    ZoneSnapshot ours = z.current();
    Delegation delegation = resolver.delegation(zone, withDs);
    List<Name> ns = new ArrayList<>();
    if (ours != null) {
      for (Record r : ours.recordsAt(zone)) {
        if (r instanceof NSRecord n) {
          ns.add(n.getTarget());
        }
      }
    } else if (delegation instanceof Delegation.Found f) {
      ns.addAll(f.ns());
    }
    Map<InetSocketAddress, Builder> servers = new LinkedHashMap<>();
    Map<Name, Addresses> nsAddresses = new LinkedHashMap<>();
    for (Name n : ns) {
      Addresses a = addressesOf(n, zone, ours);
      nsAddresses.put(n, a);
      add(servers, n, a.addresses(), Server.Source.NS);
    }
    if (delegation instanceof Delegation.Found f) {
      for (Name n : f.ns()) {
        List<InetAddress> glue = f.glue().get(n);
        Addresses a = nsAddresses.get(n);
        List<InetAddress> at =
            glue != null && !glue.isEmpty()
                ? glue
                : a != null ? a.addresses() : resolver.addresses(n).addresses();
        add(servers, n, at, Server.Source.DELEGATION);
      }
    }
    for (Remote p : z.primaries()) {
      builder(servers, p.address()).sources.add(Server.Source.PRIMARY);
    }
    for (Remote t : z.notifyTargets()) {
      builder(servers, t.address()).sources.add(Server.Source.NOTIFY);
    }
    for (InetSocketAddress own : zones.ownAddresses()) {
      builder(servers, own).sources.add(Server.Source.OWN);
    }
    List<Server> out = new ArrayList<>();
    for (Builder b : servers.values()) {
      Name first = b.names.isEmpty() ? null : b.names.iterator().next();
      out.add(
          new Server(
              b.address,
              new ArrayList<>(b.names),
              providers.of(first, b.address.getAddress()),
              b.sources,
              b.sources.contains(Server.Source.OWN) || zones.isOwn(b.address)));
    }
    return new Found(ns, nsAddresses, out, delegation);
  }

  /** A name server's addresses: from our zone when the name is inside it, else resolved. */
  private Addresses addressesOf(Name host, Name zone, @Nullable ZoneSnapshot ours) {
    if (ours == null || !host.subdomain(zone)) {
      return resolver.addresses(host);
    }
    List<InetAddress> found = new ArrayList<>();
    for (Record r : ours.recordsAt(host)) {
      if (r instanceof ARecord a) {
        found.add(a.getAddress());
      } else if (r instanceof AAAARecord a) {
        found.add(a.getAddress());
      }
    }
    return new Addresses(
        host, found, found.isEmpty() ? "no A or AAAA record for it in the zone" : null);
  }

  private void add(
      Map<InetSocketAddress, Builder> servers,
      Name name,
      List<InetAddress> addresses,
      Server.Source source) {
    for (InetAddress a : addresses) {
      if (!ipv6 && a instanceof Inet6Address) {
        continue; // no route from here: it would only time out
      }
      Builder b = builder(servers, new InetSocketAddress(a, 53));
      b.names.add(name);
      b.sources.add(source);
    }
  }

  private static Builder builder(Map<InetSocketAddress, Builder> servers, InetSocketAddress a) {
    return servers.computeIfAbsent(a, Builder::new);
  }

  private static final class Builder {
    final InetSocketAddress address;
    final Set<Name> names = new LinkedHashSet<>();
    final Set<Server.Source> sources = EnumSet.noneOf(Server.Source.class);

    Builder(InetSocketAddress address) {
      this.address = address;
    }
  }
}
