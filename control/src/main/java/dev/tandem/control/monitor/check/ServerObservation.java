package dev.tandem.control.monitor.check;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.Name;

/**
 * What one server said in one round of checks. Everything is as observed; judging it is {@link
 * Findings}' work.
 *
 * @param udp whether it answered the SOA query over UDP, and if not why
 * @param tcp whether it answered over TCP; null when TCP was not tried this round
 * @param latencyMicros how long the SOA answer took over UDP, or -1
 * @param rcode the RCODE of the SOA answer, or -1 when there was none
 * @param authoritative whether the SOA answer had AA set
 * @param serial the serial of the zone's SOA in the answer, or -1
 * @param expire the EDNS EXPIRE the server gave (RFC 7314), in seconds, or -1
 * @param nsSet the apex NS RRset it serves; null when not learnt
 * @param dnskeys the apex DNSKEY RRset it serves; null when not asked
 * @param earliestSignature the RRSIG seen this round that expires first, or null
 * @param content how its contents compare with ours, or null when not compared this round
 */
public record ServerObservation(
    Server server,
    Reach udp,
    @Nullable Reach tcp,
    long latencyMicros,
    int rcode,
    boolean authoritative,
    long serial,
    long expire,
    @Nullable List<Name> nsSet,
    @Nullable List<DNSKEYRecord> dnskeys,
    @Nullable Signature earliestSignature,
    @Nullable Content content) {

  public ServerObservation {
    nsSet = nsSet == null ? null : List.copyOf(nsSet);
    dnskeys = dnskeys == null ? null : List.copyOf(dnskeys);
  }

  /** Whether a transport worked, and if not, why. */
  public record Reach(boolean ok, String detail) {
    public static final Reach OK = new Reach(true, "answered");

    public static Reach failed(String why) {
      return new Reach(false, why);
    }
  }

  /**
   * A signature as served.
   *
   * @param rrset the RRset it covers, as "owner TYPE"
   */
  public record Signature(String rrset, Instant expires) {}

  /** Whether the server answered the SOA query at all (over UDP or TCP). */
  public boolean answered() {
    return rcode >= 0;
  }

  /** A server that did not answer over UDP, with TCP as tried. */
  public static ServerObservation silent(Server server, Reach udp, @Nullable Reach tcp) {
    return new ServerObservation(server, udp, tcp, -1, -1, false, -1, -1, null, null, null, null);
  }
}
