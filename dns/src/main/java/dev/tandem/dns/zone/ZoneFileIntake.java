package dev.tandem.dns.zone;

import dev.tandem.dns.wire.WireName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Type;

/**
 * Where a zone file's records go on their way into a {@link ZoneBuilder}, in file order: the zone's
 * {@link ZoneLimits} (a zone past one is refused at the record, or at the {@code $GENERATE}, that
 * crosses it), the class, the zone's bounds, a second SOA at the apex (reported at its own line,
 * which only file order knows). What is wrong is collected, every error of the file in one reading
 * up to {@link #MAX_ERRORS}, and the warnings up to {@link #MAX_WARNINGS}.
 */
final class ZoneFileIntake implements ZoneFileReader.Sink {
  /** Errors reported before the reading stops: a file this broken is not worth reading on. */
  static final int MAX_ERRORS = 100;

  /** Warnings reported; past these they are only counted. */
  static final int MAX_WARNINGS = 100;

  /** The uncompressed wire form of a record past its owner: type, class, TTL, RDLENGTH. */
  private static final int FIXED = 10;

  private final ZoneBuilder builder;
  private final ZoneLimits limits;
  private final int apexLength;
  private final List<ZoneProblem> problems = new ArrayList<>();
  private int errors;
  private int warnings;
  private int warningsNotShown;
  private boolean stopped;
  private long records;
  private long bytes;
  private String firstSoa = "";
  private byte[] firstSoaRdata = new byte[0];

  ZoneFileIntake(ZoneBuilder builder, ZoneLimits limits) {
    this.builder = builder;
    this.limits = limits;
    this.apexLength = builder.origin().length();
  }

  @Override
  public void record(
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
      throws ZoneFileException {
    records++;
    bytes += ownerLength + FIXED + rdLen;
    if (records > limits.maxRecords()) {
      throw new ZoneFileException(
          file, line, "more than " + limits.maxRecords() + " records: the zone size limit");
    }
    if (bytes > limits.maxBytes()) {
      throw new ZoneFileException(
          file, line, "more than " + limits.maxBytes() + " bytes of records: the zone size limit");
    }
    if (dclass != DClass.IN) {
      addError(
          new ZoneFileException(
              file, line, "class " + DClass.string(dclass) + " record in an IN zone"));
    } else if (!builder.add(owner, ownerLength, type, ttl, rdata, rdOff, rdLen)) {
      warning(file, line, "ignoring out-of-zone data (" + WireName.toText(owner, 0) + ")");
    } else if (type == Type.SOA && ownerLength == apexLength) {
      if (firstSoa.isEmpty()) {
        firstSoa = file + ":" + line;
        firstSoaRdata = Arrays.copyOfRange(rdata, rdOff, rdOff + rdLen);
      } else if (!Arrays.equals(
          firstSoaRdata, 0, firstSoaRdata.length, rdata, rdOff, rdOff + rdLen)) {
        // The same SOA again is one record twice, merged as any duplicate (RFC 2181 section 5),
        // as BIND loads it; a different one is an error.
        addError(
            new ZoneFileException(
                file,
                line,
                "a second SOA record at the zone apex (the zone's SOA is at " + firstSoa + ")"));
      }
    }
  }

  @Override
  public void reserve(Path file, int line, long count) throws ZoneFileException {
    if (count > limits.maxRecords() - records) {
      throw new ZoneFileException(
          file,
          line,
          "$GENERATE makes "
              + count
              + " records, more than the zone size limit of "
              + limits.maxRecords()
              + " records leaves"
              + (records == 0
                  ? ""
                  : " ("
                      + (limits.maxRecords() - records)
                      + " after the "
                      + records
                      + " before it)"));
    }
  }

  @Override
  public boolean error(ZoneFileException e) {
    addError(e);
    return !stopped;
  }

  @Override
  public void warning(Path file, int line, String message) {
    if (warnings++ < MAX_WARNINGS) {
      problems.add(new ZoneProblem(ZoneProblem.Severity.WARNING, file, line, message));
    } else {
      warningsNotShown++;
    }
  }

  /** The reading stopped with {@code e}: reported, unless it is the error the intake stopped at. */
  void stoppedWith(ZoneFileException e) {
    if (!stopped) {
      problems.add(e.toProblem());
      errors++;
    }
  }

  private void addError(ZoneFileException e) {
    problems.add(e.toProblem());
    if (++errors >= MAX_ERRORS) {
      stopped = true;
    }
  }

  /** Whether any error was found: then the zone is not to be served. */
  boolean failed() {
    return errors > 0;
  }

  /** What was found, in file order, then what was left out. */
  List<ZoneProblem> problems() {
    List<ZoneProblem> out = ZoneLoader.sorted(problems);
    if (stopped) {
      out.add(
          new ZoneProblem(
              ZoneProblem.Severity.ERROR,
              null,
              0,
              "stopped reading after " + MAX_ERRORS + " errors; there may be more"));
    }
    if (warningsNotShown > 0) {
      out.add(
          new ZoneProblem(
              ZoneProblem.Severity.WARNING,
              null,
              0,
              warningsNotShown + " more warnings not shown"));
    }
    return out;
  }
}
