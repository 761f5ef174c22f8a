package dev.tandem.control.monitor.lookup;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.Name;

/** What a zone's parent says about it: a delegation, none, or nothing could be learnt. */
public sealed interface Delegation {

  /** The zone asked about. */
  Name zone();

  /**
   * The parent delegates the zone (RFC 1034 section 4.2.2: the NS RRset at the cut and the glue for
   * servers named inside the parent's bailiwick).
   *
   * @param parent the zone holding the cut
   * @param ns the NS names the parent lists
   * @param glue the addresses the parent gives for them (only names it is authoritative for)
   * @param ds the DS RRset at the cut (RFC 4035 section 2.4); empty if unsigned
   * @param dsError why the DS RRset could not be learnt, or null if it was
   * @param parentServers the parent's servers that answered
   * @param note something an operator should know about how this was learnt, or null
   */
  record Found(
      Name zone,
      Name parent,
      List<Name> ns,
      Map<Name, List<InetAddress>> glue,
      List<DSRecord> ds,
      @Nullable String dsError,
      List<InetSocketAddress> parentServers,
      @Nullable String note)
      implements Delegation {
    public Found {
      ns = List.copyOf(ns);
      Map<Name, List<InetAddress>> g = new LinkedHashMap<>();
      glue.forEach((n, a) -> g.put(n, List.copyOf(a)));
      glue = java.util.Collections.unmodifiableMap(g);
      ds = List.copyOf(ds);
      parentServers = List.copyOf(parentServers);
    }

    /** This delegation with other glue. */
    public Found withGlue(Map<Name, List<InetAddress>> other) {
      return new Found(zone, parent, ns, other, ds, dsError, parentServers, note);
    }
  }

  /**
   * The parent answered that there is no such delegation.
   *
   * @param parent the zone that answered
   * @param why what it answered, in words
   */
  record NotDelegated(Name zone, Name parent, String why) implements Delegation {}

  /** No parent server gave a usable answer. */
  record Unknown(Name zone, String why) implements Delegation {}
}
