package dev.tandem.dns.zone;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * A problem found while building or validating a zone, before it is located in the source: by the
 * record's position in the input ({@code ordinal}), or by owner and type (the first such record)
 * and, when the problem is about one record of an RRset, its rdata, or, for the zone as a whole, by
 * none of these.
 */
record ZoneFinding(
    ZoneProblem.Severity severity,
    @Nullable Name owner,
    int type,
    @Nullable ByteBuffer rdata,
    int ordinal,
    String message) {

  static ZoneFinding at(ZoneProblem.Severity severity, Name owner, int type, String message) {
    return new ZoneFinding(severity, owner, type, null, -1, message);
  }

  /**
   * A problem with one record of an RRset: located at that record rather than at the RRset's first
   * (a warning about the second NS of a name must point at the second NS).
   */
  static ZoneFinding atRecord(
      ZoneProblem.Severity severity,
      Name owner,
      int type,
      byte[] rdata,
      int from,
      int to,
      String message) {
    ByteBuffer rd = ByteBuffer.wrap(Arrays.copyOfRange(rdata, from, to)).asReadOnlyBuffer();
    return new ZoneFinding(severity, owner, type, rd, -1, message);
  }

  static ZoneFinding ofRecord(ZoneProblem.Severity severity, int ordinal, String message) {
    return new ZoneFinding(severity, null, -1, null, ordinal, message);
  }

  static ZoneFinding ofZone(ZoneProblem.Severity severity, String message) {
    return new ZoneFinding(severity, null, -1, null, -1, message);
  }

  /** Whether {@code r} (owner and type already matched) is the record this finding is about. */
  boolean matchesRdata(Record r) {
    ByteBuffer rd = rdata;
    return rd == null || rd.equals(ByteBuffer.wrap(ZoneDiffApplier.rdataOf(r)));
  }
}
