package dev.tandem.control.monitor;

import dev.tandem.control.monitor.lookup.RootHints;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.nio.charset.StandardCharsets;

/**
 * The small internet the monitor's tests use: a root, the TLD {@code test.}, and {@code
 * example.test.} at two providers, A (ns1.provider-a.test, 192.0.2.1) and B (ns1 and
 * ns2.provider-b.test, 203.0.113.1 and .2). Documentation addresses: nothing here is ever sent.
 */
final class TestInternet {
  static final String ROOT = "198.51.100.1";
  static final String TLD = "198.51.100.2";
  static final String A1 = "192.0.2.1";
  static final String B1 = "203.0.113.1";
  static final String B2 = "203.0.113.2";

  static final RootHints HINTS =
      RootHints.parse(
          """
          .                    3600000 NS a.root-servers.test.
          a.root-servers.test. 3600000 A  198.51.100.1
          """
              .getBytes(StandardCharsets.US_ASCII));

  private TestInternet() {}

  static ZoneSnapshot root() {
    return MemoryInternet.zone(
        ".",
        """
        @ 86400 SOA a.root-servers.test. hostmaster.root-servers.test. 1 1800 900 604800 86400
        @ 518400 NS a.root-servers.test.
        a.root-servers.test. 518400 A 198.51.100.1
        test. 172800 NS ns.tld.test.
        ns.tld.test. 172800 A 198.51.100.2
        """);
  }

  /** The TLD, delegating example.test to {@code ns} (NS lines relative to test.). */
  static ZoneSnapshot tld(String delegation) {
    return MemoryInternet.zone(
        "test.",
        """
        @ 3600 SOA ns.tld.test. hostmaster.tld.test. 1 1800 900 604800 300
        @ 3600 NS ns.tld.test.
        ns.tld.test. 3600 A 198.51.100.2
        ns1.provider-a.test. 3600 A 192.0.2.1
        ns1.provider-b.test. 3600 A 203.0.113.1
        ns2.provider-b.test. 3600 A 203.0.113.2
        """
            + delegation);
  }

  static final String BOTH =
      """
      example 3600 NS ns1.provider-a.test.
      example 3600 NS ns1.provider-b.test.
      example 3600 NS ns2.provider-b.test.
      """;

  /** example.test at {@code serial}, with the NS set {@code ns} and {@code extra} records. */
  static ZoneSnapshot example(long serial, String ns, String extra) {
    return MemoryInternet.zone(
        "example.test.",
        "@ 3600 SOA ns1.provider-a.test. hostmaster.example.test. "
            + serial
            + " 3600 600 604800 300\n"
            + ns
            + "www 300 A 192.0.2.80\n"
            + "mail 300 MX 10 mx.example.test.\n"
            + "mx 300 A 192.0.2.25\n"
            + extra);
  }

  static final String ALL_NS =
      """
      @ 3600 NS ns1.provider-a.test.
      @ 3600 NS ns1.provider-b.test.
      @ 3600 NS ns2.provider-b.test.
      """;

  /** The internet with example.test in sync at serial 1 everywhere. */
  static MemoryInternet inSync() {
    ZoneSnapshot z = example(1, ALL_NS, "");
    return new MemoryInternet()
        .serve(ROOT, root())
        .serve(TLD, tld(BOTH))
        .serve(A1, z)
        .serve(B1, z)
        .serve(B2, z);
  }
}
