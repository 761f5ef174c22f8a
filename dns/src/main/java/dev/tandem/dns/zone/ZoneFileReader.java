package dev.tandem.dns.zone;

import java.io.IOException;
import java.io.InputStream;
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
 * Reads an RFC 1035 zone file record by record: the directives ({@code $ORIGIN}, {@code $TTL},
 * {@code $INCLUDE}, {@code $GENERATE}) and the owner/TTL/class defaulting are handled here, and
 * every record is parsed by dnsjava ({@link Record#fromString}, which also reads RFC 3597 {@code
 * \#} rdata).
 *
 * <p>This loop mirrors dnsjava's {@code Master} rather than using it because a user needs file and
 * line for every problem, and {@code Master} reports neither for a record it returned nor the file
 * an {@code $INCLUDE}d record came from. Knowing the line of each record costs time (dnsjava
 * exposes the line only through an exception message), so it is only tracked on request: loading
 * reads without it, and a second pass with it runs only when there is something to report.
 */
final class ZoneFileReader implements AutoCloseable {
  private static final int MAX_INCLUDE_DEPTH = 16;
  private static final Pattern LOCATED = Pattern.compile("^.*?:(\\d+): (.*)$", Pattern.DOTALL);

  private final Path file;
  private final Tokenizer st;
  private final boolean trackLines;
  private final boolean allowIncludes;
  private final int depth;
  private Name origin;
  private long defaultTtl;
  private @Nullable Record last;
  private @Nullable ZoneFileReader included;
  private @Nullable Generator generator;

  private Path recordFile;
  private int recordLine;

  private ZoneFileReader(
      Path file,
      InputStream in,
      Name origin,
      long defaultTtl,
      int depth,
      boolean trackLines,
      boolean allowIncludes) {
    this.file = file;
    this.st = new Tokenizer(in);
    this.origin = origin;
    this.defaultTtl = defaultTtl;
    this.depth = depth;
    this.trackLines = trackLines;
    this.allowIncludes = allowIncludes;
    this.recordFile = file;
  }

  /**
   * Opens a zone file.
   *
   * @throws ZoneFileException if the file cannot be read
   */
  static ZoneFileReader open(Path file, Name origin, boolean trackLines, boolean allowIncludes)
      throws ZoneFileException {
    return open(file, origin, -1, 0, trackLines, allowIncludes, file, 0);
  }

  private static ZoneFileReader open(
      Path file,
      Name origin,
      long ttl,
      int depth,
      boolean trackLines,
      boolean allowIncludes,
      Path from,
      int fromLine)
      throws ZoneFileException {
    try {
      InputStream in = new UnsynchronizedInput(Files.newInputStream(file));
      return new ZoneFileReader(file, in, origin, ttl, depth, trackLines, allowIncludes);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new ZoneFileException(from, fromLine, "cannot read " + file + ": no such file");
    } catch (java.nio.file.AccessDeniedException e) {
      throw new ZoneFileException(from, fromLine, "cannot read " + file + ": permission denied");
    } catch (IOException e) {
      throw new ZoneFileException(from, fromLine, "cannot read " + file + ": " + e.getMessage());
    }
  }

  /** The file the last returned record came from. */
  Path recordFile() {
    return recordFile;
  }

  /** The line the last returned record started on (0 unless lines are tracked). */
  int recordLine() {
    return recordLine;
  }

  /**
   * Returns the next record, or null at the end.
   *
   * @throws ZoneFileException for a syntax error or an unreadable file, naming file and line
   */
  @Nullable Record next() throws ZoneFileException {
    try {
      return nextRecord();
    } catch (ZoneFileException e) {
      throw e;
    } catch (TextParseException e) {
      throw located(e.getMessage());
    } catch (IOException e) {
      throw new ZoneFileException(file, currentLine(), "cannot read " + file + ": " + e);
    } catch (RuntimeException e) {
      // dnsjava's record constructors reject some values with unchecked exceptions
      // (out-of-range TTLs, relative names, bad type numbers).
      throw new ZoneFileException(file, currentLine(), String.valueOf(e.getMessage()));
    }
  }

  private @Nullable Record nextRecord() throws IOException, ZoneFileException {
    ZoneFileReader inc = included;
    if (inc != null) {
      Record r = inc.next();
      if (r != null) {
        recordFile = inc.recordFile;
        recordLine = inc.recordLine;
        return r;
      }
      inc.close();
      included = null;
    }
    Generator gen = generator;
    if (gen != null) {
      Record r = gen.nextRecord();
      if (r != null) {
        return r;
      }
      generator = null;
      st.getEOL();
    }
    recordFile = file;
    while (true) {
      Name name;
      Tokenizer.Token token = st.get(true, false);
      if (token.type() == Tokenizer.WHITESPACE) {
        Tokenizer.Token next = st.get();
        if (next.type() == Tokenizer.EOL) {
          continue;
        } else if (next.type() == Tokenizer.EOF) {
          return null;
        }
        st.unget();
        Record previous = last;
        if (previous == null) {
          throw st.exception("the first record has no owner name");
        }
        name = previous.getName();
      } else if (token.type() == Tokenizer.EOL) {
        continue;
      } else if (token.type() == Tokenizer.EOF) {
        return null;
      } else if (token.value().charAt(0) == '$') {
        Record r = directive(token.value());
        if (r != null) {
          return r;
        }
        continue;
      } else {
        name = parseName(token.value(), origin);
        Record previous = last;
        if (previous != null && name.equals(previous.getName())) {
          name = previous.getName();
        }
      }
      if (trackLines) {
        recordLine = currentLine();
      }
      last = parseRecord(name);
      return last;
    }
  }

  private Record parseRecord(Name name) throws IOException {
    // Any of: [class] [ttl] type | [ttl] [class] type
    String s = st.getString();
    int dclass = DClass.value(s);
    boolean seenClass = dclass >= 0;
    if (seenClass) {
      s = st.getString();
    }
    long ttl = startsWithDigit(s) ? parseTtl(s) : -1;
    if (ttl >= 0) {
      s = st.getString();
    } else {
      Record previous = last;
      if (defaultTtl >= 0) {
        ttl = defaultTtl;
      } else if (previous != null) {
        ttl = previous.getTTL();
      }
    }
    if (!seenClass) {
      dclass = DClass.value(s);
      if (dclass >= 0) {
        s = st.getString();
      } else {
        dclass = DClass.IN;
      }
    }
    int type = Type.value(s);
    if (type < 0) {
      throw st.exception("unknown record type '" + s + "'");
    }
    boolean soaTtl = false;
    if (ttl < 0) {
      if (type != Type.SOA) {
        throw st.exception("no TTL given and no $TTL or earlier record to take it from");
      }
      soaTtl = true; // RFC 1035: the SOA's MINIMUM, as BIND and dnsjava do
      ttl = 0;
    }
    Record r = Record.fromString(name, type, dclass, ttl, st, origin);
    if (soaTtl && r instanceof SOARecord soa) {
      defaultTtl = soa.getMinimum();
      r = Record.fromString(name, type, dclass, soa.getMinimum(), r.rdataToString(), origin);
    }
    return r;
  }

  private @Nullable Record directive(String d) throws IOException, ZoneFileException {
    if (d.equalsIgnoreCase("$ORIGIN")) {
      origin = st.getName(Name.root);
      st.getEOL();
      return null;
    } else if (d.equalsIgnoreCase("$TTL")) {
      defaultTtl = st.getTTL();
      st.getEOL();
      return null;
    } else if (d.equalsIgnoreCase("$INCLUDE")) {
      int line = currentLine();
      String target = st.getString();
      if (!allowIncludes) {
        throw st.exception("$INCLUDE is not allowed here");
      }
      if (depth + 1 > MAX_INCLUDE_DEPTH) {
        throw st.exception("$INCLUDE nested more than " + MAX_INCLUDE_DEPTH + " deep (a loop?)");
      }
      Path path = Path.of(target);
      if (!path.isAbsolute()) {
        Path dir = file.toAbsolutePath().getParent();
        path = dir == null ? path : dir.resolve(target);
      }
      Name includeOrigin = origin;
      Tokenizer.Token t = st.get();
      if (t.isString()) {
        includeOrigin = parseName(t.value(), Name.root);
        st.getEOL();
      }
      included =
          open(path, includeOrigin, defaultTtl, depth + 1, trackLines, allowIncludes, file, line);
      return nextRecord();
    } else if (d.equalsIgnoreCase("$GENERATE")) {
      generator = startGenerate();
      return nextRecord();
    }
    throw st.exception("unknown directive " + d);
  }

  private Generator startGenerate() throws IOException {
    String range = st.getIdentifier();
    int dash = range.indexOf('-');
    if (dash < 0) {
      throw st.exception("$GENERATE range must be start-end[/step]: " + range);
    }
    String startText = range.substring(0, dash);
    String endText = range.substring(dash + 1);
    String stepText = "1";
    int slash = endText.indexOf('/');
    if (slash >= 0) {
      stepText = endText.substring(slash + 1);
      endText = endText.substring(0, slash);
    }
    long start = parseUInt32(startText);
    long end = parseUInt32(endText);
    long step = parseUInt32(stepText);
    if (start < 0 || end < 0 || start > end || step <= 0) {
      throw st.exception("$GENERATE range must be start-end[/step]: " + range);
    }
    String nameSpec = st.getIdentifier();
    String s = st.getString();
    int dclass = DClass.value(s);
    if (dclass >= 0) {
      s = st.getString();
    } else {
      dclass = DClass.IN;
    }
    long ttl = startsWithDigit(s) ? parseTtl(s) : -1;
    if (ttl >= 0) {
      s = st.getString();
    } else {
      Record previous = last;
      ttl = defaultTtl >= 0 || previous == null ? defaultTtl : previous.getTTL();
    }
    if (ttl < 0) {
      throw st.exception("no TTL given and no $TTL or earlier record to take it from");
    }
    int type = Type.value(s);
    if (type < 0) {
      throw st.exception("unknown record type '" + s + "'");
    }
    if (!Generator.supportedType(type)) {
      throw st.exception("$GENERATE does not support " + Type.string(type) + " records");
    }
    String rdataSpec = st.getIdentifier();
    st.getEOL();
    st.unget();
    if (trackLines) {
      recordLine = currentLine();
    }
    return new Generator(start, end, step, nameSpec, type, dclass, ttl, rdataSpec, origin);
  }

  /**
   * A TTL field, or -1 if the token is not one (then it is a class or type). Every TTL starts with
   * a digit; checking that first avoids an exception per record in the common case of no TTL field,
   * which a profile showed costing a third of the parse time.
   */
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

  private static long parseUInt32(String s) {
    try {
      long v = Long.parseLong(s);
      return v >= 0 && v <= 0xffffffffL ? v : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private Name parseName(String s, Name base) throws TextParseException {
    try {
      return Name.fromString(s, base);
    } catch (TextParseException e) {
      throw st.exception(e.getMessage());
    }
  }

  /**
   * The tokenizer's current line. dnsjava keeps it private and puts it only into the messages of
   * the exceptions it builds, so read it from there (a fresh exception per call: not for hot loops,
   * hence {@link #trackLines}).
   */
  private int currentLine() {
    Matcher m = LOCATED.matcher(String.valueOf(st.exception("").getMessage()));
    return m.matches() ? Integer.parseInt(m.group(1)) : 0;
  }

  private ZoneFileException located(@Nullable String message) {
    Matcher m = LOCATED.matcher(String.valueOf(message));
    if (m.matches()) {
      return new ZoneFileException(file, Integer.parseInt(m.group(1)), m.group(2));
    }
    return new ZoneFileException(file, currentLine(), String.valueOf(message));
  }

  @Override
  public void close() {
    ZoneFileReader inc = included;
    if (inc != null) {
      inc.close();
    }
    st.close();
  }
}
