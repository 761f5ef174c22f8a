package dev.tandem.it;

import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * What two servers' answers to the same query must agree on: RCODE (extended), AA, TC, the question
 * exactly as sent back (case included), and the answer, authority and additional sections as sets
 * of records (owner names compared without case, TTLs included). Order within a section and name
 * compression are not compared.
 */
record ResponseShape(
    int rcode,
    boolean aa,
    boolean tc,
    String question,
    Set<String> answer,
    Set<String> authority,
    Set<String> additional,
    String opt,
    int size) {

  static ResponseShape of(byte[] wire) throws IOException {
    Message m = new Message(wire);
    OPTRecord opt = m.getOPT();
    return new ResponseShape(
        m.getRcode(),
        m.getHeader().getFlag(Flags.AA),
        m.getHeader().getFlag(Flags.TC),
        questionBytes(wire, m),
        section(m, Section.ANSWER),
        section(m, Section.AUTHORITY),
        section(m, Section.ADDITIONAL),
        opt == null
            ? "-"
            : "payload="
                + opt.getPayloadSize()
                + " v"
                + opt.getVersion()
                + (opt.getFlags() != 0 ? " do" : "")
                + (opt.getOptions().isEmpty() ? "" : " options=" + optionCodes(opt)),
        wire.length);
  }

  private static String optionCodes(OPTRecord opt) {
    return opt.getOptions().stream()
        .map(o -> Integer.toString(o.getCode()))
        .collect(java.util.stream.Collectors.joining(","));
  }

  private static String questionBytes(byte[] wire, Message m) {
    if (m.getHeader().getCount(Section.QUESTION) == 0) {
      return "";
    }
    Record q = m.getQuestion();
    int len = q.getName().length() + 4;
    return Arrays.toString(Arrays.copyOfRange(wire, 12, Math.min(wire.length, 12 + len)));
  }

  private static Set<String> section(Message m, int section) {
    Set<String> out = new TreeSet<>();
    for (Record r : m.getSection(section)) {
      if (r.getType() == Type.OPT) {
        continue;
      }
      out.add(
          r.getName().toString().toLowerCase(java.util.Locale.ROOT)
              + " "
              + r.getTTL()
              + " "
              + Type.string(r.getType())
              + " "
              + r.rdataToString().toLowerCase(java.util.Locale.ROOT));
    }
    return out;
  }

  /** The differences, one per line, or "" when there are none. */
  String diff(ResponseShape other) {
    StringBuilder sb = new StringBuilder();
    if (rcode != other.rcode) {
      sb.append("  rcode ")
          .append(Rcode.string(rcode))
          .append(" vs ")
          .append(Rcode.string(other.rcode))
          .append('\n');
    }
    if (aa != other.aa) {
      sb.append("  AA ").append(aa).append(" vs ").append(other.aa).append('\n');
    }
    if (tc != other.tc) {
      sb.append("  TC ").append(tc).append(" vs ").append(other.tc).append('\n');
    }
    if (!question.equals(other.question)) {
      sb.append("  question ").append(question).append(" vs ").append(other.question).append('\n');
    }
    diffSection(sb, "answer", answer, other.answer);
    diffSection(sb, "authority", authority, other.authority);
    diffSection(sb, "additional", additional, other.additional);
    if (!opt.equals(other.opt)) {
      sb.append("  OPT ").append(opt).append(" vs ").append(other.opt).append('\n');
    }
    return sb.toString();
  }

  private static void diffSection(StringBuilder sb, String name, Set<String> a, Set<String> b) {
    if (a.equals(b)) {
      return;
    }
    Set<String> onlyA = new TreeSet<>(a);
    onlyA.removeAll(b);
    Set<String> onlyB = new TreeSet<>(b);
    onlyB.removeAll(a);
    sb.append("  ")
        .append(name)
        .append(": only first ")
        .append(onlyA)
        .append(", only second ")
        .append(onlyB)
        .append('\n');
  }

  /** Whether each section of this response holds every record of the same section of other. */
  boolean holdsAll(ResponseShape other) {
    return answer.containsAll(other.answer)
        && authority.containsAll(other.authority)
        && additional.containsAll(other.additional);
  }

  /** The same shape ignoring TC (for comparing a UDP answer with a TCP one). */
  ResponseShape withoutTc() {
    return new ResponseShape(rcode, aa, false, question, answer, authority, additional, opt, size);
  }
}
