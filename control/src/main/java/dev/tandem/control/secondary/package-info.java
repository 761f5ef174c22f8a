/**
 * Secondary zones: follow primaries by SOA checks, NOTIFY, IXFR and AXFR; timers persisted, expiry,
 * serving what the store holds at once after a restart.
 */
@NullMarked
package dev.tandem.control.secondary;

import org.jspecify.annotations.NullMarked;
