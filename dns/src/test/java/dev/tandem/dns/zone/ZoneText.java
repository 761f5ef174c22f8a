package dev.tandem.dns.zone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Random;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Zones and records written as zone-file text, for tests: a zone is loaded the way the server loads
 * one (through {@link ZoneLoader}), so the tests exercise the parser and validator too.
 */
public final class ZoneText {
  private ZoneText() {}

  /** The first five lines of a valid example.com zone; a test's own lines start at line 6. */
  public static final String EXAMPLE_HEAD =
      """
      $ORIGIN example.com.
      $TTL 300
      @        SOA  ns1 hostmaster 1 7200 3600 1209600 300
      @        NS   ns1
      ns1      A    192.0.2.53
      """;

  /** Writes {@code text} to {@code dir/relative}, creating directories; returns the file. */
  public static Path write(Path dir, String relative, String text) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(Objects.requireNonNull(file.getParent()));
    Files.writeString(file, text);
    return file;
  }

  /** Loads {@code text} as the zone {@code origin}; fails the test if the load reports an error. */
  public static ZoneSnapshot zone(String origin, String text) {
    ZoneLoader.Result result = load(origin, text);
    if (!result.ok()) {
      throw new AssertionError("the test zone did not load: " + result.problems());
    }
    return Objects.requireNonNull(result.zone());
  }

  /** Loads {@code text} as the zone {@code origin} from a temporary file. */
  public static ZoneLoader.Result load(String origin, String text) {
    try {
      Path file = Files.createTempFile("tandem-test", ".zone");
      try {
        Files.writeString(file, text);
        return ZoneLoader.load(name(origin), file);
      } finally {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An absolute name. */
  public static Name name(String text) {
    try {
      return Name.fromString(text, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** One IN record from {@code "owner ttl TYPE rdata..."}, the owner absolute. */
  public static Record record(String line) {
    String[] f = line.trim().split("\\s+", 4);
    try {
      return Record.fromString(
          name(f[0]),
          Type.value(f[2], true),
          DClass.IN,
          Long.parseLong(f[1]),
          f.length > 3 ? f[3] : "",
          Name.root);
    } catch (IOException e) {
      throw new IllegalArgumentException(line, e);
    }
  }

  /**
   * Bytes that make canonical order interesting: 0x00 and 0x01 (which an order keyed on escaped
   * labels must handle), letters of both cases, '*', '-', digits, and bytes above 0x7f.
   */
  private static final byte[] LABEL_BYTES = {
    0, 1, 2, '*', '-', '0', '9', 'A', 'Z', '_', 'a', 'b', 'z', 0x7f, (byte) 0x80, (byte) 0xff
  };

  /** A random name of one to four short labels below {@code origin}. */
  public static Name randomName(Random random, Name origin) {
    int labels = 1 + random.nextInt(4);
    byte[] suffix = origin.toWire();
    byte[] wire = new byte[labels * 4 + suffix.length];
    int p = 0;
    for (int i = 0; i < labels; i++) {
      int len = 1 + random.nextInt(3);
      wire[p++] = (byte) len;
      for (int j = 0; j < len; j++) {
        wire[p++] = LABEL_BYTES[random.nextInt(LABEL_BYTES.length)];
      }
    }
    System.arraycopy(suffix, 0, wire, p, suffix.length);
    try {
      return new Name(java.util.Arrays.copyOf(wire, p + suffix.length));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A record as {@code "owner ttl TYPE rdata"}, the form the tests compare. */
  public static String text(Record r) {
    return r.getName()
        + " "
        + r.getTTL()
        + " "
        + Type.string(r.getType())
        + " "
        + r.rdataToString();
  }
}
