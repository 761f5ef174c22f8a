/**
 * The answer engine: RFC 1034 section 4.3.2 with the clarifications of RFC 2181, 2308, 4592, 6672
 * and 8482, over the zones currently served. Pure functions of (served zones, query bytes): no
 * sockets, threads, files or clocks.
 */
@NullMarked
package dev.tandem.dns.engine;

import org.jspecify.annotations.NullMarked;
