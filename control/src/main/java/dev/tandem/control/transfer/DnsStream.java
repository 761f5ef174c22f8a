package dev.tandem.control.transfer;

import dev.tandem.control.access.Remote;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;

/**
 * One connection to a primary, plain TCP or TLS, carrying DNS messages each with its two-byte
 * length (RFC 1035 section 4.2.2, RFC 7766 section 8). Used by one thread at a time; given back to
 * {@link Connections} between requests so that the next request to the same primary (the transfer
 * after the SOA check, the next zone of a catalog) needs no new handshake (RFC 7766 section 6.2.1,
 * RFC 9103 section 6).
 */
final class DnsStream implements AutoCloseable {
  private final Remote primary;
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private boolean reused;
  private int received;
  private Instant idleSince = Instant.MIN;

  DnsStream(Remote primary, Socket socket) throws IOException {
    this.primary = primary;
    this.socket = socket;
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 16384));
    this.out = socket.getOutputStream();
  }

  Remote primary() {
    return primary;
  }

  /** Whether the connection served an earlier request: a failure may mean the primary closed it. */
  boolean reused() {
    return reused;
  }

  void reusing(Instant now) {
    reused = true;
    received = 0;
    idleSince = now;
  }

  /** Messages received since the connection was opened or last given back. */
  int received() {
    return received;
  }

  Instant idleSince() {
    return idleSince;
  }

  /** How long one read may wait. */
  void timeout(Duration d) throws SocketException {
    socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis())));
  }

  /** Sends one message, length first, in one write. */
  void send(byte[] message) throws IOException {
    byte[] framed = new byte[message.length + 2];
    framed[0] = (byte) (message.length >>> 8);
    framed[1] = (byte) message.length;
    System.arraycopy(message, 0, framed, 2, message.length);
    out.write(framed);
    out.flush();
  }

  /** The next message, whole. */
  byte[] receive() throws IOException {
    byte[] message = new byte[in.readUnsignedShort()];
    in.readFully(message);
    received++;
    return message;
  }

  boolean isOpen() {
    return !socket.isClosed() && socket.isConnected() && !socket.isInputShutdown();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing is all that was asked
    }
  }
}
