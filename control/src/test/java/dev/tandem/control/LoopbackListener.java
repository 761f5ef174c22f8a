package dev.tandem.control;

import dev.tandem.dns.engine.MessageStream;
import dev.tandem.dns.engine.Responder;
import dev.tandem.dns.engine.Transport;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Tandem's responder on loopback sockets, as little of a server as a control-plane test needs (the
 * real one, {@code server}, is not a dependency of {@code control}): UDP on one thread, each TCP
 * connection on its own, zone transfers sent whole and reported finished, as the server does.
 */
final class LoopbackListener implements AutoCloseable {
  private final Responder responder;
  private final ServerSocket tcp;
  private final DatagramSocket udp;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private LoopbackListener(Responder responder, ServerSocket tcp, DatagramSocket udp) {
    this.responder = responder;
    this.tcp = tcp;
    this.udp = udp;
    threads.execute(this::serveUdp);
    threads.execute(this::acceptTcp);
  }

  /** Starts answering on a loopback port free for both UDP and TCP. */
  static LoopbackListener start(Responder responder) throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    IOException last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      ServerSocket t = new ServerSocket(0, 50, loopback);
      try {
        DatagramSocket u = new DatagramSocket(new InetSocketAddress(loopback, t.getLocalPort()));
        return new LoopbackListener(responder, t, u);
      } catch (IOException e) { // the UDP port was taken: try another
        last = e;
        t.close();
      }
    }
    throw new IOException("no port free for both UDP and TCP", last);
  }

  InetSocketAddress address() {
    return new InetSocketAddress(tcp.getInetAddress(), tcp.getLocalPort());
  }

  /**
   * Stops taking TCP connections and closes those open (clients keep theirs between transfers): SOA
   * queries are still answered, transfers fail.
   */
  void closeTcp() throws IOException {
    tcp.close();
    for (Socket c : open) {
      c.close();
    }
  }

  private void serveUdp() {
    Responder.Session s = responder.newSession();
    byte[] in = new byte[65535];
    while (!udp.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(in, in.length);
        udp.receive(p);
        int n = responder.respond(s, in, p.getLength(), Transport.UDP, p.getAddress());
        if (n > 0) {
          udp.send(new DatagramPacket(s.response(), n, p.getSocketAddress()));
        }
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void acceptTcp() {
    while (!tcp.isClosed()) {
      try {
        Socket c = tcp.accept();
        open.add(c);
        threads.execute(() -> serveTcp(c));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serveTcp(Socket c) {
    Responder.Session s = responder.newSession();
    try (c) {
      DataInputStream in = new DataInputStream(c.getInputStream());
      DataOutputStream out = new DataOutputStream(c.getOutputStream());
      while (true) {
        byte[] m = new byte[in.readUnsignedShort()];
        in.readFully(m);
        long t0 = System.nanoTime();
        int n = responder.respond(s, m, m.length, Transport.TCP, c.getInetAddress());
        if (n == 0) {
          continue;
        }
        out.writeShort(n);
        out.write(s.response(), 0, n);
        MessageStream stream = s.takeStream();
        if (stream != null) {
          for (int k = stream.nextInto(); k >= 0; k = stream.nextInto()) {
            out.writeShort(k);
            out.write(stream.buffer(), 0, k);
          }
          stream.finished((System.nanoTime() - t0) / 1_000_000, null);
        }
        out.flush();
      }
    } catch (IOException e) {
      // the client is done
    } finally {
      open.remove(c);
    }
  }

  @Override
  public void close() throws IOException {
    tcp.close();
    udp.close();
    threads.shutdownNow();
  }
}
