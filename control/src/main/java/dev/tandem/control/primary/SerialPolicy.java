package dev.tandem.control.primary;

import dev.tandem.dns.zone.Serial;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * How a primary zone's serial moves on each change (Knot's {@code serial-policy}). Whatever the
 * policy, the next serial is always newer than the current one in RFC 1982 arithmetic: when the
 * policy's value is not, the serial is incremented instead (e.g. a second change within the same
 * second under {@link #UNIXTIME}, or the hundredth of a day under {@link #DATESERIAL}).
 */
public enum SerialPolicy {
  /** current + 1. */
  INCREMENT,
  /** Seconds since 1970 (UTC). */
  UNIXTIME,
  /** YYYYMMDDnn (UTC date, nn counting the day's changes from 00). */
  DATESERIAL;

  /** The serial after {@code current} for a change made at {@code now}. */
  public long next(long current, Instant now) {
    long wanted =
        switch (this) {
          case INCREMENT -> Serial.add(current, 1);
          case UNIXTIME -> now.getEpochSecond() & 0xffffffffL;
          case DATESERIAL -> dateBase(now);
        };
    return Serial.isNewer(wanted, current) ? wanted : Serial.add(current, 1);
  }

  private static long dateBase(Instant now) {
    LocalDate d = now.atZone(ZoneOffset.UTC).toLocalDate();
    return (d.getYear() * 10_000L + d.getMonthValue() * 100L + d.getDayOfMonth()) * 100L;
  }

  /** {@code increment}, {@code unixtime} or {@code dateserial}. */
  public static SerialPolicy parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "serial policy '" + text + "' is not one of increment, unixtime, dateserial", e);
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
