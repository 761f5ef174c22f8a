package dev.tandem.control.transfer;

import dev.tandem.control.access.Remote;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * Asks a primary for a zone's SOA (RFC 1034 section 4.3.5: the refresh check), over UDP and again
 * over TCP if the answer is truncated, TSIG-signed when the primary has a key, with the EDNS EXPIRE
 * option (RFC 7314) so that a primary which is itself a secondary can tell us how long its copy is
 * good for. A primary reached over TLS (RFC 9103) is asked over TLS, on a connection the transfer
 * that may follow reuses. A primary that does not answer usefully is an expected outcome, not an
 * exception: {@link #probe} returns {@link Upstream.Failed} with words an operator can act on.
 */
final class SoaProbe {
  /** RFC 7314 EDNS option code. */
  static final int EDNS_EXPIRE = 9;

  private static final int TRIES = 2;

  private final Duration timeout;
  private final Connections connections;

  SoaProbe(Duration timeout, Connections connections) {
    this.timeout = timeout;
    this.connections = connections;
  }

  /** The SOA of {@code zone} at {@code primary}, or why there is none. */
  Upstream.Probe probe(Name zone, Remote primary, @Nullable TSIG tsig) {
    try {
      return ask(zone, primary, tsig);
    } catch (TransferException e) {
      return e.refused()
          ? Upstream.Failed.refusal(e.getMessage())
          : new Upstream.Failed(e.getMessage(), e.unreachable());
    }
  }

  private static Message query(Name zone, @Nullable TSIG tsig) {
    Message query = Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN));
    query.getHeader().unsetFlag(Flags.RD);
    List<EDNSOption> options = List.of(new GenericEDNSOption(EDNS_EXPIRE, new byte[0]));
    query.addRecord(new OPTRecord(1232, 0, 0, 0, options), Section.ADDITIONAL);
    if (tsig != null) {
      tsig.apply(query, null);
    }
    return query;
  }

  /**
   * Over TLS for a primary reached so; else over UDP, and again over TCP when the answer is
   * truncated, or not usable (refused, or not signed as it should be): some primaries answer over
   * TCP alone what they refuse over UDP (Knot 3.2 its generated catalogs).
   */
  private Upstream.Soa ask(Name zone, Remote primary, @Nullable TSIG tsig)
      throws TransferException {
    Message query = query(zone, tsig);
    byte[] wire = query.toWire();
    InetSocketAddress at = primary.address();
    if (primary.tls() != null) {
      return overStream(zone, primary, query, wire, tsig);
    }
    byte[] raw = udp(wire, at);
    Message response = parse(raw, at);
    if (response.getHeader().getFlag(Flags.TC)) {
      return overStream(zone, primary, query, wire, tsig);
    }
    try {
      return check(zone, at, query, response, raw, tsig);
    } catch (TransferException overUdp) {
      try {
        return overStream(zone, primary, query, wire, tsig);
      } catch (TransferException overTcp) {
        throw overTcp.unreachable() ? overUdp : overTcp;
      }
    }
  }

  /** The SOA query over a TCP or TLS connection (kept for the transfer that may follow). */
  private Upstream.Soa overStream(
      Name zone, Remote primary, Message query, byte[] wire, @Nullable TSIG tsig)
      throws TransferException {
    InetSocketAddress at = primary.address();
    try {
      return connections.use(
          primary,
          timeout,
          s -> {
            s.send(wire);
            byte[] raw = s.receive();
            return check(zone, at, query, parse(raw, at), raw, tsig);
          });
    } catch (java.io.IOException e) {
      throw new TransferException(
          Remote.format(at)
              + (primary.tls() != null ? " (TLS)" : "")
              + " SOA query over "
              + (primary.tls() != null ? "TLS" : "TCP")
              + " failed: "
              + TlsClient.why(primary, e),
          primary.tls() == null);
    }
  }

  private static Upstream.Soa check(
      Name zone,
      InetSocketAddress primary,
      Message query,
      Message response,
      byte[] raw,
      @Nullable TSIG tsig)
      throws TransferException {
    String who = Remote.format(primary);
    if (response.getHeader().getID() != query.getHeader().getID()) {
      throw new TransferException(who + " answered the SOA query with a wrong message ID");
    }
    if (tsig != null) {
      int error = tsig.verify(response, raw, query.getTSIG());
      if (error != Rcode.NOERROR || !response.isVerified()) {
        throw TransferException.answered(
            who
                + " answered the SOA query without a valid TSIG signature ("
                + tsigError(error, response)
                + ")",
            response.getRcode());
      }
    }
    int rcode = response.getRcode();
    if (rcode != Rcode.NOERROR) {
      throw TransferException.answered(
          who + " answered the SOA query with " + Rcode.string(rcode) + tsigDetail(response),
          rcode);
    }
    if (!response.getHeader().getFlag(Flags.AA)) {
      throw new TransferException(who + " is not authoritative for " + zone + " (no AA flag)");
    }
    for (Record r : response.getSection(Section.ANSWER)) {
      if (r instanceof SOARecord soa) {
        if (!soa.getName().equals(zone)) {
          throw new TransferException(
              who + " answered with the SOA of " + soa.getName() + ", not " + zone);
        }
        return new Upstream.Soa(soa, expireOption(response));
      }
    }
    throw new TransferException(who + " answered the SOA query with no SOA for " + zone);
  }

  static String tsigError(int error, Message response) {
    if (error != Rcode.NOERROR) {
      return Rcode.TSIGstring(error);
    }
    return response.getTSIG() == null ? "unsigned" : "signature not verified";
  }

  private static String tsigDetail(Message response) {
    var t = response.getTSIG();
    return t != null && t.getError() != Rcode.NOERROR
        ? " (TSIG error " + Rcode.TSIGstring(t.getError()) + ")"
        : "";
  }

  /** The EDNS EXPIRE value (RFC 7314 section 2), or -1 when the primary gave none. */
  static long expireOption(Message response) {
    OPTRecord opt = response.getOPT();
    if (opt == null) {
      return -1;
    }
    for (EDNSOption o : opt.getOptions(EDNS_EXPIRE)) {
      byte[] wire = o.toWire(); // option code, length, data
      if (wire.length == 8) {
        byte[] data = java.util.Arrays.copyOfRange(wire, 4, 8);
        return ((data[0] & 0xffL) << 24)
            | ((data[1] & 0xff) << 16)
            | ((data[2] & 0xff) << 8)
            | (data[3] & 0xff);
      }
    }
    return -1;
  }

  private static Message parse(byte[] raw, InetSocketAddress primary) throws TransferException {
    try {
      return new Message(raw);
    } catch (IOException e) {
      throw new TransferException(
          Remote.format(primary) + " sent a malformed answer to the SOA query: " + e.getMessage());
    }
  }

  private byte[] udp(byte[] wire, InetSocketAddress primary) throws TransferException {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(primary); // answers from anywhere else are not delivered to us
      socket.setSoTimeout((int) timeout.toMillis());
      byte[] in = new byte[65535];
      for (int i = 0; i < TRIES; i++) {
        socket.send(new DatagramPacket(wire, wire.length));
        try {
          DatagramPacket p = new DatagramPacket(in, in.length);
          socket.receive(p);
          return java.util.Arrays.copyOf(in, p.getLength());
        } catch (SocketTimeoutException e) {
          // try again, then give up
        }
      }
      throw new TransferException(
          Remote.format(primary)
              + " did not answer the SOA query (timed out after "
              + TRIES
              + " tries)");
    } catch (IOException e) {
      throw new TransferException(Remote.format(primary) + " unreachable: " + why(e), true);
    }
  }

  /** An I/O failure in words: some (an ICMP port unreachable, say) come without a message. */
  static String why(IOException e) {
    if (e instanceof java.net.PortUnreachableException) {
      return "nothing listens there (ICMP port unreachable)";
    }
    if (e instanceof java.io.EOFException) {
      return "the primary closed the connection";
    }
    String m = e.getMessage();
    return m != null ? m : e.getClass().getSimpleName();
  }
}
