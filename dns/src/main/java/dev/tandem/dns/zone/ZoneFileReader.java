package dev.tandem.dns.zone;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Generator;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TTL;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Tokenizer;
import org.xbill.DNS.Type;

/**
 * Reads an RFC 1035 zone file (section 5) and hands each record to a {@link Sink} in wire form,
 * with the file and line it came from.
 *
 * <p><b>Why not just dnsjava's {@code Master}.</b> Two reasons. A user needs file and line for
 * every problem, including the ones found after parsing, and {@code Master} gives neither for the
 * records it returns. And loading a million-record zone spent most of its time in dnsjava's
 * tokenizer (a {@code String} per token, a {@code Name} and a {@code Record} object per record, an
 * exception per record without a TTL field): two thirds of the load in the profile.
 *
 * <p><b>What this does.</b> It splits the file into logical records itself (comments, quotes,
 * parentheses across lines, backslash escapes), handles the directives ({@code $ORIGIN}, {@code
 * $TTL}, {@code $INCLUDE}; {@code $GENERATE} through dnsjava's {@code Generator}) and the owner,
 * TTL and class defaults, and turns the most common record forms straight into wire form: A, AAAA,
 * NS, CNAME, PTR, DNAME, MX, SRV, TXT, SOA and the DNSSEC types (RRSIG, NSEC, NSEC3, NSEC3PARAM,
 * DNSKEY, DS and their CDS/CDNSKEY twins) written plainly. Every other record, and any of those
 * written in a way the fast path does not take (escapes, TTL units in SOA fields, odd address
 * forms), goes to dnsjava's {@link Record#fromString}, which also reads RFC 3597 {@code \#} rdata
 * and produces the error message when the text is wrong. A test checks that both paths read
 * thousands of zone files to the same records.
 *
 * <p><b>Errors.</b> A record or directive that does not parse is reported to the sink with its line
 * ({@link Sink#error}), and reading goes on with the next one, so that one pass reports every error
 * in a file, as kzonecheck does; the sink says when to stop. What the sink throws (a limit reached)
 * stops the reading at once, included files and all.
 */
final class ZoneFileReader {
  /** Receives the records of a zone file in order. */
  interface Sink {
    /**
     * @param owner the absolute owner name in wire form, as written (case kept), at {@code [0,
     *     ownerLength)}
     * @param rdata uncompressed rdata at {@code [rdOff, rdOff + rdLen)}
     */
    void record(
        Path file,
        int line,
        byte[] owner,
        int ownerLength,
        int type,
        int dclass,
        long ttl,
        byte[] rdata,
        int rdOff,
        int rdLen)
        throws ZoneFileException;

    /**
     * {@code records} records are about to come from one directive ({@code $GENERATE}): throw to
     * refuse them before they are made.
     */
    default void reserve(Path file, int line, long records) throws ZoneFileException {}

    /**
     * A record or directive at {@code e.line()} did not parse and is skipped: whether to go on
     * reading (by default no: the reading fails with {@code e}).
     */
    default boolean error(ZoneFileException e) {
      return false;
    }

    /** Something suspicious that does not stop the zone from loading. */
    default void warning(Path file, int line, String message) {}
  }

  /**
   * Carries what a sink threw out of the nested readers of {@code $INCLUDE}d files, which would
   * otherwise take it for an error of the {@code $INCLUDE} line and go on.
   */
  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final ZoneFileException cause;

    Stop(ZoneFileException cause) {
      super(cause.getMessage(), null, false, false);
      this.cause = cause;
    }
  }

  private static final int MAX_INCLUDE_DEPTH = 16;
  private static final Pattern LOCATED = Pattern.compile("^.*?:(\\d+): (.*)$", Pattern.DOTALL);
  private static final byte[] NO_OWNER = new byte[0];

  private final Path file;
  private final Name zone;
  private final Sink sink;
  private final boolean allowIncludes;
  private final int depth;

  private Name origin;
  private byte[] originWire;
  private long defaultTtl;
  private byte[] lastOwner = NO_OWNER;
  private int lastOwnerLength;
  private long lastTtl = -1;

  private final LogicalRecords lines;
  private final Tokens tokens = new Tokens();
  private final byte[] owner = new byte[256];
  private final byte[] rdata = new byte[65535];

  private ZoneFileReader(
      Path file,
      InputStream in,
      Name zone,
      Name origin,
      long defaultTtl,
      int depth,
      boolean allowIncludes,
      Sink sink) {
    this.file = file;
    this.zone = zone;
    this.lines = new LogicalRecords(in);
    this.origin = origin;
    this.originWire = origin.toWire();
    this.defaultTtl = defaultTtl;
    this.depth = depth;
    this.allowIncludes = allowIncludes;
    this.sink = sink;
  }

  /**
   * Reads {@code file}, the zone {@code origin}, to the end, following {@code $INCLUDE}s when
   * allowed.
   *
   * @throws ZoneFileException when the file cannot be read, at a syntax error the sink does not
   *     take ({@link Sink#error}), or with what the sink threw; naming file and line
   */
  static void read(Path file, Name origin, boolean allowIncludes, Sink sink)
      throws ZoneFileException {
    try {
      read(file, origin, origin, -1, 0, allowIncludes, sink, file, 0);
    } catch (Stop s) {
      throw s.cause;
    }
  }

  private static void read(
      Path file,
      Name zone,
      Name origin,
      long ttl,
      int depth,
      boolean allowIncludes,
      Sink sink,
      Path from,
      int fromLine)
      throws ZoneFileException {
    InputStream in;
    try {
      in = Files.newInputStream(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new ZoneFileException(from, fromLine, "cannot read " + file + ": no such file");
    } catch (java.nio.file.AccessDeniedException e) {
      throw new ZoneFileException(from, fromLine, "cannot read " + file + ": permission denied");
    } catch (IOException e) {
      throw new ZoneFileException(from, fromLine, "cannot read " + file + ": " + e.getMessage());
    }
    try (in) {
      new ZoneFileReader(file, in, zone, origin, ttl, depth, allowIncludes, sink).readAll();
    } catch (IOException e) {
      throw new ZoneFileException(file, 0, "cannot read " + file + ": " + e.getMessage());
    }
  }

  private void readAll() throws ZoneFileException, IOException {
    while (lines.next()) {
      int line = lines.line();
      String problem = lines.problem();
      ZoneFileException error;
      try {
        if (problem != null) {
          throw new ZoneFileException(file, line, problem);
        }
        tokens.split(lines.buffer(), lines.length());
        if (tokens.count == 0) {
          continue;
        }
        if (!tokens.startsBlank && tokens.byteAt(0, 0) == '$') {
          directive(line);
        } else {
          record(line);
        }
        continue;
      } catch (ZoneFileException e) {
        error = e;
      } catch (TextParseException e) {
        error = located(line, e.getMessage());
      } catch (Stop s) {
        throw s;
      } catch (IOException | RuntimeException e) {
        // dnsjava rejects some values with unchecked exceptions (TTL ranges, relative names).
        error = new ZoneFileException(file, line, String.valueOf(e.getMessage()));
      }
      if (!sink.error(error)) {
        throw new Stop(error);
      }
    }
  }

  // ---------------------------------------------------------------- directives

  private void directive(int line) throws IOException, ZoneFileException {
    String d = tokens.text(0);
    if (d.equalsIgnoreCase("$ORIGIN")) {
      requireArgs(line, d, 1, 1);
      origin = Name.fromString(tokens.text(1), Name.root);
      originWire = origin.toWire();
      if (!origin.subdomain(zone)) {
        sink.warning(
            file,
            line,
            "$ORIGIN "
                + origin
                + " is not within the zone "
                + zone
                + ": the names relative to it that follow are out of the zone and ignored");
      }
    } else if (d.equalsIgnoreCase("$TTL")) {
      requireArgs(line, d, 1, 1);
      defaultTtl = TTL.parseTTL(tokens.text(1));
    } else if (d.equalsIgnoreCase("$INCLUDE")) {
      requireArgs(line, d, 1, 2);
      if (!allowIncludes) {
        throw new ZoneFileException(file, line, "$INCLUDE is not allowed here");
      }
      if (depth + 1 > MAX_INCLUDE_DEPTH) {
        throw new ZoneFileException(
            file, line, "$INCLUDE nested more than " + MAX_INCLUDE_DEPTH + " deep (a loop?)");
      }
      String target = tokens.text(1);
      Path path = Path.of(target);
      if (!path.isAbsolute()) {
        Path dir = file.toAbsolutePath().getParent();
        path = dir == null ? path : dir.resolve(target);
      }
      Name includeOrigin = tokens.count > 2 ? Name.fromString(tokens.text(2), Name.root) : origin;
      read(path, zone, includeOrigin, defaultTtl, depth + 1, allowIncludes, sink, file, line);
    } else if (d.equalsIgnoreCase("$GENERATE")) {
      generate(line);
    } else {
      throw new ZoneFileException(file, line, "unknown directive " + d);
    }
  }

  private void requireArgs(int line, String directive, int min, int max) throws ZoneFileException {
    int args = tokens.count - 1;
    if (args < min || args > max) {
      throw new ZoneFileException(
          file,
          line,
          directive
              + " takes "
              + (min == max ? min : min + " or " + max)
              + " arguments, not "
              + args);
    }
  }

  /** {@code $GENERATE start-end[/step] lhs [ttl] [class] type rhs} (BIND's form). */
  private void generate(int line) throws IOException, ZoneFileException {
    Tokenizer st = new Tokenizer(tokens.rest(1));
    String range = st.getIdentifier();
    int dash = range.indexOf('-');
    if (dash < 0) {
      throw new ZoneFileException(file, line, "$GENERATE range must be start-end[/step]: " + range);
    }
    String endText = range.substring(dash + 1);
    String stepText = "1";
    int slash = endText.indexOf('/');
    if (slash >= 0) {
      stepText = endText.substring(slash + 1);
      endText = endText.substring(0, slash);
    }
    long start = parseUInt32(range.substring(0, dash));
    long end = parseUInt32(endText);
    long step = parseUInt32(stepText);
    if (start < 0 || end < 0 || start > end || step <= 0) {
      throw new ZoneFileException(file, line, "$GENERATE range must be start-end[/step]: " + range);
    }
    String nameSpec = st.getIdentifier();
    String s = st.getString();
    long ttl = startsWithDigit(s) ? parseTtl(s) : -1;
    if (ttl >= 0) {
      s = st.getString();
    }
    int dclass = DClass.value(s);
    if (dclass >= 0) {
      s = st.getString();
    } else {
      dclass = DClass.IN;
    }
    if (ttl < 0 && startsWithDigit(s)) {
      ttl = parseTtl(s);
      s = st.getString();
    }
    if (ttl < 0) {
      ttl = defaultTtl >= 0 ? defaultTtl : lastTtl;
    }
    if (ttl < 0) {
      throw new ZoneFileException(
          file, line, "no TTL given and no $TTL or earlier record to take it from");
    }
    int type = Type.value(s);
    if (type < 0) {
      throw new ZoneFileException(file, line, "unknown record type '" + s + "'");
    }
    if (!Generator.supportedType(type)) {
      throw new ZoneFileException(
          file, line, "$GENERATE does not support " + Type.string(type) + " records");
    }
    String rdataSpec = st.getIdentifier();
    // Refused before a record is made: 150 bytes of $GENERATE can ask for a hundred million.
    try {
      sink.reserve(file, line, (end - start) / step + 1);
    } catch (ZoneFileException e) {
      throw new Stop(e);
    }
    Generator g = new Generator(start, end, step, nameSpec, type, dclass, ttl, rdataSpec, origin);
    for (Record r = g.nextRecord(); r != null; r = g.nextRecord()) {
      emit(line, r);
    }
  }

  // ---------------------------------------------------------------- records

  private void record(int line) throws IOException, ZoneFileException {
    int t = 0;
    int ownerLength;
    if (tokens.startsBlank) {
      if (lastOwnerLength == 0) {
        throw new ZoneFileException(file, line, "the first record has no owner name");
      }
      System.arraycopy(lastOwner, 0, owner, 0, lastOwnerLength);
      ownerLength = lastOwnerLength;
    } else {
      ownerLength = ownerName(t++, line);
    }
    // Any of: [ttl] [class] type | [class] [ttl] type
    long ttl = -1;
    int dclass = -1;
    while (t < tokens.count) {
      if (ttl < 0 && tokens.startsWithDigit(t)) {
        ttl = tokens.isDecimal(t) ? tokens.decimal(t) : TTL.parseTTL(tokens.text(t));
        t++;
      } else if (dclass < 0 && tokens.isClassIn(t)) {
        dclass = DClass.IN;
        t++;
      } else if (tokens.type(t) >= 0) {
        break;
      } else if (dclass < 0 && DClass.value(tokens.text(t)) >= 0) {
        dclass = DClass.value(tokens.text(t));
        t++;
      } else {
        break;
      }
    }
    if (t >= tokens.count) {
      throw new ZoneFileException(file, line, "no record type");
    }
    int type = tokens.type(t++);
    if (type < 0) {
      throw new ZoneFileException(file, line, "unknown record type '" + tokens.text(t - 1) + "'");
    }
    if (dclass < 0) {
      dclass = DClass.IN;
    }
    boolean soaWithoutTtl = false;
    if (ttl < 0) {
      ttl = defaultTtl >= 0 ? defaultTtl : lastTtl;
    }
    if (ttl < 0) {
      if (type != Type.SOA) {
        throw new ZoneFileException(
            file, line, "no TTL given and no $TTL or earlier record to take it from");
      }
      soaWithoutTtl = true; // RFC 1035: the SOA's MINIMUM, as BIND and dnsjava do
      ttl = 0;
    }
    int rdLen = FastRdata.encode(type, tokens, t, originWire, rdata);
    if (rdLen >= 0 && soaWithoutTtl) {
      ttl = EncodedNode.u32(rdata, rdLen - 4) & 0xffffffffL;
      defaultTtl = ttl;
    }
    if (rdLen >= 0) {
      accept(line, ownerLength, type, dclass, ttl, rdata, 0, rdLen);
      return;
    }
    // Everything else: dnsjava parses the rdata (and reports what is wrong with it).
    Name ownerName = new Name(java.util.Arrays.copyOf(owner, ownerLength));
    Record r;
    try {
      r = Record.fromString(ownerName, type, dclass, ttl, tokens.rest(t), origin);
    } catch (TextParseException e) {
      throw located(line, e.getMessage());
    }
    if (soaWithoutTtl && r instanceof SOARecord soa) {
      defaultTtl = soa.getMinimum();
      r = Record.fromString(ownerName, type, dclass, soa.getMinimum(), r.rdataToString(), origin);
    }
    emit(line, r);
  }

  /** Parses the owner token {@code t} into {@link #owner}; returns its length. */
  private int ownerName(int t, int line) throws TextParseException, ZoneFileException {
    int n = FastRdata.name(tokens, t, originWire, owner, 0);
    if (n < 0) {
      byte[] w = Name.fromString(tokens.text(t), origin).toWire();
      System.arraycopy(w, 0, owner, 0, w.length);
      n = w.length;
    }
    return n;
  }

  private void emit(int line, Record r) throws ZoneFileException {
    byte[] name = r.getName().toWire();
    System.arraycopy(name, 0, owner, 0, name.length);
    byte[] rd = RecordWire.rdata(r);
    accept(line, name.length, r.getType(), r.getDClass(), r.getTTL(), rd, 0, rd.length);
  }

  private void accept(
      int line, int ownerLength, int type, int dclass, long ttl, byte[] rd, int rdOff, int rdLen)
      throws ZoneFileException {
    if (lastOwner.length < ownerLength) {
      lastOwner = new byte[256];
    }
    System.arraycopy(owner, 0, lastOwner, 0, ownerLength);
    lastOwnerLength = ownerLength;
    lastTtl = ttl;
    try {
      sink.record(file, line, owner, ownerLength, type, dclass, ttl, rd, rdOff, rdLen);
    } catch (ZoneFileException e) {
      throw new Stop(e);
    }
  }

  private ZoneFileException located(int line, @Nullable String message) {
    // dnsjava's messages carry "<source>:LINE: " for the text it was given (one record here).
    Matcher m = LOCATED.matcher(String.valueOf(message));
    if (m.matches()) {
      return new ZoneFileException(file, line + Integer.parseInt(m.group(1)) - 1, m.group(2));
    }
    return new ZoneFileException(file, line, String.valueOf(message));
  }

  private static long parseUInt32(String s) {
    try {
      long v = Long.parseLong(s);
      return v >= 0 && v <= 0xffffffffL ? v : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static long parseTtl(String s) {
    try {
      return TTL.parseTTL(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean startsWithDigit(String s) {
    return !s.isEmpty() && s.charAt(0) >= '0' && s.charAt(0) <= '9';
  }

  static String ascii(byte[] b, int off, int len) {
    return new String(b, off, len, StandardCharsets.ISO_8859_1);
  }
}
