package dev.tandem.dns.zone;

import java.util.List;
import org.xbill.DNS.Record;

/**
 * A change to a zone: records to remove, then records to add, as one IXFR sequence (RFC 1995) or
 * one UPDATE (RFC 2136) delivers them. The SOA of the new version, if among the added records, sets
 * the new serial.
 */
public record ZoneDiff(List<Record> removed, List<Record> added) {
  public ZoneDiff {
    removed = List.copyOf(removed);
    added = List.copyOf(added);
  }
}
