package dev.tandem.control.service;

import static dev.tandem.control.service.ServiceException.invalid;

import dev.tandem.dns.zone.ZoneLimits;
import dev.tandem.dns.zone.ZoneLoader;
import dev.tandem.dns.zone.ZoneProblem;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Zone data as a request writes it: names, types, TTLs and record data in presentation format (RFC
 * 1035 section 5.1), and whole zone files. Each reader fails with a {@link
 * dev.tandem.control.service.ServiceException} naming the request field at fault.
 */
public final class ZoneText {
  /** The field whose errors mean "the uploaded zone file was not taken" (the CLI reads it). */
  public static final String ZONE_FILE = "zoneFile";

  private ZoneText() {}

  /**
   * A name in {@code zone}: absolute with a trailing dot, {@code @} for the apex, else relative.
   */
  public static Name inZone(String text, Name zone, String field) {
    Name n = name(text, zone, field);
    if (!n.subdomain(zone)) {
      throw invalid(field, n + " is not in zone " + zone);
    }
    return n;
  }

  /** Any name, written as {@link #inZone} reads one (a name server may be outside the zone). */
  public static Name name(String text, Name zone, String field) {
    String t = text.trim();
    if (t.equals("@")) {
      return zone;
    }
    if (t.isEmpty()) {
      throw invalid(field, "a name is required");
    }
    try {
      return Name.fromString(t, zone);
    } catch (TextParseException e) {
      throw invalid(field, "'" + text + "' is not a domain name: " + e.getMessage());
    }
  }

  /** A type a zone can hold (not a query type or a meta type). */
  public static int type(String text, String field) {
    int t = Type.value(text.trim().toUpperCase(Locale.ROOT));
    if (t < 0) {
      throw invalid(field, "'" + text + "' is not a record type");
    }
    if (t == Type.ANY || t == Type.AXFR || t == Type.IXFR || t == Type.OPT || t == Type.TSIG) {
      throw invalid(field, Type.string(t) + " is not a type of record a zone holds");
    }
    return t;
  }

  /** A TTL: 0 to 2^31 - 1 seconds (RFC 2181 section 8). */
  public static long ttl(long ttl, String field) {
    if (ttl < 0 || ttl > 0x7fffffffL) {
      throw invalid(field, "TTL " + ttl + " is not between 0 and 2147483647");
    }
    return ttl;
  }

  /** One record from its data; relative names in the data are relative to {@code zone}. */
  public static Record record(
      Name name, int type, long ttl, String rdata, Name zone, String field) {
    if (rdata.isBlank()) {
      throw invalid(field, "a " + Type.string(type) + " record needs its data");
    }
    try {
      return Record.fromString(name, type, DClass.IN, ttl, rdata, zone);
    } catch (IOException | RuntimeException e) {
      String why = String.valueOf(e.getMessage()).replaceFirst("^<none>:\\d+: ", "");
      throw invalid(field, "'" + rdata + "' is not valid " + Type.string(type) + " data: " + why);
    }
  }

  /**
   * Reads a zone file given as text (an upload: {@code $INCLUDE} is refused) within {@code limits};
   * its errors name their lines, every one of them (up to a hundred).
   */
  public static ZoneSnapshot zoneFile(Name zone, String text, ZoneLimits limits) {
    Path file = null;
    try {
      file = Files.createTempFile("tandem-upload-", ".zone");
      Files.writeString(file, text, StandardCharsets.UTF_8);
      ZoneLoader.Result r = ZoneLoader.loadUntrusted(zone, file, limits);
      ZoneSnapshot z = r.zone();
      if (z == null) {
        List<String> errors = new ArrayList<>();
        for (ZoneProblem p : r.errors()) {
          errors.add((p.line() > 0 ? "line " + p.line() + ": " : "") + p.message());
        }
        throw invalid(
            ZONE_FILE,
            "the zone file was not taken: "
                + String.join("; ", errors.isEmpty() ? List.of("it has errors") : errors));
      }
      return z;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the uploaded zone file for reading", e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // a temp file left behind is harmless
        }
      }
    }
  }
}
