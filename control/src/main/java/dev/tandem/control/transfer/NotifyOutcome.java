package dev.tandem.control.transfer;

import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What became of the last NOTIFY of a zone to one secondary.
 *
 * @param target the address, as {@code ADDR:PORT}
 * @param serial the serial last NOTIFYed
 * @param state where that NOTIFY is
 * @param attempts attempts made for that serial
 * @param error the last attempt's error, or null
 * @param at when the state was last set
 */
public record NotifyOutcome(
    String target, long serial, State state, int attempts, @Nullable String error, Instant at) {

  /** Where a NOTIFY is. */
  public enum State {
    SENDING,
    RETRYING,
    ACKNOWLEDGED,
    FAILED;

    /** The word the API and the CLI show. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
