package dev.tandem.dns.engine;

import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
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
 *
 * <p>Messages are written here in wire form, straight from the snapshot's packed records, not
 * through dnsjava's {@code Message}: that path (a {@code Record} per record, dnsjava's compression
 * table, rendering the message twice to sign it) cost about 3 times Knot's CPU per transfer in
 * bench/primary. Owner names are compressed against the previous owner (a zone in canonical order
 * shares most of each name with the one before); rdata is left uncompressed (allowed by RFC 3597
 * section 4 and readable by every client). dnsjava still signs (TSIG over the rendered bytes).
 */
public final class ZoneTransferOut implements MessageStream {
  /**
   * Records per message are capped by size, not count: 16 KB keeps each write and each TSIG MAC
   * small while leaving compression room, as Knot and BIND do.
   */
  static final int MESSAGE_BUDGET = 16 * 1024;

  private static final int HEADER = 12;
  private static final int POINTER_LIMIT = 0x4000;
  private static final int MAX_NAME = 255;

  /** Where the records come from: hands some to the sink; false once there are no more. */
  interface Source {
    boolean next(ZoneSnapshot.WireRecordSink sink);
  }

  private final Message request;
  private final ZoneSnapshot zone;
  private final Source source;
  private final @Nullable TSIG key;
  private final @Nullable OPTRecord firstOpt;
  private @Nullable TSIGRecord previousMac;

  // The message being written. Large enough for the budget plus one record of any size.
  private final byte[] buf = new byte[MESSAGE_BUDGET + 70_000];
  private int pos;
  private int count;

  // The owner last written, lower-cased and uncompressed, and where each of its suffixes sits in
  // the message (suffixAt[i]: the suffix starting at its i-th label), for compression.
  private final byte[] previous = new byte[MAX_NAME + 1];
  private int previousLength;
  private final int[] previousLabels = new int[128];
  private final int[] suffixAt = new int[128];
  private int previousLabelCount;
  private final int[] labels = new int[128];
  private final int[] newSuffixAt = new int[128];

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
    SOARecord soa = zone.soa();
    List<Record> records = new ArrayList<>();
    records.add(soa);
    for (ZoneDiff d : changes) {
      addSoaFirst(d.removed(), records);
      addSoaFirst(d.added(), records);
    }
    records.add(soa);
    return new ZoneTransferOut(request, zone, records(records), key, firstOpt);
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
    while (!exhausted && pos < MESSAGE_BUDGET) {
      exhausted = !source.next(adder);
    }
    done = exhausted;
    if (count == 0 && !first) {
      return -1; // the last message filled up just before the source ran dry
    }
    int n = finish(first);
    bytes += n;
    return n;
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
    previousLength = 0;
    previousLabelCount = 0;
    Record question = request.getQuestion();
    if (first && question != null) {
      byte[] name = question.getName().toWire();
      int at = pos;
      System.arraycopy(name, 0, buf, pos, name.length);
      pos += name.length;
      pos = u16(pos, question.getType());
      pos = u16(pos, question.getDClass());
      remember(name, name.length, at);
    }
  }

  /** Adds one record to the message being written. */
  private void add(
      byte[] owner, int ownerLength, int type, long ttl, byte[] rdata, int offset, int length) {
    writeOwner(owner, ownerLength);
    pos = u16(pos, type);
    pos = u16(pos, DClass.IN);
    pos = u16(pos, (int) (ttl >>> 16));
    pos = u16(pos, (int) ttl);
    pos = u16(pos, length);
    System.arraycopy(rdata, offset, buf, pos, length);
    pos += length;
    count++;
  }

  /**
   * Writes {@code owner}: its labels up to the longest suffix it shares with the previous owner,
   * then a pointer to that suffix (RFC 1035 section 4.1.4), if it lies within pointer reach.
   */
  private void writeOwner(byte[] owner, int ownerLength) {
    if (ownerLength == previousLength
        && previousLabelCount > 0
        && suffixAt[0] < POINTER_LIMIT
        && Arrays.equals(owner, 0, ownerLength, previous, 0, ownerLength)) {
      // The same node as the record before (most RRsets have several records): one pointer.
      buf[pos++] = (byte) (0xc0 | (suffixAt[0] >> 8));
      buf[pos++] = (byte) suffixAt[0];
      return;
    }
    int n = 0;
    for (int p = 0; owner[p] != 0; p += (owner[p] & 0xff) + 1) {
      labels[n++] = p;
    }
    // Shared suffix, compared label by label from the end (names are lower case or compared so).
    int shared = 0;
    while (shared < n
        && shared < previousLabelCount
        && sameLabel(owner, labels[n - 1 - shared], previousLabels[previousLabelCount - 1 - shared])
        && suffixAt[previousLabelCount - 1 - shared] < POINTER_LIMIT) {
      shared++;
    }
    int literal = n - shared;
    for (int i = 0; i < literal; i++) {
      newSuffixAt[i] = pos;
      int len = (owner[labels[i]] & 0xff) + 1;
      System.arraycopy(owner, labels[i], buf, pos, len);
      pos += len;
    }
    if (shared > 0) {
      int target = suffixAt[previousLabelCount - shared];
      buf[pos++] = (byte) (0xc0 | (target >> 8));
      buf[pos++] = (byte) target;
      for (int i = 0; i < shared; i++) {
        newSuffixAt[literal + i] = suffixAt[previousLabelCount - shared + i];
      }
    } else {
      buf[pos++] = 0;
    }
    // This owner becomes the previous one.
    System.arraycopy(owner, 0, previous, 0, ownerLength);
    previousLength = ownerLength;
    for (int i = 0; i < n; i++) {
      previousLabels[i] = labels[i];
      suffixAt[i] = newSuffixAt[i];
    }
    previousLabelCount = n;
  }

  /** Remembers an uncompressed name written at {@code at} as the previous owner. */
  private void remember(byte[] name, int length, int at) {
    int n = 0;
    for (int p = 0; name[p] != 0; p += (name[p] & 0xff) + 1) {
      previousLabels[n] = p;
      suffixAt[n] = at + p;
      n++;
    }
    System.arraycopy(name, 0, previous, 0, length);
    previousLength = length;
    previousLabelCount = n;
  }

  private boolean sameLabel(byte[] owner, int a, int b) {
    int len = owner[a] & 0xff;
    if (len != (previous[b] & 0xff)) {
      return false;
    }
    int i = Arrays.mismatch(owner, a + 1, a + 1 + len, previous, b + 1, b + 1 + len);
    if (i < 0) {
      return true; // the usual case: a snapshot's names are all lower case
    }
    for (; i < len; i++) { // differing bytes may still differ only in case (an IXFR's records)
      if (lower(owner[a + 1 + i]) != lower(previous[b + 1 + i])) {
        return false;
      }
    }
    return true;
  }

  private static int lower(byte b) {
    return b >= 'A' && b <= 'Z' ? b + 32 : b;
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
    OPTRecord opt = firstOpt;
    if (first && opt != null) {
      byte[] o = opt.toWire(Section.ADDITIONAL);
      System.arraycopy(o, 0, buf, pos, o.length);
      pos += o.length;
      additional++;
    }
    u16(10, additional);
    records += count;
    TSIG k = key;
    if (k == null) {
      return pos;
    }
    // dnsjava signs exact bytes: the message so far, then the TSIG record goes after it.
    byte[] unsigned = Arrays.copyOf(buf, pos);
    TSIGRecord mac = k.generate(new Message(id), unsigned, Rcode.NOERROR, previousMac, first);
    previousMac = mac;
    byte[] t = mac.toWire(Section.ADDITIONAL);
    System.arraycopy(t, 0, buf, pos, t.length);
    u16(10, additional + 1);
    return pos + t.length;
  }

  private int u16(int at, int v) {
    buf[at] = (byte) (v >> 8);
    buf[at + 1] = (byte) v;
    return at + 2;
  }
}
