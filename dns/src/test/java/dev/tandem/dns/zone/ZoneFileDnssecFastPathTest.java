package dev.tandem.dns.zone;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The fast paths for RRSIG, NSEC, NSEC3, NSEC3PARAM, DNSKEY, CDNSKEY, DS and CDS: for the forms
 * signers write they must give exactly dnsjava's rdata bytes, and anything else must be left to
 * dnsjava (so that it is read, or rejected with file and line, exactly as before).
 */
class ZoneFileDnssecFastPathTest {
  private static final Name ORIGIN = Name.fromConstantString("ex.test.");
  private static final int[] DNSSEC_TYPES = {
    Type.RRSIG, Type.NSEC, Type.NSEC3, Type.NSEC3PARAM, Type.DNSKEY, Type.CDNSKEY, Type.DS, Type.CDS
  };

  @TempDir Path dir;

  /** One record of a zone text: its rdata as the fast path and as dnsjava read it. */
  private record Case(String text, int type, byte @Nullable [] fast, byte @Nullable [] dnsjava) {
    @Override
    public String toString() {
      return Type.string(type) + " " + text;
    }
  }

  // ---------------------------------------------------------------- signer output

  @Test
  void takesEverySignerWrittenRecordAndGivesDnsjavasBytes() throws IOException {
    String[] samples = {
      DnssecSignerSamples.LDNS_ED25519_NSEC3,
      DnssecSignerSamples.LDNS_RSASHA256_NSEC,
      DnssecSignerSamples.LDNS_ECDSAP256_NSEC3,
      DnssecSignerSamples.BIND_ECDSAP384_NSEC3,
      DnssecSignerSamples.BIND_RSASHA512_NSEC,
    };
    int[] seen = new int[65536];
    for (String zone : samples) {
      for (Case c : cases(zone)) {
        assertFastAndSame(c);
        seen[c.type]++;
      }
      Path f = dir.resolve("signed.zone");
      Files.writeString(f, zone, ISO_8859_1);
      ZoneFileFastPathTest.assertSameAsDnsjava(f, ORIGIN);
    }
    for (int type : new int[] {Type.RRSIG, Type.NSEC, Type.NSEC3, Type.NSEC3PARAM, Type.DNSKEY}) {
      assertThat(seen[type]).as(Type.string(type)).isGreaterThanOrEqualTo(3);
    }
    assertThat(seen[Type.RRSIG]).isGreaterThan(100);
    assertThat(seen[Type.DS] + seen[Type.CDS]).isGreaterThanOrEqualTo(3);
  }

  /**
   * A signed zone shaped as the DNSSEC benchmark's (bench/dnssec/run.sh signs one of 100,000 names
   * with ldns-signzone), made here so that the test always runs: 4,000 hosts with A, AAAA, MX and
   * TXT, 1% delegations (half with DS), an NSEC3 chain with salt, laid out as ldns-signzone writes
   * it. {@code -Dtandem.signedZone=FILE} reads the first 60,000 records of a real one instead.
   */
  @Test
  void takesABenchmarkShapedSignedZone() throws IOException {
    String real = System.getProperty("tandem.signedZone");
    Path zone = real != null ? Path.of(real) : dir.resolve("signed.zone");
    if (real == null) {
      Files.writeString(zone, BenchmarkShapedZone.text(ORIGIN, 4000, new Random(5155)), ISO_8859_1);
    }
    int[] seen = new int[65536];
    int n = 0;
    try (InputStream in = Files.newInputStream(zone)) {
      for (Case c : cases(in, 60_000)) {
        assertFastAndSame(c);
        seen[c.type]++;
        n++;
      }
    }
    assertThat(n).isGreaterThan(10_000);
    for (int type : new int[] {Type.RRSIG, Type.NSEC3, Type.NSEC3PARAM, Type.DNSKEY, Type.DS}) {
      assertThat(seen[type]).as(Type.string(type)).isPositive();
    }
    if (real == null) {
      ZoneFileFastPathTest.assertSameAsDnsjava(zone, ORIGIN);
    }
  }

  // ---------------------------------------------------------------- generated

  /**
   * Thousands of generated records of each type, written in every form the fast path takes: any
   * field value, algorithm numbers and mnemonics, both time forms, base64 and hex split anywhere,
   * base32hex in either case, bitmaps in any order with repeats and TYPEnnn, names relative or not.
   */
  @Test
  void takesGeneratedRecordsOfEveryFormAndGivesDnsjavasBytes() throws IOException {
    Random rnd = new Random(20240101);
    StringBuilder zone = new StringBuilder("$ORIGIN ex.test.\n$TTL 300\n@ SOA a b 1 2 3 4 5\n");
    for (int i = 0; i < 2000; i++) {
      zone.append(owner(rnd)).append(" RRSIG ").append(rrsig(rnd)).append('\n');
      zone.append(owner(rnd)).append(" NSEC ").append(name(rnd)).append(bitmap(rnd)).append('\n');
      zone.append(owner(rnd)).append(" NSEC3 ").append(nsec3(rnd)).append('\n');
      zone.append(owner(rnd)).append(" NSEC3PARAM ").append(nsec3param(rnd)).append('\n');
      String key = rnd.nextBoolean() ? " DNSKEY " : " CDNSKEY ";
      zone.append(owner(rnd)).append(key).append(dnskey(rnd)).append('\n');
      String ds = rnd.nextBoolean() ? " DS " : " CDS ";
      zone.append(owner(rnd)).append(ds).append(ds(rnd)).append('\n');
    }
    int n = 0;
    for (Case c : cases(zone.toString())) {
      assertFastAndSame(c);
      n++;
    }
    assertThat(n).isEqualTo(6 * 2000);
    Path f = dir.resolve("generated.zone");
    Files.writeString(f, zone, ISO_8859_1);
    ZoneFileFastPathTest.assertSameAsDnsjava(f, Name.root);
  }

  private static String owner(Random rnd) {
    // not one name in two cases: dnsjava's Master keeps the case it saw first
    return switch (rnd.nextInt(3)) {
      case 0 -> "@";
      case 1 -> "h" + rnd.nextInt(1000);
      default -> "K" + rnd.nextInt(1000) + ".Ex.Test.";
    };
  }

  private static String name(Random rnd) {
    return switch (rnd.nextInt(5)) {
      case 0 -> "@";
      case 1 -> ".";
      case 2 -> "Next" + rnd.nextInt(100);
      case 3 -> "a-" + rnd.nextInt(100) + ".b_c.ex.test.";
      default -> "x" + rnd.nextInt(10) + ".OTHER.example.";
    };
  }

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private static String time(Random rnd) {
    long s =
        switch (rnd.nextInt(6)) {
          case 0 -> 0;
          case 1 -> 0xffffffffL;
          case 2 -> 951_782_400L + rnd.nextInt(86400); // 2000-02-29
          default -> rnd.nextLong(0x1_0000_0000L);
        };
    return rnd.nextInt(4) == 0 ? Long.toString(s) : TIME.format(Instant.ofEpochSecond(s));
  }

  private static String algorithm(Random rnd) {
    int[] known = {
      DNSSEC.Algorithm.RSASHA1,
      DNSSEC.Algorithm.RSASHA256,
      DNSSEC.Algorithm.ECDSAP256SHA256,
      DNSSEC.Algorithm.ED25519
    };
    return switch (rnd.nextInt(4)) {
      case 0 -> DNSSEC.Algorithm.string(known[rnd.nextInt(known.length)]);
      case 1 -> DNSSEC.Algorithm.string(known[rnd.nextInt(known.length)]).toLowerCase(Locale.ROOT);
      default -> Integer.toString(rnd.nextInt(256));
    };
  }

  private static String type(Random rnd) {
    return switch (rnd.nextInt(8)) {
      case 0 -> "TYPE" + rnd.nextInt(65536);
      case 1 -> "type" + rnd.nextInt(300);
      case 2 -> "a";
      default -> {
        int[] common = {
          Type.A,
          Type.NS,
          Type.SOA,
          Type.MX,
          Type.TXT,
          Type.AAAA,
          Type.RRSIG,
          Type.NSEC,
          Type.DNSKEY,
          Type.NSEC3PARAM,
          Type.DS,
          Type.CAA,
          Type.HTTPS,
          Type.SVCB,
          Type.CDS
        };
        yield Type.string(common[rnd.nextInt(common.length)]);
      }
    };
  }

  private static String bitmap(Random rnd) {
    StringBuilder b = new StringBuilder();
    int n = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(12);
    for (int i = 0; i < n; i++) {
      b.append(' ').append(type(rnd));
    }
    return b.toString();
  }

  private static byte[] bytes(Random rnd, int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  /** Text split at random places into fields, now and then over lines in parentheses. */
  private static String split(Random rnd, String s) {
    if (rnd.nextInt(3) == 0) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    boolean paren = rnd.nextBoolean();
    if (paren) {
      b.append("( ");
    }
    int p = 0;
    while (p < s.length()) {
      int q = Math.min(s.length(), p + 1 + rnd.nextInt(40));
      b.append(s, p, q).append(paren && rnd.nextBoolean() ? "\n  " : " ");
      p = q;
    }
    if (paren) {
      b.append(')');
    }
    return b.toString();
  }

  private static String rrsig(Random rnd) {
    int sigLength = 1 + rnd.nextInt(rnd.nextBoolean() ? 100 : 520);
    return type(rnd)
        + " "
        + algorithm(rnd)
        + " "
        + rnd.nextInt(256)
        + " "
        + rnd.nextLong(0x8000_0000L)
        + " "
        + time(rnd)
        + " "
        + time(rnd)
        + " "
        + rnd.nextInt(65536)
        + " "
        + name(rnd)
        + " "
        + split(rnd, Base64.getEncoder().encodeToString(bytes(rnd, sigLength)));
  }

  private static String salt(Random rnd) {
    if (rnd.nextInt(4) == 0) {
      return "-";
    }
    String hex = HexFormat.of().formatHex(bytes(rnd, 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 255)));
    return rnd.nextBoolean() ? hex : hex.toUpperCase(Locale.ROOT);
  }

  private static String nsec3param(Random rnd) {
    return rnd.nextInt(256) + " " + rnd.nextInt(256) + " " + rnd.nextInt(65536) + " " + salt(rnd);
  }

  private static final String BASE32HEX = "0123456789abcdefghijklmnopqrstuv";

  private static String nsec3(Random rnd) {
    int[] lengths = {2, 4, 5, 7, 8};
    int chars = rnd.nextInt(3) == 0 ? 32 : 8 * rnd.nextInt(50) + lengths[rnd.nextInt(5)];
    StringBuilder next = new StringBuilder();
    for (int i = 0; i < chars; i++) {
      char c = BASE32HEX.charAt(rnd.nextInt(32));
      next.append(rnd.nextInt(3) == 0 ? Character.toUpperCase(c) : c);
    }
    return nsec3param(rnd) + " " + next + bitmap(rnd);
  }

  private static String dnskey(Random rnd) {
    int keyLength = 1 + rnd.nextInt(rnd.nextBoolean() ? 64 : 600);
    return rnd.nextInt(65536)
        + " "
        + rnd.nextInt(256)
        + " "
        + algorithm(rnd)
        + " "
        + split(rnd, Base64.getEncoder().encodeToString(bytes(rnd, keyLength)));
  }

  private static String ds(Random rnd) {
    int digestType = rnd.nextInt(6);
    int length =
        switch (digestType) {
          case DNSSEC.Digest.SHA1 -> 20;
          case DNSSEC.Digest.SHA256, DNSSEC.Digest.GOST3411 -> 32;
          case DNSSEC.Digest.SHA384 -> 48;
          default -> 1 + rnd.nextInt(100);
        };
    int expected = DNSSEC.Digest.algLength(digestType);
    if (expected >= 0) {
      length = expected;
    }
    String hex = HexFormat.of().formatHex(bytes(rnd, length));
    return rnd.nextInt(65536)
        + " "
        + rnd.nextInt(256)
        + " "
        + digestType
        + " "
        + split(rnd, rnd.nextBoolean() ? hex : hex.toUpperCase(Locale.ROOT));
  }

  // ---------------------------------------------------------------- corner cases

  @Test
  void takesTheseCornerCasesAsDnsjavaDoes() throws IOException {
    String sig =
        "mCfDDFFhga+BX7cjoL8R9H3NHpegff5tmZyPocDEJ+4+a5caHf6dO+VxjZOpwp5rVtSjWWlm1DQIBndaxl+feg==";
    String[] taken = {
      "RRSIG A ECDSAP256SHA256 2 3600 20280106045433 20261201045433 47927 ex.test. " + sig,
      "RRSIG aaaa rsasha256 2 3600 20280106045433 20261201045433 47927 ex.test. " + sig,
      "RRSIG TYPE1234 253 0 0 0 4294967295 0 . " + sig,
      "RRSIG NSEC3 13 3 2147483647 20240229235959 19700101000000 65535 @ " + sig,
      "RRSIG A 13 3 300 21060207062815 1700000000 1 sub " + sig,
      "RRSIG A 13 3 300 0000000001 0001 1 sub " + sig, // seconds with leading zeros
      "RRSIG A 13 3 300 20280106045433 20261201045433 1 sub AAAA AAAA AA= =",
      "RRSIG A 013 003 0300 20280106045433 20261201045433 00001 sub AAAA", // leading zeros
      "RRSIG A 13 3 300 20280106045433 20261201045433 1 sub ( AAAA\n  BBBB )",
      "NSEC next",
      "NSEC next.other. A",
      "NSEC @ TYPE0 A",
      "NSEC a.b.c. RRSIG A A NSEC ns TYPE65535 TYPE256 TYPE257 TYPE511 TYPE512 type1234 CAA",
      "NSEC3 1 0 0 - 0123456789ABCDEFGHIJKLMNOPQRSTUV",
      "NSEC3 1 1 65535 AABBCCDD 0123456789abcdefghijklmnopqrstuv A NS SOA",
      "NSEC3 255 255 12 00 00 DS A",
      "NSEC3 1 0 0 - 0000 RRSIG",
      "NSEC3 1 0 0 - 00000 RRSIG",
      "NSEC3 1 0 0 - 0000000 RRSIG",
      "NSEC3 1 0 0 - vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv",
      "NSEC3 1 0 0 - 00000000000000000000000000000001 A",
      "NSEC3PARAM 1 0 0 -",
      "NSEC3PARAM 1 0 10 aAbBcCdD",
      "DNSKEY 257 3 ED25519 AwEAAcAA " + sig,
      "DNSKEY 256 3 253 AAAA",
      "CDNSKEY 0 3 0 AA==",
      "DS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118",
      "DS 60485 5 1 2BB183AF5F225 88179A53B0A98631FAD1A292118",
      "DS 60485 5 1 2BB183AF5F2258 8179A53B0A98631FAD1A29211 8",
      "DS 1 13 2 d06fd996c1f059408995dfa5911d4a9b546a6a2d6e08e3be6ea9d7790d0ab98b",
      "DS 1 13 99 ab",
      "DS 1 13 0 abcdef",
      "CDS 0 0 0 00",
    };
    String[] left = {
      // RRSIG: TTL units and clamping, times dnsjava adjusts or rejects, odd base64, quotes and
      // escapes, numbers out of range, no signature
      "RRSIG A 13 2 1h 20280106045433 20261201045433 47927 ex.test. " + sig,
      "RRSIG A 13 2 4294967295 20280106045433 20261201045433 47927 ex.test. " + sig,
      "RRSIG A 13 2 3600 20240230000000 20261201045433 47927 ex.test. " + sig,
      "RRSIG A 13 2 3600 20240431000000 20261201045433 47927 ex.test. " + sig,
      "RRSIG A 13 2 3600 20241301000000 20261201045433 47927 ex.test. " + sig,
      "RRSIG A 13 2 3600 20240101240000 20261201045433 47927 ex.test. " + sig,
      "RRSIG A 13 2 3600 20240101236000 20261201045433 47927 ex.test. " + sig,
      "RRSIG A 13 2 3600 20240101235960 20261201045433 47927 ex.test. " + sig,
      "RRSIG A 13 2 3600 21060207062816 20261201045433 47927 ex.test. " + sig,
      "RRSIG A 13 2 3600 19691231235959 20261201045433 47927 ex.test. " + sig,
      "RRSIG A 13 2 3600 202801060454 20261201045433 47927 ex.test. " + sig,
      "RRSIG A 13 2 3600 20280106045433 4294967296 47927 ex.test. " + sig,
      "RRSIG A 13 2 3600 20280106045433 +1 47927 ex.test. " + sig,
      "RRSIG A 13 2 3600 2028010604543X 20261201045433 47927 ex.test. " + sig,
      "RRSIG A 13 2 3600 20280106045433 20261201045433 47927 ex.test. AB==",
      "RRSIG A 13 2 3600 20280106045433 20261201045433 47927 ex.test. ABC=",
      "RRSIG A 13 2 3600 20280106045433 20261201045433 47927 ex.test. AAA",
      "RRSIG A 13 2 3600 20280106045433 20261201045433 47927 ex.test. A===",
      "RRSIG A 13 2 3600 20280106045433 20261201045433 47927 ex.test. AAAA====",
      "RRSIG A 13 2 3600 20280106045433 20261201045433 47927 ex.test. AA== AAAA",
      "RRSIG A 13 3 300 20280106045433 20261201045433 1 sub AA== AAA= AAAA", // dnsjava takes it
      "RRSIG A 13 2 3600 20280106045433 20261201045433 47927 ex.test. AA*A",
      "RRSIG A 13 2 3600 20280106045433 20261201045433 47927 ex.test. AA-_",
      "RRSIG A 13 2 3600 20280106045433 20261201045433 47927 ex.test. \"AAAA\"",
      "RRSIG A 13 2 3600 20280106045433 20261201045433 47927 ex.test.",
      "RRSIG A 13 2 3600 20280106045433 20261201045433 47927 a\\.b " + sig,
      "RRSIG A 13 2 3600 20280106045433 20261201045433 47927 \"ex.test.\" " + sig,
      "RRSIG A 13 2 3600 \"20280106045433\" 20261201045433 47927 ex.test. " + sig,
      "RRSIG \"A\" 13 2 3600 20280106045433 20261201045433 47927 ex.test. " + sig,
      "RRSIG NOSUCH 13 2 3600 20280106045433 20261201045433 47927 ex.test. " + sig,
      "RRSIG 1 13 2 3600 20280106045433 20261201045433 47927 ex.test. " + sig,
      "RRSIG A 256 2 3600 20280106045433 20261201045433 47927 ex.test. " + sig,
      "RRSIG A NOSUCHALG 2 3600 20280106045433 20261201045433 47927 ex.test. " + sig,
      "RRSIG A 13 256 3600 20280106045433 20261201045433 47927 ex.test. " + sig,
      "RRSIG A 13 2 3600 20280106045433 20261201045433 65536 ex.test. " + sig,
      "RRSIG A 13 2 3600 20280106045433 20261201045433 47927 a..b " + sig,
      "RRSIG \\# 4 00010203",
      // NSEC
      "NSEC next A NOSUCH",
      "NSEC next A 1",
      "NSEC next A \"NS\"",
      "NSEC next A TYPE65536",
      "NSEC next\\.x A",
      "NSEC \\# 3 000001",
      // NSEC3: base32hex and salt that are not whole, too long, or not base32hex; quoted "-"
      "NSEC3 1 0 0 - 0 A",
      "NSEC3 1 0 0 - 000 A",
      "NSEC3 1 0 0 - 000000 A",
      "NSEC3 1 0 0 - 000000000 A",
      "NSEC3 1 0 0 - 0000000w A",
      "NSEC3 1 0 0 - 0000000= A",
      "NSEC3 1 0 0 - 00000000= A",
      "NSEC3 1 0 0 - " + "0".repeat(416) + " A",
      "NSEC3 1 0 0 abc 00000000 A",
      "NSEC3 1 0 0 0x 00000000 A",
      "NSEC3 1 0 0 \"-\" 00000000 A",
      "NSEC3 1 0 0 \"ab\" 00000000 A",
      "NSEC3 1 0 0 " + "ab".repeat(256) + " 00000000 A",
      "NSEC3 1 0 0 - \"00000000\" A",
      "NSEC3 256 0 0 - 00000000 A",
      "NSEC3 1 0 65536 - 00000000 A",
      "NSEC3 1 0 0 - 00000000 A NOSUCH",
      "NSEC3PARAM 1 0 0 - extra",
      "NSEC3PARAM 1 0 0 abc",
      "NSEC3PARAM 1 0 0 \"-\"",
      // DNSKEY: no key, numbers out of range, odd base64
      "DNSKEY 257 3 13",
      "DNSKEY 65536 3 13 AAAA",
      "DNSKEY 257 256 13 AAAA",
      "DNSKEY 257 3 NOSUCH AAAA",
      "DNSKEY 257 3 13 AB==",
      "DNSKEY 257 3 13 \"AAAA\"",
      "DNSKEY \\# 4 01010303",
      // DS: digests of the wrong length, odd or not hex, a mnemonic where dnsjava takes a number
      "DS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A2921",
      "DS 60485 5 2 2BB183AF5F22588179A53B0A98631FAD1A292118",
      "DS 1 13 99 a",
      "DS 1 13 99 abc",
      "DS 1 13 99 ab cde",
      "DS 1 13 99 0xab",
      "DS 1 13 99 \"ab\"",
      "DS 1 13 99",
      "DS 1 ECDSAP256SHA256 99 ab",
      "DS 65536 13 99 ab",
      "CDS 1 13 256 ab",
    };
    StringBuilder zone = new StringBuilder("$ORIGIN ex.test.\n$TTL 300\n@ SOA a b 1 2 3 4 5\n");
    for (String t : taken) {
      List<Case> cs = cases("x 300 IN " + t + "\n");
      assertThat(cs).as(t).hasSize(1);
      assertFastAndSame(cs.get(0));
      zone.append("x ").append(t).append('\n');
    }
    assertThat(Files.writeString(dir.resolve("taken.zone"), zone, ISO_8859_1)).exists();
    ZoneFileFastPathTest.assertSameAsDnsjava(dir.resolve("taken.zone"), Name.root);
    for (String t : left) {
      List<Case> cs = cases("x 300 IN " + t + "\n");
      assertThat(cs).as(t).hasSize(1);
      assertThat(cs.get(0).fast).as("left to dnsjava: %s", t).isNull();
      // and the reader as a whole reads (or rejects) it as dnsjava does
      Path f = dir.resolve("left.zone");
      Files.writeString(
          f, "$ORIGIN ex.test.\n$TTL 300\n@ SOA a b 1 2 3 4 5\nx " + t + "\n", ISO_8859_1);
      ZoneFileFastPathTest.assertSameAsDnsjava(f, Name.root);
    }
  }

  @Test
  void readsRrsigTimesAsDnsjavaDoesForEveryDayOfTheRange() {
    Tokens tk = new Tokens();
    // every day from 1970 to 2106 at a varying time of day, and the last second of the range
    for (long s = 0; s <= 0xffffffffL; s += 86_400L + 3_607L) {
      String text = TIME.format(Instant.ofEpochSecond(s));
      byte[] b = text.getBytes(ISO_8859_1);
      tk.split(b, b.length);
      assertThat(FastRdata.time(tk, 0)).as(text).isEqualTo(s);
    }
    byte[] last = "21060207062815".getBytes(ISO_8859_1);
    tk.split(last, last.length);
    assertThat(FastRdata.time(tk, 0)).isEqualTo(0xffffffffL);
  }

  // ---------------------------------------------------------------- helpers

  private static void assertFastAndSame(Case c) {
    assertThat(c.dnsjava).as("dnsjava reads %s", c).isNotNull();
    assertThat(c.fast).as("the fast path takes %s", c).isNotNull();
    assertThat(HexFormat.of().formatHex(c.fast))
        .as("%s", c)
        .isEqualTo(HexFormat.of().formatHex(c.dnsjava));
  }

  private static List<Case> cases(String zone) throws IOException {
    return cases(new ByteArrayInputStream(zone.getBytes(ISO_8859_1)), Integer.MAX_VALUE);
  }

  /**
   * The records of the DNSSEC types among the first {@code max} logical records of a zone text,
   * split as the reader splits them, each read by the fast path and by dnsjava's parser. Every
   * fast-path answer must be dnsjava's.
   */
  private static List<Case> cases(InputStream in, int max) throws IOException {
    LogicalRecords records = new LogicalRecords(in);
    Tokens tk = new Tokens();
    byte[] out = new byte[65535];
    byte[] origin = ORIGIN.toWire();
    Name owner = Name.fromConstantString("x.ex.test.");
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < max && records.next(); i++) {
      tk.split(records.buffer(), records.length());
      if (tk.count == 0 || (!tk.startsBlank && tk.byteAt(0, 0) == '$')) {
        continue;
      }
      int t = tk.startsBlank ? 0 : 1;
      while (t < tk.count && (tk.startsWithDigit(t) || tk.isClassIn(t))) {
        t++;
      }
      int type = tk.type(t);
      if (Arrays.stream(DNSSEC_TYPES).noneMatch(x -> x == type)) {
        continue;
      }
      int n = FastRdata.encode(type, tk, t + 1, origin, out);
      byte[] fast = n < 0 ? null : Arrays.copyOf(out, n);
      String rdata = tk.rest(t + 1);
      byte[] expected;
      try {
        expected = RecordWire.rdata(Record.fromString(owner, type, DClass.IN, 300, rdata, ORIGIN));
      } catch (IOException | RuntimeException e) {
        expected = null;
      }
      Case c = new Case(rdata, type, fast, expected);
      if (fast != null) {
        assertThat(expected).as("dnsjava rejects what the fast path took: %s", c).isNotNull();
        assertThat(HexFormat.of().formatHex(fast))
            .as("%s", c)
            .isEqualTo(HexFormat.of().formatHex(expected));
      }
      cases.add(c);
    }
    return cases;
  }
}
