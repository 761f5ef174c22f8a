package dev.tandem.dns.zone;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.Name;
import org.xbill.DNS.utils.base32;

/**
 * A signed zone shaped as the DNSSEC benchmark's (bench/dnssec/run.sh has ldns-signzone sign one of
 * 100,000 names), made in-process for the zone-file tests: hosts with A and AAAA, and MX or TXT for
 * two in three, 1% delegations with glue (half with DS), an NSEC3 chain (SHA-1, 1 iteration, salt)
 * in hash order after the names. Laid out as ldns-signzone writes: one record per line,
 * tab-separated, each RRset followed by its RRSIG, DNSKEYs with ldns's comment. Keys and signatures
 * are random bytes of their real lengths (ECDSA P-256): a reader of zone text does not verify them.
 */
final class BenchmarkShapedZone {
  private static final byte[] SALT = HexFormat.of().parseHex("a1b2c3d4");
  private static final base32 BASE32HEX = new base32(base32.Alphabet.BASE32HEX, false, true);

  private final String apex;
  private final Random rnd;
  private final StringBuilder z = new StringBuilder();
  private final TreeMap<String, String> chain = new TreeMap<>(); // hash -> types at the name

  private BenchmarkShapedZone(Name origin, Random rnd) {
    this.apex = origin.toString();
    this.rnd = rnd;
  }

  /** The zone text for {@code names} hosts below {@code origin}. */
  static String text(Name origin, int names, Random rnd) {
    BenchmarkShapedZone b = new BenchmarkShapedZone(origin, rnd);
    b.apex();
    for (int i = 0; i < names; i++) {
      b.host(i);
    }
    b.nsec3Chain();
    return b.z.toString();
  }

  private void apex() {
    signed(
        apex,
        3600,
        "SOA",
        List.of("ns1." + apex + " hostmaster." + apex + " 2024010101 3600 900 1209600 300"));
    signed(apex, 3600, "NS", List.of("ns1." + apex, "ns2." + apex));
    List<String> keys = new ArrayList<>();
    for (int flags : new int[] {256, 257}) {
      keys.add(
          flags
              + " 3 13 "
              + base64(64)
              + " ;{id = "
              + rnd.nextInt(65536)
              + (flags == 257 ? " (ksk)" : " (zsk)")
              + ", size = 256b}");
    }
    signed(apex, 3600, "DNSKEY", keys);
    signed(apex, 0, "NSEC3PARAM", List.of("1 0 1 " + HexFormat.of().formatHex(SALT)));
    chain.put(hash(apex), "NS SOA RRSIG DNSKEY NSEC3PARAM");
  }

  private void host(int i) {
    String owner = "host" + i + "." + apex;
    if (i % 100 == 99) {
      String ns = "ns." + owner;
      record(owner, 3600, "NS", ns);
      record(ns, 3600, "A", "198.51.100." + i % 250); // glue: not signed, no NSEC3
      if (i % 200 == 199) {
        String digest = HexFormat.of().formatHex(bytes(32)).toUpperCase(Locale.ROOT);
        signed(owner, 3600, "DS", List.of(rnd.nextInt(65536) + " 13 2 " + digest));
        chain.put(hash(owner), "NS DS RRSIG");
      } else {
        chain.put(hash(owner), "NS");
      }
      return;
    }
    signed(owner, 300, "A", List.of("192.0.2." + i % 250));
    signed(owner, 300, "AAAA", List.of("2001:db8::" + Integer.toHexString(i)));
    switch (i % 3) {
      case 0 -> {
        signed(owner, 3600, "MX", List.of("10 mail." + apex));
        chain.put(hash(owner), "A MX AAAA RRSIG");
      }
      case 1 -> {
        signed(owner, 3600, "TXT", List.of("\"v=spf1 -all\" \"host " + i + "\""));
        chain.put(hash(owner), "A TXT AAAA RRSIG");
      }
      default -> chain.put(hash(owner), "A AAAA RRSIG");
    }
  }

  private void nsec3Chain() {
    List<String> hashes = new ArrayList<>(chain.keySet());
    String salt = HexFormat.of().formatHex(SALT);
    for (int i = 0; i < hashes.size(); i++) {
      String h = hashes.get(i);
      String next = hashes.get((i + 1) % hashes.size());
      // ldns writes two spaces before the next hashed owner name
      signed(
          h + "." + apex,
          300,
          "NSEC3",
          List.of("1 0 1 " + salt + "  " + next + " " + chain.get(h)));
    }
  }

  /** An RRset's records, then an RRSIG over it by the apex's ZSK. */
  private void signed(String owner, int ttl, String type, List<String> rdatas) {
    for (String rdata : rdatas) {
      record(owner, ttl, type, rdata);
    }
    int labels = owner.split("\\.").length;
    record(
        owner,
        ttl,
        "RRSIG",
        type
            + " 13 "
            + labels
            + " "
            + ttl
            + " 20280106045433 20261201045433 47927 "
            + apex
            + " "
            + base64(64));
  }

  private void record(String owner, int ttl, String type, String rdata) {
    z.append(owner).append('\t').append(ttl).append("\tIN\t").append(type).append('\t');
    z.append(rdata).append('\n');
  }

  private String base64(int n) {
    return Base64.getEncoder().encodeToString(bytes(n));
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  /** The NSEC3 hash of a name (RFC 5155 section 5) as an owner label: lower-case base32hex. */
  private static String hash(String name) {
    try {
      return BASE32HEX.toString(
          new NSEC3PARAMRecord(Name.root, DClass.IN, 0, NSEC3Record.SHA1_DIGEST_ID, 0, 1, SALT)
              .hashName(Name.fromConstantString(name)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
