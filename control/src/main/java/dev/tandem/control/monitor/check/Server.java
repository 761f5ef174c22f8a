package dev.tandem.control.monitor.check;

import dev.tandem.control.access.Remote;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * One of a zone's authoritative servers: an address and port, with the names it goes by and how it
 * was found, attributed to a provider.
 *
 * @param names the NS names with this address (none for a configured address)
 * @param provider the provider it belongs to (see {@link Providers})
 * @param sources how it was found
 * @param own whether it is this Tandem node
 */
public record Server(
    InetSocketAddress address,
    List<Name> names,
    String provider,
    Set<Source> sources,
    boolean own) {

  /** How a server was found. */
  public enum Source {
    /** An address of a name in the zone's apex NS RRset (as served here). */
    NS,
    /** An address of a name the parent delegates to (its glue, or the name resolved). */
    DELEGATION,
    /** A configured primary of the zone (a hidden primary, say). */
    PRIMARY,
    /** A configured NOTIFY target of the zone. */
    NOTIFY,
    /** Where this Tandem node answers. */
    OWN;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Server {
    names = List.copyOf(names);
    sources = sources.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(sources));
  }

  /** Whether the zone lists it publicly: in its NS set or the parent's delegation. */
  public boolean listed() {
    return sources.contains(Source.NS) || sources.contains(Source.DELEGATION);
  }

  /** The address as the reports name it (see {@link #label(InetSocketAddress)}). */
  public String label() {
    return label(address);
  }

  /**
   * An address as the reports, the API and the alerts name a server: the address alone on port 53
   * ({@code 192.0.2.1}, {@code 2001:db8::1}), with the port otherwise ({@code 192.0.2.1:5300},
   * {@code [2001:db8::1]:5300}).
   */
  public static String label(InetSocketAddress address) {
    return address.getPort() == 53 ? address.getAddress().getHostAddress() : Remote.format(address);
  }

  /** The first name it goes by, or its address. */
  public String name() {
    return names.isEmpty() ? label() : names.get(0).toString();
  }
}
