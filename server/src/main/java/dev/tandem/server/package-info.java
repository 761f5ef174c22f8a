/**
 * DNS transport: UDP and TCP listeners on Netty's native epoll transport, one event loop per core,
 * SO_REUSEPORT so that each loop has its own sockets (and a check that no other program serves the
 * address first), RFC 7766 framing and limits for TCP ({@link dev.tandem.server.TcpConnections}),
 * response rate limiting for UDP ({@link dev.tandem.server.ResponseRateLimiter}). Hands every
 * message to the engine's {@link dev.tandem.dns.engine.Responder} and writes back what it returns;
 * knows nothing of zones.
 */
@NullMarked
package dev.tandem.server;

import org.jspecify.annotations.NullMarked;
