package dev.tandem.control.monitor.lookup;

import java.net.InetAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * A host name's addresses as its authoritative servers give them (A and AAAA), or why there are
 * none.
 *
 * @param error why no address could be learnt (NXDOMAIN, no server answered, ...), or null
 */
public record Addresses(Name host, List<InetAddress> addresses, @Nullable String error) {
  public Addresses {
    addresses = List.copyOf(addresses);
  }
}
