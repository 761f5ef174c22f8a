package dev.tandem.it;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import org.xbill.DNS.Message;

/** Sends raw DNS messages over UDP or TCP and returns the raw reply, for tests. */
final class DnsClient implements AutoCloseable {
  private final InetSocketAddress server;
  private final DatagramSocket udp;
  private final byte[] buf = new byte[65535];

  DnsClient(int port) throws IOException {
    this(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
  }

  DnsClient(InetSocketAddress server) throws IOException {
    this.server = server;
    this.udp = new DatagramSocket();
    this.udp.setSoTimeout(2000);
  }

  int port() {
    return server.getPort();
  }

  /** The reply to a UDP query with the same ID, or null if none came within the timeout. */
  byte[] udp(byte[] query) throws IOException {
    udp.send(new DatagramPacket(query, query.length, server));
    int id = query.length >= 2 ? ((query[0] & 0xff) << 8) | (query[1] & 0xff) : -1;
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (System.nanoTime() < deadline) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        udp.receive(p);
      } catch (SocketTimeoutException e) {
        return null;
      }
      if (p.getLength() >= 2 && (((buf[0] & 0xff) << 8) | (buf[1] & 0xff)) == id) {
        return Arrays.copyOf(buf, p.getLength());
      }
      // a late reply to an earlier query: skip it
    }
    return null;
  }

  /** Sends a datagram without waiting for a reply (see {@link #receive}). */
  void send(byte[] datagram) throws IOException {
    udp.send(new DatagramPacket(datagram, datagram.length, server));
  }

  /** The next datagram from the server, whatever its ID, or null if none came in time. */
  byte[] receive() throws IOException {
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    try {
      udp.receive(p);
    } catch (SocketTimeoutException e) {
      return null;
    }
    return Arrays.copyOf(buf, p.getLength());
  }

  Message udp(Message query) throws IOException {
    byte[] r = udp(query.toWire());
    if (r == null) {
      throw new SocketTimeoutException(
          "no UDP reply from " + server + " to " + query.getQuestion());
    }
    return new Message(r);
  }

  /** The reply to a TCP query on a fresh connection. */
  byte[] tcp(byte[] query) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(server, 2000);
      s.setSoTimeout(3000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeShort(query.length);
      out.write(query);
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      int len = in.readUnsignedShort();
      byte[] r = new byte[len];
      in.readFully(r);
      return r;
    }
  }

  Message tcp(Message query) throws IOException {
    return new Message(tcp(query.toWire()));
  }

  @Override
  public void close() {
    udp.close();
  }
}
