package dev.tandem.dns.zone;

import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The signatures a zone version serves, summed up for an operator: how many, and which one expires
 * first. A secondary serves what its primary signed; when the primary stops re-signing, the first
 * sign of trouble is this date drawing near, long before validating resolvers start failing.
 *
 * @param signatures the number of RRSIG records
 * @param earliestExpiration the first signature expiration, in seconds since the epoch
 * @param inception the inception of that signature, in seconds since the epoch
 * @param owner the owner of the RRset whose signature expires first
 * @param typeCovered the type of that RRset
 */
public record SignatureSummary(
    int signatures, long earliestExpiration, long inception, Name owner, int typeCovered) {

  /** The RRset whose signature expires first, as "owner TYPE". */
  public String rrset() {
    return owner + " " + Type.string(typeCovered);
  }

  /**
   * Reads every RRSIG of {@code zone} (one pass over the nodes, in proportion to the zone; callers
   * keep the result per version) or returns null if it has none. RRSIG times are 32-bit and wrap
   * (RFC 4034 section 3.1.5): each is taken as the time nearest {@code nowSeconds}.
   */
  public static @Nullable SignatureSummary of(ZoneSnapshot zone, long nowSeconds) {
    ZoneContents.Cursor c = zone.contents().cursor();
    int count = 0;
    long earliest = Long.MAX_VALUE;
    long inception = 0;
    byte[] ownerRel = null;
    int covered = 0;
    while (c.next()) {
      byte[] d = c.dataArray();
      int node = c.dataStart();
      int n = EncodedNode.rrsetCount(d, node);
      int rrset = EncodedNode.firstRrset(d, node);
      for (int i = 0; i < n; i++, rrset = EncodedNode.nextRrset(d, rrset)) {
        if (EncodedNode.type(d, rrset) != Type.RRSIG) {
          continue;
        }
        int rd = EncodedNode.firstRdata(d, rrset);
        for (int j = EncodedNode.rdataCount(d, rrset); j > 0; j--) {
          if (EncodedNode.rdataLength(d, rd) >= 18) {
            count++;
            long expiration = near(EncodedNode.u32(d, rd + 2 + 8), nowSeconds);
            if (expiration < earliest) {
              earliest = expiration;
              inception = near(EncodedNode.u32(d, rd + 2 + 12), nowSeconds);
              covered = EncodedNode.u16(d, rd + 2);
              ownerRel =
                  java.util.Arrays.copyOfRange(
                      c.nameArray(), c.nameOffset(), c.nameOffset() + c.nameLength());
            }
          }
          rd = EncodedNode.nextRdata(d, rd);
        }
      }
    }
    if (count == 0 || ownerRel == null) {
      return null;
    }
    return new SignatureSummary(count, earliest, inception, absolute(zone, ownerRel), covered);
  }

  /** The time in seconds whose low 32 bits are {@code t32}, nearest {@code now}. */
  static long near(int t32, long now) {
    return now + (t32 - (int) now);
  }

  private static Name absolute(ZoneSnapshot zone, byte[] rel) {
    byte[] origin = zone.originWire();
    byte[] abs = new byte[rel.length + origin.length];
    System.arraycopy(rel, 0, abs, 0, rel.length);
    System.arraycopy(origin, 0, abs, rel.length, origin.length);
    try {
      return new Name(abs);
    } catch (IOException e) {
      throw new IllegalStateException(e); // names in the table are well formed
    }
  }
}
