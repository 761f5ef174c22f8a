package dev.tandem.store;

import dev.tandem.dns.wire.WireName;
import dev.tandem.dns.zone.ZoneBuilder;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * The stored form of records: each record in DNS wire form as an answer section holds it (owner,
 * type, class, TTL, rdata; names uncompressed), preceded by its length as a 32-bit integer, back to
 * back. A zone's base is its records in that form; a journal entry is the number of removed
 * records, the removed records, then the added ones.
 *
 * <p>Wire form rather than text because it round-trips every type exactly (unknown ones included)
 * and decodes without a tokenizer; the length prefix lets a reader check that each record ends
 * where it should. Every blob is stored with its CRC-32C and checked before it is decoded, so a
 * damaged file is reported as such rather than served as a different zone.
 */
final class RecordBlob {
  private RecordBlob() {}

  /**
   * A zone's records, in the order {@link ZoneSnapshot#forEachRecord} gives them. Straight from the
   * snapshot's wire parts: a dnsjava Record per record made this a third of storing an AXFR of a
   * million records (JFR), so it writes the same bytes {@code Record.toWire} would.
   */
  static byte[] encode(ZoneSnapshot zone) {
    DNSOutput out = new DNSOutput((int) Math.min(1 << 30, 64 + 48L * zone.recordCount()));
    zone.forEachRecordWire(
        (owner, ownerLength, type, ttl, rdata, offset, length) -> {
          out.writeU32(ownerLength + 10 + length);
          out.writeByteArray(owner, 0, ownerLength);
          out.writeU16(type);
          out.writeU16(DClass.IN);
          out.writeU32(ttl);
          out.writeU16(length);
          out.writeByteArray(rdata, offset, length);
        });
    return out.toByteArray();
  }

  static byte[] encode(ZoneDiff diff) {
    DNSOutput out = new DNSOutput(64 + 64 * (diff.removed().size() + diff.added().size()));
    out.writeU32(diff.removed().size());
    diff.removed().forEach(r -> write(out, r));
    diff.added().forEach(r -> write(out, r));
    return out.toByteArray();
  }

  private static void write(DNSOutput out, Record r) {
    byte[] wire = r.toWire(Section.ANSWER);
    out.writeU32(wire.length);
    out.writeByteArray(wire);
  }

  static long crc(byte[] blob) {
    CRC32C crc = new CRC32C();
    crc.update(blob);
    return crc.getValue();
  }

  /**
   * Rebuilds a zone from its base.
   *
   * @param what the blob in words, for messages ("zone example.com. base at serial 7")
   * @throws StoreException if the blob fails its CRC or does not decode
   */
  static ZoneSnapshot decodeZone(Name origin, byte[] blob, long crc, String what) {
    check(blob, crc, what);
    ZoneBuilder builder = new ZoneBuilder(origin, blob.length);
    byte[] owner = new byte[256];
    try {
      int p = 0;
      while (p < blob.length) {
        // Read without a dnsjava Record per record, as encode wrote it (see there).
        long length = p + 4 <= blob.length ? u32(blob, p) : -1;
        p += 4;
        if (length < 11 || length > blob.length - p) {
          throw new IOException("a record length prefix runs past the end, at byte " + (p - 4));
        }
        int end = p + (int) length;
        int ownerLength = WireName.uncompressedLength(blob, p, end);
        if (ownerLength < 0 || p + ownerLength + 10 > end) {
          throw new IOException("a malformed owner name at byte " + p);
        }
        System.arraycopy(blob, p, owner, 0, ownerLength);
        p += ownerLength;
        int type = u16(blob, p);
        long ttl = u32(blob, p + 4);
        int rdLength = u16(blob, p + 8);
        p += 10;
        if (p + rdLength != end) {
          throw new IOException("a record's length prefix disagrees with its contents");
        }
        if (!builder.add(owner, ownerLength, type, ttl, blob, p, rdLength)) {
          throw new StoreException(what + " holds a record outside the zone");
        }
        p = end;
      }
    } catch (IOException | IllegalArgumentException e) {
      throw corrupt(what, e);
    }
    return builder.build();
  }

  /**
   * Decodes a journal entry.
   *
   * @throws StoreException if the blob fails its CRC or does not decode
   */
  static ZoneDiff decodeDiff(byte[] blob, long crc, String what) {
    check(blob, crc, what);
    DNSInput in = new DNSInput(blob);
    try {
      long removedCount = in.readU32();
      List<Record> removed = new ArrayList<>();
      List<Record> added = new ArrayList<>();
      for (long i = 0; i < removedCount; i++) {
        removed.add(read(in));
      }
      while (in.remaining() > 0) {
        added.add(read(in));
      }
      return new ZoneDiff(removed, added);
    } catch (IOException | IllegalArgumentException e) {
      throw corrupt(what, e);
    }
  }

  private static void check(byte[] blob, long crc, String what) {
    long actual = crc(blob);
    if (actual != crc) {
      throw new StoreException(
          what
              + " fails its CRC-32C check (stored "
              + Long.toHexString(crc)
              + ", computed "
              + Long.toHexString(actual)
              + "): the store file is damaged");
    }
  }

  /** One length-prefixed record; the prefix bounds what the record may read. */
  private static Record read(DNSInput in) throws IOException {
    long length = in.readU32();
    if (length > in.remaining()) {
      throw new IOException("a record of " + length + " bytes runs past the end");
    }
    int end = in.current() + (int) length;
    in.setActive((int) length);
    Name owner = new Name(in);
    int type = in.readU16();
    int dclass = in.readU16();
    long ttl = in.readU32();
    int rdlength = in.readU16();
    byte[] rdata = in.readByteArray(rdlength);
    if (in.current() != end) {
      throw new IOException("a record's length prefix disagrees with its contents");
    }
    in.clearActive();
    return Record.newRecord(owner, type, dclass, ttl, rdlength, rdata);
  }

  private static int u16(byte[] b, int p) {
    return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
  }

  private static long u32(byte[] b, int p) {
    return ((long) u16(b, p) << 16) | u16(b, p + 2);
  }

  private static StoreException corrupt(String what, Exception e) {
    return new StoreException(what + " does not decode: " + e.getMessage(), e);
  }
}
