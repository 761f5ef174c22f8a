package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Hostile input never crashes or stalls a running server: tandem (one event loop, the corner.test
 * zone) gets every BIND 9 fuzzing seed (../shared/conformance/bind9-fuzz-seeds) and thousands of
 * deterministic mutations of them over UDP, and over TCP hostile messages and hostile framing
 * (zero-length frames, length prefixes longer or shorter than the data, connections closed or reset
 * mid-message, the largest frame there is). After every hostile datagram or connection a valid
 * query must get the right answer within the client's timeout, and at the end the process must
 * still run and must not have logged a failure to answer.
 */
class HostileDatagramsIT {
  private static final Name WWW = Name.fromConstantString("www.corner.test.");
  private static final String WWW_ADDRESS = "192.0.2.80";

  /** The largest UDP payload over IPv4 (65535 - 20 - 8); longer seeds are cut to it. */
  private static final int MAX_UDP = 65507;

  private static final int MUTATIONS = 12_000;

  @TempDir static Path dir;
  static TandemProcess tandem;
  static DnsClient client;

  @BeforeAll
  static void start() throws Exception {
    Path zone = dir.resolve("corner.test.zone");
    try (InputStream in =
        Objects.requireNonNull(
            HostileDatagramsIT.class.getResourceAsStream("/zones/corner.test.zone"))) {
      Files.copy(in, zone, StandardCopyOption.REPLACE_EXISTING);
    }
    tandem =
        TandemProcess.serve(
            dir.resolve("tandem"),
            "--dns",
            "127.0.0.1:0",
            "--zone",
            "corner.test=" + zone,
            "--threads",
            "1");
    client = new DnsClient(tandem.port());
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (tandem != null) {
      tandem.close();
    }
  }

  @Test
  void hostileDatagramsNeverStopTheServerAnswering() throws Exception {
    List<byte[]> hostile = datagrams();
    Map<String, Integer> replies = new TreeMap<>();
    int dropped = 0;
    int answered = 0;
    for (int i = 0; i < hostile.size(); i++) {
      byte[] h = hostile.get(i);
      byte[] datagram = h.length > MAX_UDP ? Arrays.copyOf(h, MAX_UDP) : h;
      int followId = 0x8000 | (i & 0x7fff);
      if (datagram.length >= 2 && id(datagram) == followId) {
        followId ^= 1;
      }
      client.send(datagram);
      client.send(valid(followId));
      // One loop answers in order: whatever comes before the valid query's answer is the reply to
      // the hostile datagram.
      boolean replied = false;
      while (true) {
        byte[] reply = client.receive();
        if (reply == null) {
          fail("no answer to a valid query within the timeout after the datagram " + hex(datagram));
        }
        if (reply.length >= 2 && id(reply) == followId) {
          requireAnswer(reply, "after the datagram " + hex(datagram));
          answered++;
          break;
        }
        assertThat(id(reply)).as("ID of the reply to %s", hex(datagram)).isEqualTo(id(datagram));
        replied = true;
        replies.merge(rcodeOf(reply), 1, Integer::sum);
      }
      assertThat(replied)
          .as(
              "a reply to the datagram %s (none only when shorter than a header or QR)",
              hex(datagram))
          .isEqualTo(expectsReply(datagram));
      if (!replied) {
        dropped++;
      }
    }
    System.out.printf(
        "UDP: %d hostile datagrams sent, replies by RCODE %s, %d dropped, %d of %d valid"
            + " follow-up queries answered%n",
        hostile.size(), replies, dropped, answered, hostile.size());
    assertThat(answered).isEqualTo(hostile.size());
    assertThat(replies.getOrDefault("FORMERR", 0)).as("FORMERR replies").isPositive();
    requireStillServing();
  }

  @Test
  void hostileTcpStreamsNeverStopTheServerAnswering() throws Exception {
    TcpTally tally = new TcpTally();
    SplittableRandom r = new SplittableRandom(7);

    // Hostile messages, each properly framed and followed by a valid query on the same connection.
    List<byte[]> hostile = new ArrayList<>();
    List<byte[]> seeds = messageSeeds();
    for (int i = 0; i < seeds.size(); i += 2) {
      hostile.add(asQuery(seeds.get(i)));
    }
    for (int i = 0; i < 200; i++) {
      hostile.add(mutate(seeds, r));
    }
    hostile.add(largestQuery(65535)); // the largest message TCP can carry (RFC 7766 section 8)
    hostile.add(largestQuery(65534));
    hostile.add(withByte(largestQuery(65535), 7, 1)); // an answer count that lies
    for (byte[] h : hostile) {
      try (Socket s = connect()) {
        OutputStream out = s.getOutputStream();
        out.write(frame(h));
        out.write(frame(valid(0x4242)));
        out.flush();
        DataInputStream in = new DataInputStream(s.getInputStream());
        if (expectsReply(h)) {
          byte[] reply = readFrame(in, "the reply to the message " + hex(h));
          assertThat(id(reply)).as("ID of the reply to %s", hex(h)).isEqualTo(id(h));
          tally.reply(rcodeOf(reply));
        } else {
          tally.dropped++;
        }
        requireAnswer(readFrame(in, "the answer after " + hex(h)), "after the message " + hex(h));
        tally.answered++;
      }
      tally.hostile++;
    }

    // Zero-length frames: nothing to answer, and the connection goes on.
    try (Socket s = connect()) {
      OutputStream out = s.getOutputStream();
      out.write(new byte[] {0, 0, 0, 0, 0, 0});
      out.write(frame(new byte[] {1, 2, 3}));
      out.write(frame(valid(0x4343)));
      out.flush();
      requireAnswer(
          readFrame(new DataInputStream(s.getInputStream()), "after zero-length frames"),
          "after zero-length frames");
      tally.answered++;
      tally.hostile += 4;
    }

    // A length prefix longer than the data: the server waits for the rest, and meanwhile answers
    // other connections; the rest arrives and is answered.
    try (Socket waiting = connect()) {
      byte[] query = valid(0x4444);
      OutputStream out = waiting.getOutputStream();
      out.write(frame(query), 0, 2 + query.length / 2);
      out.flush();
      followUpOnNewConnection(tally, "while a connection waits for the rest of a message");
      out.write(frame(query), 2 + query.length / 2, query.length - query.length / 2);
      out.flush();
      requireAnswer(
          readFrame(new DataInputStream(waiting.getInputStream()), "the completed message"),
          "the completed message");
      tally.answered++;
      tally.hostile++;
    }

    // Length prefixes that lie, then the connection closed, half closed or reset.
    for (int i = 0; i < 60; i++) {
      byte[] m = i % 2 == 0 ? valid(0x4500 + i) : mutate(seeds, r);
      byte[] framed = frame(m);
      int lie =
          switch (i % 4) {
            case 0 -> m.length + 1 + r.nextInt(100); // longer than the data
            case 1 -> 65535;
            case 2 -> Math.max(0, m.length - 1 - r.nextInt(Math.max(1, m.length))); // shorter
            default -> r.nextInt(65536);
          };
      framed[0] = (byte) (lie >>> 8);
      framed[1] = (byte) lie;
      int cut = i % 3 == 0 ? framed.length : r.nextInt(framed.length + 1); // mid-message, even
      try (Socket s = connect()) {
        OutputStream out = s.getOutputStream();
        out.write(framed, 0, cut);
        out.flush();
        switch (i % 3) {
          case 0 -> s.shutdownOutput(); // FIN, then whatever the server does
          case 1 -> s.setSoLinger(true, 0); // RST on close
          default -> {}
        }
      }
      tally.hostile++;
      followUpOnNewConnection(tally, "after a connection with a lying length prefix " + lie);
    }

    // A connection closed after one byte of the length.
    try (Socket s = connect()) {
      s.getOutputStream().write(0);
      s.getOutputStream().flush();
    }
    tally.hostile++;
    followUpOnNewConnection(tally, "after a connection closed mid-length");

    // A hundred hostile messages in one write, then a valid query: every reply in order.
    try (Socket s = connect()) {
      List<byte[]> burst = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        burst.add(mutate(seeds, r));
      }
      OutputStream out = s.getOutputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (byte[] m : burst) {
        all.write(frame(m));
      }
      all.write(frame(valid(0x4646)));
      out.write(all.toByteArray());
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      for (byte[] m : burst) {
        if (expectsReply(m)) {
          byte[] reply = readFrame(in, "the reply to " + hex(m));
          assertThat(id(reply)).as("replies in order").isEqualTo(id(m));
          tally.reply(rcodeOf(reply));
        } else {
          tally.dropped++;
        }
        tally.hostile++;
      }
      requireAnswer(readFrame(in, "the answer after a burst"), "after a burst");
      tally.answered++;
    }

    System.out.printf(
        "TCP: %d hostile messages or framings, replies by RCODE %s, %d dropped, %d valid"
            + " follow-up queries answered%n",
        tally.hostile, tally.replies, tally.dropped, tally.answered);
    assertThat(tally.replies.getOrDefault("FORMERR", 0)).as("FORMERR replies").isPositive();
    requireStillServing();
  }

  /** Counts for the TCP scenarios. */
  private static final class TcpTally {
    final Map<String, Integer> replies = new TreeMap<>();
    int hostile;
    int dropped;
    int answered;

    void reply(String rcode) {
      replies.merge(rcode, 1, Integer::sum);
    }
  }

  private static void followUpOnNewConnection(TcpTally tally, String context) throws IOException {
    try (Socket s = connect()) {
      s.getOutputStream().write(frame(valid(0x4747)));
      s.getOutputStream().flush();
      requireAnswer(readFrame(new DataInputStream(s.getInputStream()), context), context);
      tally.answered++;
    }
  }

  private static void requireStillServing() throws IOException {
    assertThat(tandem.isAlive()).as("tandem still running").isTrue();
    assertThat(tandem.output()).as("tandem's log").doesNotContain("failed to answer");
  }

  // Hostile datagrams: seeds, names, and mutations.

  private static List<byte[]> datagrams() throws IOException {
    List<byte[]> out = new ArrayList<>();
    out.add(new byte[0]); // empty datagrams, and too short for a header
    out.add(new byte[1]);
    out.add(new byte[11]);
    List<byte[]> seeds = messageSeeds();
    for (byte[] seed : seeds) {
      out.add(seed);
      out.add(asQuery(seed));
    }
    for (byte[] name : read("dns_name_fromwire.in")) {
      out.add(concat(header(0x2001, 1, 0), name, new byte[] {0, 1, 0, 1})); // as QNAME
      out.add(
          concat(
              header(0x2002, 1, 1),
              question(),
              name,
              new byte[] {0, 1, 0, 1, 0, 0, 0, 0, 0, 0})); // as owner
    }
    SplittableRandom r = new SplittableRandom(42);
    for (int i = 0; i < MUTATIONS; i++) {
      out.add(mutate(seeds, r));
    }
    return out;
  }

  /** One deterministic mutation of a seed or of a valid query. */
  private static byte[] mutate(List<byte[]> seeds, SplittableRandom r) {
    byte[] base =
        r.nextInt(3) == 0 ? valid(r.nextInt(0x8000)) : asQuery(seeds.get(r.nextInt(seeds.size())));
    byte[] m = base.clone();
    switch (r.nextInt(7)) {
      case 0 -> m = Arrays.copyOf(m, r.nextInt(m.length + 1)); // truncated
      case 1 -> { // bytes flipped, set to 0, 0xff or pointer bytes
        for (int e = 1 + r.nextInt(8); e > 0 && m.length > 0; e--) {
          int at = r.nextInt(m.length);
          m[at] =
              switch (r.nextInt(4)) {
                case 0 -> (byte) (m[at] ^ (1 << r.nextInt(8)));
                case 1 -> 0;
                case 2 -> (byte) 0xff;
                default -> (byte) 0xc0;
              };
        }
      }
      case 2 ->
          m =
              withByte(
                  withByte(m, 4 + 2 * r.nextInt(4), 0xff), 5 + 2 * r.nextInt(4), 0xff); // counts
      case 3 -> { // a compression pointer somewhere after the header, often to itself or forward
        if (m.length >= 14) {
          int at = 12 + r.nextInt(m.length - 13);
          int target = r.nextBoolean() ? at : r.nextInt(m.length + 16);
          m[at] = (byte) (0xc0 | (target >>> 8));
          m[at + 1] = (byte) target;
        }
      }
      case 4 -> { // noise, half with a query header
        m = new byte[r.nextInt(600)];
        r.nextBytes(m);
      }
      case 5 -> m = concat(m, new byte[r.nextInt(1, 8)]); // trailing bytes
      default -> { // a second question, or an OPT record in the answer section
        if (r.nextBoolean()) {
          m = concat(withByte(valid(r.nextInt(0x8000)), 5, 2), question());
        } else {
          m =
              concat(
                  withByte(valid(r.nextInt(0x8000)), 7, 1),
                  new byte[] {0, 0, 41, 4, (byte) 0xd0, 0, 0, 0, 0, 0, 0});
        }
      }
    }
    if (m.length > 2 && r.nextInt(10) > 0) {
      m[2] &= 0x7f; // mostly queries: a response is dropped before anything else is looked at
    }
    return m;
  }

  /** A well-formed query that pads its additional section with one record to {@code size}. */
  private static byte[] largestQuery(int size) {
    byte[] q = withByte(valid(0x4141), 11, 1);
    int rdlength = size - q.length - 11;
    byte[] rr = new byte[11 + rdlength];
    rr[0] = 0; // root owner
    rr[2] = 16; // TXT
    rr[4] = 1; // IN
    rr[9] = (byte) (rdlength >>> 8);
    rr[10] = (byte) rdlength;
    return concat(q, rr);
  }

  // Valid queries and their answers.

  private static byte[] valid(int id) {
    Message m = Message.newQuery(Record.newRecord(WWW, Type.A, DClass.IN));
    m.getHeader().setID(id);
    return m.toWire();
  }

  private static byte[] question() {
    byte[] q = valid(0);
    return Arrays.copyOfRange(q, 12, q.length);
  }

  private static void requireAnswer(byte[] reply, String context) throws IOException {
    Message m = new Message(reply);
    assertThat(m.getRcode()).as("RCODE %s", context).isEqualTo(Rcode.NOERROR);
    assertThat(m.getHeader().getFlag(Flags.AA)).as("AA %s", context).isTrue();
    assertThat(m.getSection(Section.ANSWER))
        .as("answer %s", context)
        .extracting(Record::rdataToString)
        .containsExactly(WWW_ADDRESS);
  }

  private static String rcodeOf(byte[] reply) {
    try {
      Message m = new Message(reply);
      OPTRecord opt = m.getOPT();
      return Rcode.string(m.getRcode()) + (opt != null ? "+OPT" : "");
    } catch (IOException e) {
      fail("a reply that is not a DNS message: " + hex(reply));
      throw new AssertionError(e);
    }
  }

  // TCP framing.

  private static Socket connect() throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), tandem.port()), 2000);
    s.setSoTimeout(3000);
    s.setTcpNoDelay(true);
    return s;
  }

  private static byte[] frame(byte[] m) {
    byte[] f = new byte[m.length + 2];
    f[0] = (byte) (m.length >>> 8);
    f[1] = (byte) m.length;
    System.arraycopy(m, 0, f, 2, m.length);
    return f;
  }

  private static byte[] readFrame(DataInputStream in, String what) throws IOException {
    try {
      byte[] r = new byte[in.readUnsignedShort()];
      in.readFully(r);
      return r;
    } catch (EOFException | SocketException e) {
      throw new AssertionError("the server closed the connection instead of sending " + what, e);
    }
  }

  // Seeds and bytes.

  private static List<byte[]> messageSeeds() throws IOException {
    List<byte[]> all = new ArrayList<>(read("dns_message_parse.in"));
    all.addAll(read("dns_message_checksig.in"));
    return all;
  }

  private static List<byte[]> read(String folder) throws IOException {
    Path d = Peers.shared().resolve("conformance/bind9-fuzz-seeds").resolve(folder);
    try (Stream<Path> files = Files.list(d)) {
      List<byte[]> out = new ArrayList<>();
      for (Path f : files.sorted().toList()) {
        out.add(Files.readAllBytes(f));
      }
      assertThat(out).as("seeds in %s", d).isNotEmpty();
      return out;
    }
  }

  private static boolean expectsReply(byte[] m) {
    return m.length >= 12 && (m[2] & 0x80) == 0;
  }

  private static byte[] asQuery(byte[] m) {
    return m.length > 2 ? withByte(m, 2, m[2] & 0x7f) : m.clone();
  }

  private static byte[] header(int id, int qd, int an) {
    return new byte[] {(byte) (id >>> 8), (byte) id, 0, 0, 0, (byte) qd, 0, (byte) an, 0, 0, 0, 0};
  }

  private static int id(byte[] m) {
    return ((m[0] & 0xff) << 8) | (m[1] & 0xff);
  }

  private static byte[] withByte(byte[] m, int at, int value) {
    byte[] b = m.clone();
    if (at < b.length) {
      b[at] = (byte) value;
    }
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  private static String hex(byte[] b) {
    String s = HexFormat.of().formatHex(b, 0, Math.min(b.length, 200));
    return b.length > 200 ? s + "... (" + b.length + " bytes)" : s;
  }
}
