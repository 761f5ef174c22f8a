package dev.tandem.server;

import dev.tandem.dns.engine.Responder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP answered by a loop of Tandem's own instead of Netty's datagram channel: on Linux (x86-64,
 * ARM64) with Java 22 or newer, each UDP socket gets a thread that reads a batch with recvmmsg,
 * answers it, and sends the answers with one sendmmsg, through the FFM API, with no object made per
 * datagram ({@code MmsgUdp}, in the server jar's Java 22 layer: Java 21's FFM API is a preview).
 *
 * <p>Own code where a benchmark showed the library to be the bottleneck: Netty's datagram path made
 * a packet, a sender address and a buffer per datagram and cost about 0.8 µs of user time a query
 * against 0.2 µs for the engine's parse, look-up and render (docs/benchmarks.md). On Java 21, on
 * other systems, or with {@code -Dtandem.udp=netty}, UDP stays on Netty, as TCP always does.
 */
final class NativeUdp {
  private static final Logger log = LoggerFactory.getLogger(NativeUdp.class);
  private static final String IMPLEMENTATION = "dev.tandem.server.MmsgUdp";

  private NativeUdp() {}

  /** Opens UDP sockets served by their own loops. */
  interface Opener {
    /**
     * Binds a UDP socket to {@code address} with SO_REUSEPORT and starts answering it on a thread
     * named {@code thread}.
     *
     * @throws IOException if the address cannot be bound (a {@link java.net.BindException} with the
     *     system's reason)
     */
    Socket open(
        InetSocketAddress address,
        Responder responder,
        @Nullable ResponseRateLimiter limiter,
        String thread)
        throws IOException;
  }

  /** A socket being answered. */
  interface Socket {
    /** Its file descriptor. */
    int fd();

    /** Stops answering, waits for the loop to end, and closes the socket. */
    void close();
  }

  /** The loops' opener, or null where UDP stays on Netty (and why is logged at debug). */
  static @Nullable Opener find() {
    if ("netty".equals(System.getProperty("tandem.udp"))) {
      log.debug("UDP on Netty: -Dtandem.udp=netty");
      return null;
    }
    String arch = System.getProperty("os.arch", "");
    if (!System.getProperty("os.name", "").startsWith("Linux")
        || !(arch.equals("amd64") || arch.equals("aarch64"))
        || ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      log.debug("UDP on Netty: the own loop knows Linux on x86-64 and ARM64 only");
      return null;
    }
    try {
      return (Opener) Class.forName(IMPLEMENTATION).getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      log.debug("UDP on Netty: Java {} (the own loop needs 22)", Runtime.version().feature());
      return null;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      log.warn("UDP on Netty: the recvmmsg loop could not start: {}", e.toString());
      return null;
    }
  }
}
