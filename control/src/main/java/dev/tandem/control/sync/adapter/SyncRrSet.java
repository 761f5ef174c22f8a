package dev.tandem.control.sync.adapter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SPFRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * One RRset as both sides of a sync see it: owner, type, TTL and the records' data in presentation
 * format, canonical (RFC 4034 section 6.2: names in the data lower-cased) and sorted, so that two
 * providers' texts of the same records compare equal. No records: the RRset is absent (a deletion,
 * as a replacement).
 *
 * @param name the owner, absolute
 * @param type the RR type
 * @param ttl the RRset's TTL (0 when absent)
 * @param records the records' data, canonical, sorted, without duplicates
 */
public record SyncRrSet(Name name, int type, long ttl, List<String> records) {
  public SyncRrSet {
    if (!name.isAbsolute()) {
      throw new IllegalArgumentException("the owner " + name + " is not absolute");
    }
    name = canonical(name);
    records = List.copyOf(new TreeSet<>(records));
  }

  /** The RRset's owner and type, which a replacement is keyed by. */
  public Key key() {
    return new Key(name, type);
  }

  /** Whether this stands for the RRset's absence. */
  public boolean absent() {
    return records.isEmpty();
  }

  /** The absence of the RRset {@code key}: replacing with it deletes the RRset. */
  public static SyncRrSet absent(Key key) {
    return new SyncRrSet(key.name(), key.type(), 0, List.of());
  }

  /** An RRset from dnsjava records of one owner and type (the first record's TTL). */
  public static SyncRrSet of(List<Record> records) {
    Record first = records.getFirst();
    List<String> data = new ArrayList<>();
    for (Record r : records) {
      data.add(canonicalData(r));
    }
    return new SyncRrSet(first.getName(), first.getType(), first.getTTL(), data);
  }

  /**
   * An RRset from the records' data as a provider's API gives it.
   *
   * @throws SyncException (refused) naming the record if its data does not read as {@code type}
   */
  public static SyncRrSet parse(Name name, int type, long ttl, List<String> data)
      throws SyncException {
    List<String> out = new ArrayList<>();
    for (String d : data) {
      try {
        out.add(canonicalData(Record.fromString(name, type, DClass.IN, ttl, d, Name.root)));
      } catch (IOException | RuntimeException e) {
        throw SyncException.refused(
            name + " " + Type.string(type) + " '" + d + "' does not read: " + e.getMessage());
      }
    }
    return new SyncRrSet(name, type, ttl, out);
  }

  /** The records as dnsjava's, for a DNS message. */
  public List<Record> toRecords() throws SyncException {
    List<Record> out = new ArrayList<>();
    for (String d : records) {
      try {
        out.add(Record.fromString(name, type, DClass.IN, ttl, d, Name.root));
      } catch (IOException | RuntimeException e) {
        throw SyncException.refused(name + " " + Type.string(type) + " '" + d + "': " + e);
      }
    }
    return out;
  }

  /**
   * The records' data as a zone file may hold it and as HTTP APIs take it: character-strings (TXT,
   * SPF) each quoted (RFC 1035 section 5.1), which the canonical form leaves bare when nothing
   * needs quoting.
   */
  public List<String> quoted() throws SyncException {
    if (type != Type.TXT && type != Type.SPF) {
      return records;
    }
    List<String> out = new ArrayList<>();
    for (Record r : toRecords()) {
      StringBuilder b = new StringBuilder();
      List<String> strings =
          r instanceof TXTRecord t ? t.getStrings() : ((SPFRecord) r).getStrings();
      for (String s : strings) {
        if (!b.isEmpty()) {
          b.append(' ');
        }
        b.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      }
      out.add(b.toString());
    }
    return out;
  }

  /** As a zone file shows it, one line a record; "(none)" when absent. */
  public List<String> lines() {
    if (records.isEmpty()) {
      return List.of(name + " " + Type.string(type) + " (none)");
    }
    return records.stream().map(d -> name + " " + ttl + " " + Type.string(type) + " " + d).toList();
  }

  private static String canonicalData(Record r) {
    try {
      return Record.fromWire(r.toWireCanonical(), Section.ANSWER).rdataToString();
    } catch (IOException e) {
      throw new IllegalStateException("a record does not read back from its own wire form", e);
    }
  }

  private static Name canonical(Name n) {
    return n.canonicalize();
  }

  /**
   * An RRset's owner and type.
   *
   * @param name the owner, absolute, lower-case
   * @param type the RR type
   */
  public record Key(Name name, int type) implements Comparable<Key> {
    public Key {
      name = name.canonicalize();
    }

    @Override
    public int compareTo(Key o) {
      int c = name.compareTo(o.name);
      return c != 0 ? c : Integer.compare(type, o.type);
    }

    @Override
    public String toString() {
      return name + " " + Type.string(type).toUpperCase(Locale.ROOT);
    }
  }
}
