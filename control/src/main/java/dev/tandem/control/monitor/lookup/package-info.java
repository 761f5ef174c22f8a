/**
 * How the cross-provider checks reach other servers: {@link
 * dev.tandem.control.monitor.lookup.DnsClient} asks questions asynchronously (UDP, TCP when
 * truncated or asked for), with a bound on queries in flight and a pace; {@link
 * dev.tandem.control.monitor.lookup.Resolver} follows referrals from the {@link
 * dev.tandem.control.monitor.lookup.RootHints} to a zone's delegation and to the addresses of name
 * server names. Beside {@code control.transfer}, the only code that opens outbound DNS connections;
 * none of it is on the query path.
 */
@NullMarked
package dev.tandem.control.monitor.lookup;

import org.jspecify.annotations.NullMarked;
