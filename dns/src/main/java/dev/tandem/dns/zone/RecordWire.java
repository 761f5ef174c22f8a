package dev.tandem.dns.zone;

import java.util.Arrays;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** A dnsjava record's parts in the wire form the zone keeps. */
final class RecordWire {
  private RecordWire() {}

  /**
   * The rdata, uncompressed, with names in the case they were written. (dnsjava's canonical rdata
   * would lower-case them, RFC 4034 section 6.2; the zone keeps the source's spelling.)
   */
  static byte[] rdata(Record r) {
    byte[] wire = r.toWire(Section.ANSWER); // owner, type, class, TTL, rdlength, rdata
    int p = r.getName().length() + 8;
    int len = ((wire[p] & 0xff) << 8) | (wire[p + 1] & 0xff);
    return Arrays.copyOfRange(wire, wire.length - len, wire.length);
  }
}
