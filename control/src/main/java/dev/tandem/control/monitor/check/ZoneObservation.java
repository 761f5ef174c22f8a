package dev.tandem.control.monitor.check;

import dev.tandem.control.monitor.lookup.Addresses;
import dev.tandem.control.monitor.lookup.Delegation;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.Name;

/**
 * One round of checks of one zone: what we serve, what each server said, what the parent said.
 *
 * @param at when the round was made
 * @param serial the serial we serve, or -1 when we serve none yet
 * @param ns our apex NS names
 * @param nsAddresses the addresses of our NS names (from the zone itself when in bailiwick,
 *     otherwise resolved), with why there are none
 * @param dnskeys our apex DNSKEYs (empty if unsigned)
 * @param primaries our configured primaries, when we are a secondary of the zone (empty otherwise)
 * @param servers what each server said
 * @param delegation what the parent said, or null when not asked
 * @param serialsFirstSeen when each recent serial was first seen, here or anywhere (for lag)
 */
public record ZoneObservation(
    Name zone,
    Instant at,
    long serial,
    List<Name> ns,
    Map<Name, Addresses> nsAddresses,
    List<DNSKEYRecord> dnskeys,
    List<InetSocketAddress> primaries,
    List<ServerObservation> servers,
    @Nullable Delegation delegation,
    Map<Long, Instant> serialsFirstSeen) {

  public ZoneObservation {
    ns = List.copyOf(ns);
    nsAddresses = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nsAddresses));
    dnskeys = List.copyOf(dnskeys);
    primaries = List.copyOf(primaries);
    servers = List.copyOf(servers);
    serialsFirstSeen = Map.copyOf(serialsFirstSeen);
  }

  /** Whether we are a secondary of the zone. */
  public boolean secondary() {
    return !primaries.isEmpty();
  }

  public boolean signed() {
    return !dnskeys.isEmpty();
  }
}
