/**
 * How Tandem speaks to another provider's primary that it keeps equal to its own zone: the small
 * {@link dev.tandem.control.sync.adapter.SyncAdapter} interface (list the RRsets there, apply a set
 * of RRset replacements) and one adapter per kind of provider: RFC 2136 UPDATE with TSIG read back
 * by AXFR ({@link dev.tandem.control.sync.adapter.Rfc2136Adapter}), the PowerDNS HTTP API ({@link
 * dev.tandem.control.sync.adapter.PowerDnsAdapter}) and another Tandem's REST API ({@link
 * dev.tandem.control.sync.adapter.TandemAdapter}). Adapters translate; ordering, retries,
 * read-back, differences and conflicts are the engine's ({@code control.sync}), written once. This
 * package may open outbound DNS connections (the RFC 2136 adapter), as {@code control.transfer}
 * does.
 */
@NullMarked
package dev.tandem.control.sync.adapter;

import org.jspecify.annotations.NullMarked;
