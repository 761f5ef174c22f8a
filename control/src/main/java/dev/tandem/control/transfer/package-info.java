/**
 * Talking DNS to other servers: SOA checks, transfers in (IXFR, AXFR) with their limits, NOTIFY out
 * with retries, the order in which primaries are tried, and the counters of all of it. The only
 * code that opens outbound DNS connections.
 */
@NullMarked
package dev.tandem.control.transfer;

import org.jspecify.annotations.NullMarked;
