package dev.tandem.web;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** A clock a test moves. */
final class MovingClock extends Clock {
  Instant now = Instant.parse("2026-01-01T00:00:00Z");

  @Override
  public ZoneOffset getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(java.time.ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
