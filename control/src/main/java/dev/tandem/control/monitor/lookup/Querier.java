package dev.tandem.control.monitor.lookup;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Asks one server one question. The future completes with a {@link Reply} (never exceptionally): an
 * answer, or silence with its reason, once the tries and timeouts are spent. Implemented over the
 * network by {@link DnsClient}; tests script one in memory.
 *
 * <p>Callers block on the future, on a virtual thread: a stage chained on it may run on the
 * client's network thread, so nothing that blocks may be chained.
 */
@FunctionalInterface
public interface Querier {
  CompletableFuture<Reply> ask(InetSocketAddress server, Question question);
}
