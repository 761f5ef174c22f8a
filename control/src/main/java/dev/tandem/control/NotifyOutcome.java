package dev.tandem.control;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What became of the last NOTIFY of a zone to one secondary.
 *
 * @param target the address, as {@code ADDR:PORT}
 * @param serial the serial last NOTIFYed
 * @param state "sending", "retrying", "acknowledged" or "failed"
 * @param attempts attempts made for that serial
 * @param error the last attempt's error, or null
 * @param at when the state was last set
 */
public record NotifyOutcome(
    String target, long serial, String state, int attempts, @Nullable String error, Instant at) {}
