package dev.tandem.control.monitor;

import dev.tandem.control.monitor.check.Content;
import dev.tandem.control.monitor.check.RrSetDifference;
import dev.tandem.control.monitor.check.ServerObservation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a light round did not ask of a server, taken from the last round that did, so that a finding
 * holds from one full round to the next instead of coming and going with the rounds: TCP
 * reachability until TCP is tried again; the NS and DNSKEY RRsets and the contents while the
 * server's serial stays the same (they change only with it). Differences a light round's sample
 * finds are added to those kept; they are cleared by the next round that compares everything.
 */
final class Carry {
  private Carry() {}

  /** {@code now}, completed with what {@code kept} (the server's last observation) knew. */
  static ServerObservation apply(Probe.Result now, @Nullable ServerObservation kept) {
    ServerObservation o = now.observation();
    if (kept == null || !o.answered()) {
      return o;
    }
    ServerObservation.Reach tcp = now.askedTcp() ? o.tcp() : kept.tcp();
    if (now.askedDetails() || kept.serial() != o.serial()) {
      return with(o, tcp, o.nsSet(), o.dnskeys(), o.earliestSignature(), o.content());
    }
    return with(
        o,
        tcp,
        kept.nsSet(),
        kept.dnskeys(),
        earlier(o.earliestSignature(), kept.earliestSignature()),
        union(kept.content(), o.content()));
  }

  private static ServerObservation.@Nullable Signature earlier(
      ServerObservation.@Nullable Signature a, ServerObservation.@Nullable Signature b) {
    if (a == null || b == null) {
      return a != null ? a : b;
    }
    return b.expires().isBefore(a.expires()) ? b : a;
  }

  private static ServerObservation with(
      ServerObservation o,
      ServerObservation.@Nullable Reach tcp,
      @Nullable List<org.xbill.DNS.Name> ns,
      @Nullable List<org.xbill.DNS.DNSKEYRecord> keys,
      ServerObservation.@Nullable Signature signature,
      @Nullable Content content) {
    return new ServerObservation(
        o.server(),
        o.udp(),
        tcp,
        o.latencyMicros(),
        o.rcode(),
        o.authoritative(),
        o.serial(),
        o.expire(),
        ns,
        keys,
        signature,
        content);
  }

  /** The differences of both, those of {@code now} last; {@code now}'s method and count. */
  static @Nullable Content union(@Nullable Content kept, @Nullable Content now) {
    if (kept == null || now == null) {
      return now != null ? now : kept;
    }
    Map<String, RrSetDifference> all = new LinkedHashMap<>();
    kept.differences().forEach(d -> all.put(d.rrset(), d));
    now.differences().forEach(d -> all.put(d.rrset(), d));
    List<RrSetDifference> list = new ArrayList<>(all.values());
    int more = Math.max(kept.more(), now.more());
    while (list.size() > Content.KEPT) {
      list.remove(list.size() - 1);
      more++;
    }
    return new Content(now.method(), now.compared(), list, more, now.note());
  }
}
