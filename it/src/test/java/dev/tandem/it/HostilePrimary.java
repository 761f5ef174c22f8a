package dev.tandem.it;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * A scripted primary in plain Java, for the failures real primaries do not produce on demand: on
 * 127.0.0.1 at a high port (UDP and TCP), it serves one zone (SOA queries, AXFR, and IXFR answered
 * AXFR-style), signs its answers with the TSIG key when the request is signed, and misbehaves as
 * its {@link Mode} says. It counts what it is asked, so a test can tell whether a refresh happened.
 */
final class HostilePrimary implements AutoCloseable {

  /** How it answers. */
  enum Mode {
    /** As a primary should. */
    GOOD,
    /** A transfer sends about half of the zone, then the connection is closed mid-stream. */
    TRUNCATED_AXFR,
    /** A transfer sends records forever (no closing SOA) until the client hangs up. */
    ENDLESS_AXFR,
    /** SOA queries are answered properly; transfers carry the SOA under a name below the apex. */
    BAD_SOA_OWNER_IXFR,
    /** Everything is signed with the right key name but another secret. */
    WRONG_TSIG,
    /**
     * As {@link #GOOD}: the serial the test sets is the hostile part (lower than the secondary's).
     */
    SERIAL_BACKWARDS,
    /** SOA queries are answered signed; transfers come without any TSIG. */
    UNSIGNED_AXFR,
    /** Only the first message of a transfer is signed (RFC 8945 wants the last one signed too). */
    UNSIGNED_TAIL_AXFR,
    /** Transfers carry a record outside the zone ({@code intruder.example.}). */
    OUT_OF_ZONE_AXFR,
    /**
     * SOA queries get the serial set with {@link #serve}; IXFR is answered NOTIMP (so the client
     * falls back to AXFR), and AXFR carries the zone under a serial 6 lower: older than it said.
     */
    STALE_AXFR,
    /** Every request is answered REFUSED (a primary that lost the zone or the ACL). */
    REFUSED
  }

  /** The zone it serves: the SOA (with the serial) and every other record. */
  private record Zone(SOARecord soa, List<Record> records) {}

  private static final String WRONG_SECRET = "d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldC13cm9uZyE=";

  private final Name origin;
  private final @Nullable TSIG key;
  private final @Nullable TSIG wrongKey;
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final ExecutorService threads;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

  private volatile Zone zone;
  private volatile Mode mode = Mode.GOOD;
  private volatile int recordsPerMessage = 100;
  private volatile long messageDelayMillis;
  private volatile long refresh = 3600;
  private volatile long retry = 2;
  private volatile long expire = 1_209_600;
  private volatile boolean closed;

  private final AtomicInteger soaQueries = new AtomicInteger();
  private final AtomicInteger transferRequests = new AtomicInteger();
  private final AtomicInteger unsignedRequests = new AtomicInteger();
  private final AtomicLong messagesSent = new AtomicLong();
  private final AtomicLong recordsSent = new AtomicLong();
  private final AtomicInteger transfersFinished = new AtomicInteger();

  /**
   * Starts serving {@code origin} (serial 1, no records besides the SOA until {@link #serve}), with
   * {@code key} (null: no TSIG; transfers are then open to anyone on loopback).
   */
  HostilePrimary(String origin, @Nullable TSIG key) throws IOException {
    this.origin = Name.fromString(Primary.absolute("@", origin));
    this.key = key;
    this.wrongKey = key == null ? null : new TSIG(TSIG.HMAC_SHA256, keyName(key), WRONG_SECRET);
    this.zone = new Zone(soa(1), List.of());
    InetAddress lo = InetAddress.getLoopbackAddress();
    IOException last = null;
    ServerSocket t = null;
    DatagramSocket u = null;
    for (int attempt = 0; attempt < 50 && u == null; attempt++) {
      t = new ServerSocket(0, 50, lo);
      try {
        u = new DatagramSocket(t.getLocalPort(), lo);
      } catch (IOException e) {
        last = e;
        t.close();
        t = null;
      }
    }
    if (t == null || u == null) {
      throw new IOException("no loopback port free for both UDP and TCP", last);
    }
    this.tcp = t;
    this.udp = u;
    this.threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread th = new Thread(r, "hostile-primary");
              th.setDaemon(true);
              return th;
            });
    threads.execute(this::udpLoop);
    threads.execute(this::tcpLoop);
  }

  private static Name keyName(TSIG key) {
    // dnsjava keeps the name private; a throwaway signature carries it.
    Message m = new Message();
    key.apply(m, null);
    TSIGRecord t = m.getTSIG();
    if (t == null) {
      throw new IllegalStateException("TSIG.apply added no signature");
    }
    return t.getName();
  }

  // ---- script ----

  /** The port it serves on, UDP and TCP, on 127.0.0.1. */
  int port() {
    return tcp.getLocalPort();
  }

  Name origin() {
    return origin;
  }

  /** From now on, serves {@code records} (none of them the SOA) with an SOA of {@code serial}. */
  HostilePrimary serve(long serial, List<Record> records) {
    zone = new Zone(soa(serial), List.copyOf(records));
    return this;
  }

  /** The SOA's REFRESH, RETRY and EXPIRE (seconds) from the next {@link #serve} on. */
  HostilePrimary timers(long refresh, long retry, long expire) {
    this.refresh = refresh;
    this.retry = retry;
    this.expire = expire;
    return this;
  }

  HostilePrimary mode(Mode mode) {
    this.mode = mode;
    return this;
  }

  Mode mode() {
    return mode;
  }

  /** Records per transfer message, and a pause after each message (to be slow on purpose). */
  HostilePrimary pace(int recordsPerMessage, long delayMillis) {
    this.recordsPerMessage = recordsPerMessage;
    this.messageDelayMillis = delayMillis;
    return this;
  }

  long serial() {
    return zone.soa().getSerial();
  }

  SOARecord soa() {
    return zone.soa();
  }

  /** The SOA queries it has answered (UDP and TCP), whatever it answered. */
  int soaQueries() {
    return soaQueries.get();
  }

  /** The AXFR and IXFR requests it has received. */
  int transferRequests() {
    return transferRequests.get();
  }

  /** Requests that came without a TSIG signature. */
  int unsignedRequests() {
    return unsignedRequests.get();
  }

  /** Transfer messages written so far, over all transfers. */
  long messagesSent() {
    return messagesSent.get();
  }

  /** Transfer records written so far, over all transfers. */
  long recordsSent() {
    return recordsSent.get();
  }

  /** Transfers sent to the end, closing SOA included. */
  int transfersFinished() {
    return transfersFinished.get();
  }

  /** {@code count} records {@code hostN A 10.x.y.z} (N from 0), for a zone of any size. */
  static List<Record> hosts(Name origin, int count) throws IOException {
    List<Record> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      records.add(host(origin, "host" + i, i));
    }
    return records;
  }

  static ARecord host(Name origin, String label, int n) throws IOException {
    byte[] a = {10, (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    return new ARecord(Name.fromString(label, origin), DClass.IN, 300, InetAddress.getByAddress(a));
  }

  private SOARecord soa(long serial) {
    return soa(origin, serial);
  }

  private SOARecord soa(Name owner, long serial) {
    try {
      return new SOARecord(
          owner,
          DClass.IN,
          300,
          Name.fromString("ns1", origin),
          Name.fromString("hostmaster", origin),
          serial,
          refresh,
          retry,
          expire,
          300);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends a NOTIFY for the zone with its current SOA to 127.0.0.1:{@code tandemPort} over UDP from
   * {@code fromAddress} (127.0.0.x), signed with {@code keyOrNull}, and returns the response's
   * RCODE (tried three times, 2 s each).
   */
  int sendNotify(int tandemPort, String fromAddress, @Nullable TSIG keyOrNull) throws IOException {
    Message m = notify(keyOrNull);
    byte[] wire = m.toWire();
    int id = m.getHeader().getID();
    InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), tandemPort);
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(fromAddress, 0))) {
      s.setSoTimeout(2000);
      byte[] buf = new byte[65535];
      for (int attempt = 0; attempt < 3; attempt++) {
        s.send(new DatagramPacket(wire, wire.length, to));
        try {
          while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            Message r = new Message(java.util.Arrays.copyOf(buf, p.getLength()));
            if (r.getHeader().getID() == id) {
              return r.getRcode();
            }
          }
        } catch (SocketTimeoutException e) {
          // send again
        }
      }
    }
    throw new IOException("no answer to NOTIFY from " + fromAddress + " at " + to);
  }

  /** As {@link #sendNotify}, over TCP (one connection from {@code fromAddress}). */
  int sendNotifyTcp(int tandemPort, String fromAddress, @Nullable TSIG keyOrNull)
      throws IOException {
    Message m = notify(keyOrNull);
    byte[] wire = m.toWire();
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(fromAddress, 0));
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), tandemPort), 2000);
      s.setSoTimeout(5000);
      write(new DataOutputStream(s.getOutputStream()), wire);
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] answer = new byte[in.readUnsignedShort()];
      in.readFully(answer);
      Message r = new Message(answer);
      if (r.getHeader().getID() != m.getHeader().getID()) {
        throw new IOException("NOTIFY answered with another message ID");
      }
      return r.getRcode();
    }
  }

  private Message notify(@Nullable TSIG keyOrNull) {
    Message m = new Message();
    m.getHeader().setOpcode(Opcode.NOTIFY);
    m.getHeader().setFlag(Flags.AA);
    m.addRecord(Record.newRecord(origin, Type.SOA, DClass.IN), Section.QUESTION);
    m.addRecord(zone.soa(), Section.ANSWER);
    if (keyOrNull != null) {
      keyOrNull.apply(m, null);
    }
    return m;
  }

  // ---- serving ----

  private void udpLoop() {
    byte[] buf = new byte[65535];
    while (!closed) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        udp.receive(p);
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      byte[] wire = java.util.Arrays.copyOf(buf, p.getLength());
      try {
        Message q = new Message(wire);
        Message r = answer(q, wire);
        if (r != null) {
          byte[] out = r.toWire();
          udp.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
        }
      } catch (IOException | RuntimeException e) {
        // garbage in: no answer
      }
    }
  }

  private void tcpLoop() {
    while (!closed) {
      Socket s;
      try {
        s = tcp.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      connections.add(s);
      threads.execute(
          () -> {
            try (s) {
              connection(s);
            } catch (IOException | RuntimeException e) {
              // the client hung up (as Tandem does on a transfer it gives up on)
            } finally {
              connections.remove(s);
            }
          });
    }
  }

  private void connection(Socket s) throws IOException {
    s.setSoTimeout(30_000);
    DataInputStream in = new DataInputStream(s.getInputStream());
    DataOutputStream out = new DataOutputStream(s.getOutputStream());
    while (!closed) {
      int len;
      try {
        len = in.readUnsignedShort();
      } catch (IOException e) {
        return; // end of stream or idle
      }
      byte[] wire = new byte[len];
      in.readFully(wire);
      Message q = new Message(wire);
      Record question = q.getQuestion();
      if (question != null
          && q.getHeader().getOpcode() == Opcode.QUERY
          && (question.getType() == Type.AXFR || question.getType() == Type.IXFR)) {
        transferRequests.incrementAndGet();
        if (!transfer(q, wire, out)) {
          return; // the mode says hang up
        }
        continue;
      }
      Message r = answer(q, wire);
      if (r != null) {
        write(out, r.toWire());
      }
    }
  }

  private static void write(DataOutputStream out, byte[] wire) throws IOException {
    out.writeShort(wire.length);
    out.write(wire);
    out.flush();
  }

  /** The key to sign with in the current mode, or null when the request is not signed. */
  private @Nullable TSIG signer(Message q) {
    if (q.getTSIG() == null) {
      return null;
    }
    return mode == Mode.WRONG_TSIG ? wrongKey : key;
  }

  /**
   * Checks the request's signature: null if fine (or unsigned), else the NOTAUTH answer to send.
   */
  private @Nullable Message badSignature(Message q, byte[] wire) {
    TSIGRecord t = q.getTSIG();
    if (t == null) {
      unsignedRequests.incrementAndGet();
      return null;
    }
    TSIG k = key;
    if (k == null || !t.getName().equals(keyName(k))) {
      return reply(q, Rcode.NOTAUTH);
    }
    int error = k.verify(q, wire, null);
    return error == Rcode.NOERROR ? null : reply(q, Rcode.NOTAUTH);
  }

  /** The one-message answer to {@code q}, or null for none. */
  private @Nullable Message answer(Message q, byte[] wire) {
    Message bad = badSignature(q, wire);
    if (bad != null) {
      return bad;
    }
    Record question = q.getQuestion();
    Message r;
    if (q.getHeader().getOpcode() != Opcode.QUERY || question == null) {
      r = reply(q, Rcode.NOTIMP);
    } else if (question.getType() == Type.SOA) {
      soaQueries.incrementAndGet();
      if (mode == Mode.REFUSED) {
        r = reply(q, Rcode.REFUSED);
      } else if (!question.getName().equals(origin)) {
        r = reply(q, Rcode.REFUSED);
      } else {
        r = reply(q, Rcode.NOERROR);
        r.getHeader().setFlag(Flags.AA);
        r.addRecord(zone.soa(), Section.ANSWER);
      }
    } else if (question.getType() == Type.AXFR || question.getType() == Type.IXFR) {
      transferRequests.incrementAndGet();
      r = reply(q, Rcode.NOERROR); // over UDP: "use TCP"
      r.getHeader().setFlag(Flags.TC);
    } else {
      r = reply(q, mode == Mode.REFUSED ? Rcode.REFUSED : Rcode.NOERROR);
      r.getHeader().setFlag(Flags.AA);
    }
    TSIG k = signer(q);
    if (k != null) {
      k.apply(r, q.getTSIG());
    }
    return r;
  }

  private static Message reply(Message q, int rcode) {
    Message r = new Message(q.getHeader().getID());
    r.getHeader().setFlag(Flags.QR);
    r.getHeader().setOpcode(q.getHeader().getOpcode());
    if (q.getHeader().getFlag(Flags.RD)) {
      r.getHeader().setFlag(Flags.RD);
    }
    r.getHeader().setRcode(rcode);
    Record question = q.getQuestion();
    if (question != null) {
      r.addRecord(question, Section.QUESTION);
    }
    return r;
  }

  /** Answers an AXFR or IXFR over TCP as the mode says; false to close the connection. */
  private boolean transfer(Message q, byte[] wire, DataOutputStream out) throws IOException {
    Message bad = badSignature(q, wire);
    if (bad != null) {
      write(out, bad.toWire());
      return true;
    }
    Mode m = mode;
    Record question = q.getQuestion();
    if (m == Mode.REFUSED
        || question == null
        || !question.getName().equals(origin)
        || (key != null && q.getTSIG() == null)) {
      Message r = reply(q, Rcode.REFUSED);
      TSIG k = signer(q);
      if (k != null) {
        k.apply(r, q.getTSIG());
      }
      write(out, r.toWire());
      return true;
    }
    Zone z = zone;
    if (m == Mode.STALE_AXFR && question.getType() == Type.IXFR) {
      Message r = reply(q, Rcode.NOTIMP);
      TSIG k = signer(q);
      if (k != null) {
        k.apply(r, q.getTSIG());
      }
      write(out, r.toWire());
      return true;
    }
    Iterator<Record> stream;
    long limit = Long.MAX_VALUE;
    switch (m) {
      case ENDLESS_AXFR -> stream = endless(z);
      case TRUNCATED_AXFR -> {
        stream = whole(z, z.soa());
        limit = Math.max(1, (z.records().size() + 2) / 2);
      }
      case BAD_SOA_OWNER_IXFR -> {
        SOARecord wrong = soa(Name.fromString("bogus", origin), z.soa().getSerial());
        stream = whole(z, wrong);
      }
      case OUT_OF_ZONE_AXFR -> {
        List<Record> records = new ArrayList<>(z.records());
        records.add(host(Name.fromString("example."), "intruder", 66));
        stream = whole(new Zone(z.soa(), records), z.soa());
      }
      case STALE_AXFR -> stream = whole(z, soa(z.soa().getSerial() - 6));
      default -> stream = whole(z, z.soa());
    }
    TSIG k = m == Mode.UNSIGNED_AXFR ? null : signer(q);
    TSIGRecord previous = q.getTSIG();
    boolean first = true;
    long sent = 0;
    while (stream.hasNext() && sent < limit && !closed) {
      Message r = reply(q, Rcode.NOERROR);
      r.getHeader().setFlag(Flags.AA);
      if (!first) {
        r.removeAllRecords(Section.QUESTION);
      }
      int n = 0;
      while (stream.hasNext() && n < recordsPerMessage && sent < limit) {
        r.addRecord(stream.next(), Section.ANSWER);
        n++;
        sent++;
      }
      if (k != null && (first || m != Mode.UNSIGNED_TAIL_AXFR)) {
        k.apply(r, Rcode.NOERROR, previous, first);
        previous = r.getTSIG();
      }
      first = false;
      write(out, r.toWire());
      messagesSent.incrementAndGet();
      recordsSent.addAndGet(n);
      pause();
    }
    if (m == Mode.TRUNCATED_AXFR) {
      return false;
    }
    if (!stream.hasNext()) {
      transfersFinished.incrementAndGet();
    }
    return true;
  }

  private void pause() throws IOException {
    long ms = messageDelayMillis;
    if (ms > 0) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }

  /** SOA, the records, SOA: an AXFR (and an IXFR answered AXFR-style). */
  private static Iterator<Record> whole(Zone z, SOARecord soa) {
    List<Record> all = new ArrayList<>(z.records().size() + 2);
    all.add(soa);
    all.addAll(z.records());
    all.add(soa);
    return all.iterator();
  }

  /** SOA, the records, then {@code endlessN} A records for ever: no closing SOA. */
  private Iterator<Record> endless(Zone z) {
    Iterator<Record> head = whole(z, z.soa());
    int total = z.records().size() + 1; // all but the closing SOA
    return new Iterator<>() {
      int n;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Record next() {
        if (n < total) {
          n++;
          return head.next();
        }
        try {
          return host(origin, "endless" + n, n++);
        } catch (IOException e) {
          throw new NoSuchElementException(e.getMessage());
        }
      }
    };
  }

  /** Stops the threads and closes the sockets (a transfer under way breaks off). */
  @Override
  public void close() {
    closed = true;
    udp.close();
    try {
      tcp.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket s : connections) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    threads.shutdownNow();
    try {
      threads.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
