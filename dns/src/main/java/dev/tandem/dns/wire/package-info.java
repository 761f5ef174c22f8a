/**
 * DNS wire format without objects: names as byte ranges, the query parser and the response writer
 * that the answer path uses once per query with no allocation.
 *
 * <p>dnsjava remains the library for everything that is not on the per-query path (zone files,
 * presentation format, transfers); this package exists because a benchmark showed dnsjava's {@code
 * Message} parsing and rendering dominating the cost of a query.
 */
@NullMarked
package dev.tandem.dns.wire;

import org.jspecify.annotations.NullMarked;
