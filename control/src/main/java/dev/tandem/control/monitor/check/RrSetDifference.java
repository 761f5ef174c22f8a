package dev.tandem.control.monitor.check;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * One RRset that differs between us and a server: its records (rdata in presentation form) on each
 * side, empty where the RRset is missing.
 */
public record RrSetDifference(Name owner, int type, List<String> ours, List<String> theirs) {
  public RrSetDifference {
    ours = List.copyOf(ours);
    theirs = List.copyOf(theirs);
  }

  /** "owner TYPE". */
  public String rrset() {
    return owner + " " + Type.string(type);
  }

  /** In words: "www.example. A: here 192.0.2.1, there 192.0.2.99". */
  public String describe() {
    return rrset() + ": here " + side(ours) + ", there " + side(theirs);
  }

  private static String side(List<String> rdata) {
    return rdata.isEmpty() ? "none" : String.join(" | ", rdata);
  }
}
