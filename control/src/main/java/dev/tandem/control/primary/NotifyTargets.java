package dev.tandem.control.primary;

import dev.tandem.control.access.Remote;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Whom a primary zone NOTIFYs (RFC 1996 section 3.3): the configured targets; and only when the
 * zone's configuration asks for it ({@link PrimaryConfig#notifyNs}, off by default, as Knot sends
 * NOTIFY only where it is told to), the addresses of its NS set on port 53 but for the primary
 * master's (SOA MNAME), this server's own, and those already among the configured targets. In-zone
 * names by their glue, others by the system's resolver, which is why this runs on the NOTIFY
 * threads, never on a change's.
 */
final class NotifyTargets {
  private static final Logger log = LoggerFactory.getLogger(NotifyTargets.class);

  private NotifyTargets() {}

  /** The targets for version {@code z} of a zone configured as {@code config}. */
  static List<Remote> of(PrimaryConfig config, ZoneSnapshot z, Predicate<InetSocketAddress> self) {
    List<Remote> targets = new ArrayList<>(config.alsoNotify());
    if (notifiesNsSet(config)) {
      Set<InetAddress> configured = new LinkedHashSet<>();
      config.alsoNotify().forEach(r -> configured.add(r.address().getAddress()));
      for (InetSocketAddress at : nsAddresses(z, configured, self, 53)) {
        targets.add(new Remote(at, null));
      }
    }
    return targets;
  }

  /** Whether anything is NOTIFYed at all. */
  static boolean any(PrimaryConfig config) {
    return notifiesNsSet(config) || !config.alsoNotify().isEmpty();
  }

  private static boolean notifiesNsSet(PrimaryConfig config) {
    return config.notifyNs();
  }

  /**
   * The addresses of {@code z}'s NS set on {@code port}, but for MNAME's, {@code skip} and ours.
   */
  static List<InetSocketAddress> nsAddresses(
      ZoneSnapshot z, Set<InetAddress> skip, Predicate<InetSocketAddress> self, int port) {
    Name zone = z.origin();
    Name mname = z.soa().getHost();
    Set<InetAddress> addresses = new LinkedHashSet<>();
    for (Record r : z.recordsAt(zone)) {
      if (!(r instanceof NSRecord ns) || ns.getTarget().equals(mname)) {
        continue;
      }
      Name host = ns.getTarget();
      if (host.subdomain(zone)) {
        for (Record g : z.recordsAt(host)) {
          if (g instanceof ARecord a) {
            addresses.add(a.getAddress());
          } else if (g instanceof AAAARecord a) {
            addresses.add(a.getAddress());
          }
        }
      } else {
        try {
          addresses.addAll(List.of(InetAddress.getAllByName(host.toString(true))));
        } catch (UnknownHostException e) {
          log.debug("{}: NS {} has no address to NOTIFY", zone, host);
        }
      }
    }
    List<InetSocketAddress> out = new ArrayList<>();
    for (InetAddress a : addresses) {
      InetSocketAddress at = new InetSocketAddress(a, port);
      if (!skip.contains(a) && !self.test(at)) {
        out.add(at);
      }
    }
    return out;
  }
}
