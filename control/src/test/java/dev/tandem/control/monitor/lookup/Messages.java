package dev.tandem.control.monitor.lookup;

import java.io.IOException;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** Answers written as a few lines, for scripted servers. */
final class Messages {
  private Messages() {}

  /**
   * The answer to {@code q} described by {@code script}: a first line of flags ({@code aa}, {@code
   * nxdomain}, {@code refused}, or {@code referral} for none), then {@code
   * answer|authority|additional RECORD} lines.
   */
  static Message parse(Question q, String script) {
    Message m = q.message(4242);
    m.getHeader().setFlag(Flags.QR);
    m.removeAllRecords(Section.ADDITIONAL);
    String[] lines = script.split("\n");
    String flags = lines[0];
    if (flags.contains("aa")) {
      m.getHeader().setFlag(Flags.AA);
    }
    if (flags.contains("nxdomain")) {
      m.getHeader().setRcode(Rcode.NXDOMAIN);
    }
    if (flags.contains("refused")) {
      m.getHeader().setRcode(Rcode.REFUSED);
    }
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      int sp = line.indexOf(' ');
      String section = line.substring(0, sp);
      try {
        Record r = parseRecord(line.substring(sp + 1));
        m.addRecord(
            r,
            switch (section) {
              case "answer" -> Section.ANSWER;
              case "authority" -> Section.AUTHORITY;
              default -> Section.ADDITIONAL;
            });
      } catch (IOException e) {
        throw new IllegalArgumentException(line, e);
      }
    }
    return m;
  }

  private static Record parseRecord(String text) throws IOException {
    try (org.xbill.DNS.Master master =
        new org.xbill.DNS.Master(
            new java.io.ByteArrayInputStream(
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            Name.root)) {
      Record r = master.nextRecord();
      if (r == null) {
        throw new IOException("no record in '" + text + "'");
      }
      return r;
    }
  }
}
