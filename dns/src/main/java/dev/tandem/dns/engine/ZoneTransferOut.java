package dev.tandem.dns.engine;

import dev.tandem.dns.zone.ZoneDiff;
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
 * A zone transfer out: in AXFR form (RFC 5936 section 2.2: SOA, every other record, SOA again), or
 * in IXFR form (RFC 1995 section 4: new SOA, then per change the old SOA, the records removed, the
 * new SOA, the records added, and the new SOA to close). Records are packed into messages of about
 * {@value #MESSAGE_BUDGET} bytes made one at a time, as the connection asks for them, so a
 * million-record zone never sits in memory twice. When the request was signed, every message is
 * signed (RFC 8945 section 5.3.1), each over the previous one's MAC.
 */
public final class ZoneTransferOut implements MessageStream {
  /**
   * Records per message are capped by size, not count: 16 KB keeps each write and each TSIG MAC
   * small while leaving compression room, as Knot and BIND do.
   */
  static final int MESSAGE_BUDGET = 16 * 1024;

  /** Where the records come from: hands some to the sink; false once there are no more. */
  interface Source {
    boolean next(java.util.function.Consumer<Record> sink);
  }

  private final Message request;
  private final ZoneSnapshot zone;
  private final Source source;
  private final @Nullable TSIG key;
  private final @Nullable OPTRecord firstOpt;
  private @Nullable TSIGRecord previousMac;
  private final List<Record> pending = new ArrayList<>();
  private int pendingBytes;
  private boolean exhausted;
  private boolean done;
  private long records;
  private long bytes;

  private ZoneTransferOut(
      Message request,
      ZoneSnapshot zone,
      Source source,
      @Nullable TSIG key,
      @Nullable OPTRecord firstOpt) {
    this.request = request;
    this.zone = zone;
    this.source = source;
    this.key = key;
    this.firstOpt = firstOpt;
    this.previousMac = request.getTSIG();
  }

  /**
   * The whole zone, AXFR form.
   *
   * @param request the AXFR or IXFR request, parsed
   * @param zone the version to send
   * @param key the verified key the request was signed with, or null
   * @param firstOpt the OPT record of the first message (EDNS, EXPIRE), or null
   */
  static ZoneTransferOut axfr(
      Message request, ZoneSnapshot zone, @Nullable TSIG key, @Nullable OPTRecord firstOpt) {
    SOARecord soa = soaOf(zone);
    ZoneSnapshot.NodeWalk walk = zone.nodes();
    int[] stage = {0}; // 0: opening SOA, 1: the nodes, 2: closing SOA, 3: done
    Source source =
        sink -> {
          switch (stage[0]) {
            case 0 -> {
              sink.accept(soa);
              stage[0] = 1;
            }
            case 1 -> {
              if (!walk.next(
                  r -> {
                    if (r.getType() != Type.SOA) {
                      sink.accept(r);
                    }
                  })) {
                stage[0] = 2;
              }
            }
            case 2 -> {
              sink.accept(soa);
              stage[0] = 3;
            }
            default -> {
              return false;
            }
          }
          return true;
        };
    return new ZoneTransferOut(request, zone, source, key, firstOpt);
  }

  /**
   * The changes that take a client from an older serial to {@code zone}'s, IXFR form.
   *
   * @param changes each change with the old SOA among its removals and the new among its additions
   */
  static ZoneTransferOut ixfr(
      Message request,
      ZoneSnapshot zone,
      List<ZoneDiff> changes,
      @Nullable TSIG key,
      @Nullable OPTRecord firstOpt) {
    SOARecord soa = soaOf(zone);
    List<Record> records = new ArrayList<>();
    records.add(soa);
    for (ZoneDiff d : changes) {
      addSoaFirst(d.removed(), records);
      addSoaFirst(d.added(), records);
    }
    records.add(soa);
    java.util.Iterator<Record> it = records.iterator();
    Source source =
        sink -> {
          if (!it.hasNext()) {
            return false;
          }
          sink.accept(it.next());
          return true;
        };
    return new ZoneTransferOut(request, zone, source, key, firstOpt);
  }

  private static void addSoaFirst(List<Record> part, List<Record> out) {
    for (Record r : part) {
      if (r.getType() == Type.SOA) {
        out.add(r);
      }
    }
    for (Record r : part) {
      if (r.getType() != Type.SOA) {
        out.add(r);
      }
    }
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
    while (!exhausted && pendingBytes < MESSAGE_BUDGET) {
      exhausted = !source.next(this::add);
    }
    done = exhausted;
    if (pending.isEmpty()) {
      return null; // the last message filled up just before the source ran dry
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
