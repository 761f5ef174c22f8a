package dev.tandem.it;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The SOA serial a server on 127.0.0.1 answers for a zone, and waiting for one. */
final class Serials {
  private Serials() {}

  /** The serial answered over UDP, or -1 if the answer is an error or has no SOA. */
  static long of(int port, String origin) throws IOException {
    try (DnsClient c = new DnsClient(port)) {
      Message m =
          c.udp(Message.newQuery(Record.newRecord(Name.fromString(origin), Type.SOA, DClass.IN)));
      List<Record> answer = m.getSection(Section.ANSWER);
      if (m.getRcode() != Rcode.NOERROR || answer.isEmpty()) {
        return -1;
      }
      return ((SOARecord) answer.get(0)).getSerial();
    }
  }

  /** Polls every 2 ms until the server answers {@code serial}; fails listing what it saw. */
  static void await(int port, String origin, long serial, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    List<Long> seen = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      long s = of(port, origin);
      if (s == serial) {
        return;
      }
      if (seen.isEmpty() || seen.get(seen.size() - 1) != s) {
        seen.add(s);
      }
      Thread.sleep(2);
    }
    throw new AssertionError(
        "127.0.0.1:" + port + " did not reach serial " + serial + "; it served " + seen);
  }
}
