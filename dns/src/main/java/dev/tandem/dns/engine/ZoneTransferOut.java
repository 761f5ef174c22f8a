package dev.tandem.dns.engine;

import dev.tandem.dns.zone.ZoneSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * A zone sent out in AXFR form (RFC 5936 section 2.2): SOA, every other record, SOA again, packed
 * into messages of about {@value #MESSAGE_BUDGET} bytes and made one at a time, as the connection
 * asks for them, so a million-record zone never sits in memory twice. When the request was signed,
 * every message is signed (RFC 8945 section 5.3.1), each over the previous one's MAC.
 *
 * <p>Also the answer to an IXFR (RFC 1995 section 4) when the journal cannot give the difference.
 */
public final class ZoneTransferOut implements MessageStream {
  /**
   * Records per message are capped by size, not count: 16 KB keeps each write and each TSIG MAC
   * small while leaving compression room, as Knot and BIND do.
   */
  static final int MESSAGE_BUDGET = 16 * 1024;

  private final Message request;
  private final ZoneSnapshot zone;
  private final ZoneSnapshot.NodeWalk walk;
  private final SOARecord soa;
  private final @Nullable TSIG key;
  private final @Nullable OPTRecord firstOpt;
  private @Nullable TSIGRecord previousMac;
  private final List<Record> pending = new ArrayList<>();
  private int pendingBytes;
  private boolean started;
  private boolean walked;
  private boolean done;
  private long records;
  private long bytes;

  /**
   * @param request the AXFR or IXFR request, parsed
   * @param zone the version to send
   * @param key the verified key the request was signed with, or null
   * @param firstOpt the OPT record of the first message (EDNS, EXPIRE), or null
   */
  ZoneTransferOut(
      Message request, ZoneSnapshot zone, @Nullable TSIG key, @Nullable OPTRecord firstOpt) {
    this.request = request;
    this.zone = zone;
    this.walk = zone.nodes();
    this.soa = soaOf(zone);
    this.key = key;
    this.firstOpt = firstOpt;
    this.previousMac = request.getTSIG();
  }

  static SOARecord soaOf(ZoneSnapshot zone) {
    for (Record r : zone.recordsAt(zone.origin())) {
      if (r instanceof SOARecord s) {
        return s;
      }
    }
    throw new IllegalStateException(zone + " has no SOA");
  }

  @Override
  public byte @Nullable [] next() {
    if (done) {
      return null;
    }
    if (!started) {
      started = true;
      add(soa);
    }
    while (!walked && pendingBytes < MESSAGE_BUDGET) {
      walked = !walk.next(this::addUnlessSoa);
    }
    if (walked) {
      add(soa);
      done = true;
    }
    byte[] out = message();
    bytes += out.length;
    return out;
  }

  /** Records sent so far (the SOA counted twice, as on the wire). */
  @Override
  public long records() {
    return records;
  }

  @Override
  public long bytes() {
    return bytes;
  }

  @Override
  public String describe() {
    return zone.origin() + " serial " + zone.serial();
  }

  private void addUnlessSoa(Record r) {
    if (r.getType() != Type.SOA) {
      add(r);
    }
  }

  private void add(Record r) {
    pending.add(r);
    pendingBytes += r.getName().length() + 10 + r.rdataToWireCanonical().length;
  }

  private byte[] message() {
    Message m = new Message(request.getHeader().getID());
    m.getHeader().setOpcode(request.getHeader().getOpcode());
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setFlag(Flags.AA);
    m.getHeader().setRcode(Rcode.NOERROR);
    Record question = request.getQuestion();
    boolean first = records == 0;
    if (first && question != null) {
      m.addRecord(question, Section.QUESTION);
    }
    for (Record r : pending) {
      m.addRecord(r, Section.ANSWER);
    }
    records += pending.size();
    pending.clear();
    pendingBytes = 0;
    if (first && firstOpt != null) {
      m.addRecord(firstOpt, Section.ADDITIONAL);
    }
    TSIG k = key;
    if (k != null) {
      k.apply(m, Rcode.NOERROR, previousMac, first);
      previousMac = m.getTSIG();
    }
    return m.toWire();
  }
}
