package dev.tandem.dns.engine;

import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A zone transfer out: in AXFR form (RFC 5936 section 2.2: SOA, every other record, SOA again), or
 * in IXFR form (RFC 1995 section 4: new SOA, then per change the old SOA, the records removed, the
 * new SOA, the records added, and the new SOA to close), or the single SOA of an IXFR answered with
 * nothing to send. Records are packed into messages of about {@value #MESSAGE_BUDGET} bytes made
 * one at a time, as the connection asks for them, so a million-record zone never sits in memory
 * twice. When the request was signed, every message is signed (RFC 8945 section 5.3.1), each over
 * the previous one's MAC.
 *
 * <p><b>Message size.</b> A message over TCP is at most 65535 bytes (its length is a 16-bit prefix:
 * RFC 1035 section 4.2.2), TSIG record and, in the first, OPT included. A message takes records
 * while it is under the budget; the record that would take it past 65535 bytes, and those after it,
 * wait for the next. An RRset may so be split across messages: RFC 5936 section 2.2 asks only that
 * the first message begin with the SOA and the last end with it, and RFC 1995 the same of IXFR. (It
 * must be: an RRset of 300 TXT records of 255 bytes is 80 KB, which no message holds, yet the zone
 * is valid and the records travel.) The one true limit is a single record too large for a message
 * of its own (rdata over about 65,000 bytes): the transfer cannot be sent, and {@link #nextInto}
 * throws, naming the record, which ends the connection.
 *
 * <p>Messages are written here in wire form, straight from the snapshot's packed records, not
 * through dnsjava's {@code Message}: that path (a {@code Record} per record, dnsjava's compression
 * table, rendering the message twice to sign it) cost about 3 times Knot's CPU per transfer in
 * bench/primary. Owner names are compressed against the previous owner (a zone in canonical order
 * shares most of each name with the one before); rdata is left uncompressed (allowed by RFC 3597
 * section 4 and readable by every client). dnsjava still computes the MACs (over the bytes
 * written).
 */
public final class ZoneTransferOut implements MessageStream {
  /**
   * Records per message are capped by size, not count: 16 KB keeps each write and each TSIG MAC
   * small while leaving compression room, as Knot and BIND do.
   */
  static final int MESSAGE_BUDGET = 16 * 1024;

  /** The largest DNS message over TCP (RFC 1035 section 4.2.2: a two-byte length). */
  static final int MAX_MESSAGE = 65535;

  private static final int HEADER = 12;
  private static final int MAX_NAME = 255;
  private static final int EDNS_EXPIRE = 9; // RFC 7314

  /** Where the records come from: hands some to the sink; false once there are no more. */
  interface Source {
    boolean next(ZoneSnapshot.WireRecordSink sink);
  }

  private final Message request;
  private final ZoneSnapshot zone;
  private final Source source;
  private final Signer.Chain signer;
  private final int tsigRoom;
  private final byte @Nullable [] firstOpt;

  // The message being written, and the room for records in it (what TSIG and OPT leave).
  private final byte[] buf = new byte[MAX_MESSAGE];
  private int pos;
  private int count;
  private int room;

  // Records that did not fit the last message, in the order they came, for the next: each as
  // owner length, owner, type, TTL, rdata length, rdata.
  private byte[] pending = new byte[4096];
  private int pendingAt;
  private int pendingEnd;
  private final byte[] pendingOwner = new byte[MAX_NAME + 1];

  private final OwnerCompression owners = new OwnerCompression();

  private final ZoneSnapshot.WireRecordSink adder = this::add;
  private boolean exhausted;
  private boolean done;
  private boolean started;
  private long records;
  private long bytes;

  private ZoneTransferOut(
      Message request,
      ZoneSnapshot zone,
      Source source,
      Signer signer,
      byte @Nullable [] firstOpt) {
    this.request = request;
    this.zone = zone;
    this.source = source;
    this.signer = signer.chain();
    this.tsigRoom = signer.reserve();
    this.firstOpt = firstOpt;
  }

  /**
   * The OPT record of a first message in wire form: payload size {@code payload}, and EXPIRE {@code
   * expire} seconds (RFC 7314) if not negative.
   */
  static byte[] opt(int payload, long expire) {
    int options = expire >= 0 ? 8 : 0;
    byte[] o = new byte[11 + options];
    o[1] = 0; // root owner, then type OPT
    o[2] = 41;
    o[3] = (byte) (payload >>> 8);
    o[4] = (byte) payload;
    // extended RCODE, version, flags: all 0
    o[10] = (byte) options;
    if (expire >= 0) {
      long v = Math.min(expire, 0xffffffffL);
      o[12] = EDNS_EXPIRE;
      o[14] = 4;
      o[15] = (byte) (v >>> 24);
      o[16] = (byte) (v >>> 16);
      o[17] = (byte) (v >>> 8);
      o[18] = (byte) v;
    }
    return o;
  }

  /**
   * The whole zone, AXFR form.
   *
   * @param request the AXFR or IXFR request, parsed
   * @param zone the version to send
   * @param signer how the request was signed
   * @param firstOpt the OPT record of the first message ({@link #opt}), or null
   */
  static ZoneTransferOut axfr(
      Message request, ZoneSnapshot zone, Signer signer, byte @Nullable [] firstOpt) {
    Source soa = records(List.of(zone.soa()));
    ZoneSnapshot.NodeWalk walk = zone.nodes();
    int[] stage = {0}; // 0: opening SOA, 1: the nodes, 2: closing SOA, 3: done
    byte[] origin = zone.originWire();
    int originLength = zone.originLength();
    ZoneSnapshot.WireRecordSink[] skipApexSoa = {null};
    Source source =
        sink -> {
          switch (stage[0]) {
            case 0 -> {
              soa.next(sink);
              stage[0] = 1;
            }
            case 1 -> {
              ZoneSnapshot.WireRecordSink s = skipApexSoa[0];
              if (s == null) {
                s =
                    (owner, ownerLength, type, ttl, rdata, offset, length) -> {
                      if (type != Type.SOA
                          || !Arrays.equals(owner, 0, ownerLength, origin, 0, originLength)) {
                        sink.accept(owner, ownerLength, type, ttl, rdata, offset, length);
                      }
                    };
                skipApexSoa[0] = s;
              }
              if (!walk.next(s)) {
                stage[0] = 2;
              }
            }
            case 2 -> {
              records(List.of(zone.soa())).next(sink);
              stage[0] = 3;
            }
            default -> {
              return false;
            }
          }
          return true;
        };
    return new ZoneTransferOut(request, zone, source, signer, firstOpt);
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
      Signer signer,
      byte @Nullable [] firstOpt) {
    SOARecord soa = zone.soa();
    List<Record> records = new ArrayList<>();
    records.add(soa);
    for (ZoneDiff d : changes) {
      addSoaFirst(d.removed(), records);
      addSoaFirst(d.added(), records);
    }
    records.add(soa);
    return new ZoneTransferOut(request, zone, records(records), signer, firstOpt);
  }

  /**
   * The answer to an IXFR from a client that is current, or over UDP: the zone's SOA alone (RFC
   * 1995 sections 2 and 4), one message.
   */
  static ZoneTransferOut soaOnly(
      Message request, ZoneSnapshot zone, Signer signer, byte @Nullable [] firstOpt) {
    return new ZoneTransferOut(request, zone, records(List.of(zone.soa())), signer, firstOpt);
  }

  /** dnsjava records as a source, one per call, in wire parts. */
  private static Source records(List<Record> list) {
    java.util.Iterator<Record> it = list.iterator();
    return sink -> {
      if (!it.hasNext()) {
        return false;
      }
      Record r = it.next();
      byte[] wire = r.toWire(Section.ANSWER); // owner uncompressed, type, class, TTL, rdata
      int ownerLength = r.getName().length();
      int rdata = ownerLength + 10;
      sink.accept(wire, ownerLength, r.getType(), r.getTTL(), wire, rdata, wire.length - rdata);
      return true;
    };
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

  @Override
  public int nextInto() {
    if (done) {
      return -1;
    }
    boolean first = !started;
    started = true;
    begin(first);
    byte[] opt = firstOpt;
    room = MAX_MESSAGE - tsigRoom - (first && opt != null ? opt.length : 0);
    takePending();
    while (!exhausted && pendingAt == pendingEnd && pos < MESSAGE_BUDGET) {
      exhausted = !source.next(adder);
    }
    done = exhausted && pendingAt == pendingEnd;
    if (count == 0 && !first) {
      return -1; // the last message filled up just before the source ran dry
    }
    int n = finish(first);
    bytes += n;
    return n;
  }

  /** The first message, which every transfer has (at least the SOA). */
  byte[] first() {
    byte[] m = next();
    if (m == null) {
      throw new IllegalStateException("a zone transfer with no first message");
    }
    return m;
  }

  @Override
  public byte[] buffer() {
    return buf;
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

  /** Told, once, how a transfer out ended (see {@link MessageStream#finished}). */
  @FunctionalInterface
  interface Ending {
    void ended(ZoneTransferOut transfer, long millis, @Nullable String error);
  }

  private @Nullable Ending ending;

  /** Sets what is told when the sender is done with this transfer. */
  void whenFinished(Ending e) {
    this.ending = e;
  }

  @Override
  public void finished(long millis, @Nullable String error) {
    Ending e = ending;
    ending = null; // once
    if (e != null) {
      e.ended(this, millis, error);
    }
  }

  /**
   * Starts a message: header, and in the first one the question (its name a compression target).
   */
  private void begin(boolean first) {
    pos = HEADER;
    count = 0;
    owners.reset();
    Record question = request.getQuestion();
    if (first && question != null) {
      byte[] name = question.getName().toWire();
      int at = pos;
      System.arraycopy(name, 0, buf, pos, name.length);
      pos += name.length;
      pos = u16(pos, question.getType());
      pos = u16(pos, question.getDClass());
      owners.remember(name, name.length, at);
    }
  }

  /** Takes one record from the source: into this message if it fits and none is waiting. */
  private void add(
      byte[] owner, int ownerLength, int type, long ttl, byte[] rdata, int offset, int length) {
    if (pendingAt < pendingEnd || !put(owner, ownerLength, type, ttl, rdata, offset, length)) {
      queue(owner, ownerLength, type, ttl, rdata, offset, length);
    }
  }

  /**
   * Writes one record into the message if the message is under its budget and the record fits whole
   * (its owner counted uncompressed) in what TSIG and OPT leave; false, having written nothing, if
   * not.
   *
   * @throws IllegalStateException if the record does not fit even in a message of its own
   */
  private boolean put(
      byte[] owner, int ownerLength, int type, long ttl, byte[] rdata, int offset, int length) {
    int size = ownerLength + 10 + length;
    if (count > 0 && (pos >= MESSAGE_BUDGET || pos + size > room)) {
      return false;
    }
    if (pos + size > room) {
      throw new IllegalStateException(tooLarge(owner, ownerLength, type, size));
    }
    pos = owners.write(owner, ownerLength, buf, pos);
    pos = u16(pos, type);
    pos = u16(pos, DClass.IN);
    pos = u16(pos, (int) (ttl >>> 16));
    pos = u16(pos, (int) ttl);
    pos = u16(pos, length);
    System.arraycopy(rdata, offset, buf, pos, length);
    pos += length;
    count++;
    return true;
  }

  private String tooLarge(byte[] owner, int ownerLength, int type, int size) {
    String name;
    try {
      name = new Name(Arrays.copyOf(owner, ownerLength)).toString();
    } catch (java.io.IOException e) {
      name = "(an owner name that does not parse)";
    }
    return "the transfer of "
        + describe()
        + " cannot be sent: the "
        + Type.string(type)
        + " record at "
        + name
        + " takes "
        + size
        + " bytes, more than a DNS message holds with its header"
        + (tsigRoom > 0 ? " and TSIG" : "")
        + " (65535 bytes in all)";
  }

  /** Keeps a record that did not fit for the next message. */
  private void queue(
      byte[] owner, int ownerLength, int type, long ttl, byte[] rdata, int offset, int length) {
    int need = pendingEnd + 1 + ownerLength + 8 + length;
    if (need > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(need, pending.length * 2));
    }
    int p = pendingEnd;
    pending[p++] = (byte) ownerLength;
    System.arraycopy(owner, 0, pending, p, ownerLength);
    p += ownerLength;
    p = put16(pending, p, type);
    p = put16(pending, p, (int) (ttl >>> 16));
    p = put16(pending, p, (int) ttl);
    p = put16(pending, p, length);
    System.arraycopy(rdata, offset, pending, p, length);
    pendingEnd = p + length;
  }

  /** Writes the records kept from the last message, as many as fit. */
  private void takePending() {
    while (pendingAt < pendingEnd) {
      int p = pendingAt;
      int ownerLength = pending[p++] & 0xff;
      System.arraycopy(pending, p, pendingOwner, 0, ownerLength);
      p += ownerLength;
      int type = get16(pending, p);
      long ttl = ((long) get16(pending, p + 2) << 16) | get16(pending, p + 4);
      int length = get16(pending, p + 6);
      p += 8;
      if (!put(pendingOwner, ownerLength, type, ttl, pending, p, length)) {
        return;
      }
      pendingAt = p + length;
    }
    pendingAt = 0;
    pendingEnd = 0;
  }

  private static int put16(byte[] b, int at, int v) {
    b[at] = (byte) (v >> 8);
    b[at + 1] = (byte) v;
    return at + 2;
  }

  private static int get16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }

  /** Completes the header, adds OPT (first message) and TSIG; the message's length. */
  private int finish(boolean first) {
    int id = request.getHeader().getID();
    u16(0, id);
    int flags = 0x8000 | (request.getHeader().getOpcode() << 11) | 0x0400; // QR, opcode, AA
    u16(2, flags);
    Record question = request.getQuestion();
    u16(4, first && question != null ? 1 : 0);
    u16(6, count);
    u16(8, 0);
    int additional = 0;
    byte[] opt = firstOpt;
    if (first && opt != null) {
      System.arraycopy(opt, 0, buf, pos, opt.length);
      pos += opt.length;
      additional++;
    }
    u16(10, additional);
    records += count;
    return signer.sign(buf, pos);
  }

  private int u16(int at, int v) {
    return put16(buf, at, v);
  }
}
