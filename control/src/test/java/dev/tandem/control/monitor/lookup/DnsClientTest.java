package dev.tandem.control.monitor.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The checks' DNS client against a tiny server on a loopback port: answers matched to their
 * questions, TCP after truncation, spoofed answers dropped, silence after the tries, and questions
 * beyond the in-flight bound waiting their turn.
 */
class DnsClientTest {
  private static final Name WWW = Name.fromConstantString("www.example.test.");

  enum Mode {
    ANSWER,
    TRUNCATE,
    WRONG_QUESTION,
    SILENT
  }

  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Long> received = new CopyOnWriteArrayList<>();
  private final ServerSocket tcp;
  private final DatagramSocket udp;
  private volatile Mode mode = Mode.ANSWER;
  private DnsClient client = new DnsClient(DnsClient.Options.DEFAULT);

  DnsClientTest() throws IOException {
    ServerSocket[] t = new ServerSocket[1];
    udp = bindBoth(t);
    tcp = t[0];
  }

  /** A UDP socket and, in {@code tcp[0]}, a TCP one on the same free loopback port. */
  private static DatagramSocket bindBoth(ServerSocket[] tcp) throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    IOException last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      ServerSocket t = new ServerSocket(0, 50, lo);
      try {
        DatagramSocket u = new DatagramSocket(new InetSocketAddress(lo, t.getLocalPort()));
        tcp[0] = t;
        return u;
      } catch (IOException e) {
        t.close();
        last = e;
      }
    }
    throw new IOException("no loopback port free for UDP and TCP", last);
  }

  @AfterEach
  void close() throws IOException {
    client.close();
    udp.close();
    tcp.close();
    threads.shutdownNow();
  }

  @Test
  void anAnswerIsMatchedToItsQuestion() throws Exception {
    InetSocketAddress at = start();
    client.close();
    client = new DnsClient(new DnsClient.Options(Duration.ofSeconds(2), 2, 8, 1000));
    Reply r = client.ask(at, Question.of(WWW, Type.A)).join();
    assertThat(r).isInstanceOf(Reply.Answer.class);
    Reply.Answer a = (Reply.Answer) r;
    assertThat(a.tcp()).isFalse();
    assertThat(a.message().getSection(Section.ANSWER)).hasSize(1);
    assertThat(client.counters().answered()).isEqualTo(1);
  }

  @Test
  void aTruncatedAnswerIsAskedAgainOverTcp() throws Exception {
    InetSocketAddress at = start();
    mode = Mode.TRUNCATE;
    client.close();
    client = new DnsClient(new DnsClient.Options(Duration.ofSeconds(2), 2, 8, 1000));
    Reply.Answer a = (Reply.Answer) client.ask(at, Question.of(WWW, Type.A)).join();
    assertThat(a.tcp()).isTrue();
    assertThat(a.message().getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(client.counters().tcp()).isEqualTo(1);
  }

  @Test
  void anAnswerToAnotherQuestionIsDroppedNotTaken() throws Exception {
    InetSocketAddress at = start();
    mode = Mode.WRONG_QUESTION;
    client.close();
    client = new DnsClient(new DnsClient.Options(Duration.ofMillis(200), 2, 8, 1000));
    Reply r = client.ask(at, Question.of(WWW, Type.A)).join();
    assertThat(r).isInstanceOf(Reply.Silence.class);
    assertThat(((Reply.Silence) r).failure()).isEqualTo(Reply.Failure.TIMEOUT);
    assertThat(client.counters().dropped()).isEqualTo(2); // one per try
  }

  @Test
  void aSilentServerIsAskedAsManyTimesAsThereAreTriesThenIsSilence() throws Exception {
    InetSocketAddress at = start();
    mode = Mode.SILENT;
    client.close();
    client = new DnsClient(new DnsClient.Options(Duration.ofMillis(100), 3, 8, 1000));
    Reply.Silence s = (Reply.Silence) client.ask(at, Question.of(WWW, Type.A)).join();
    assertThat(s.why()).contains("timed out after 3 tries");
    assertThat(received).hasSize(3);
  }

  @Test
  void questionsBeyondTheInFlightBoundWaitForASlot() throws Exception {
    InetSocketAddress at = start();
    mode = Mode.SILENT;
    client.close();
    client = new DnsClient(new DnsClient.Options(Duration.ofMillis(150), 1, 1, 1000));
    CompletableFuture<?>[] all = new CompletableFuture<?>[3];
    for (int i = 0; i < 3; i++) {
      all[i] = client.ask(at, Question.of(WWW, Type.A));
    }
    CompletableFuture.allOf(all).join();
    assertThat(received).hasSize(3);
    // One out at a time: each went only once the one before had timed out.
    for (int i = 1; i < 3; i++) {
      assertThat(received.get(i) - received.get(i - 1)).isGreaterThanOrEqualTo(140_000_000L);
    }
  }

  private InetSocketAddress start() {
    threads.execute(this::serveUdp);
    threads.execute(this::serveTcp);
    return new InetSocketAddress(tcp.getInetAddress(), tcp.getLocalPort());
  }

  private void serveUdp() {
    byte[] in = new byte[65535];
    while (!udp.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(in, in.length);
        udp.receive(p);
        received.add(System.nanoTime());
        Message q = new Message(java.util.Arrays.copyOf(in, p.getLength()));
        Message a = answer(q);
        switch (mode) {
          case SILENT -> {
            continue;
          }
          case TRUNCATE -> {
            a.removeAllRecords(Section.ANSWER);
            a.getHeader().setFlag(Flags.TC);
          }
          case WRONG_QUESTION -> {
            a =
                answer(
                    Message.newQuery(
                        Record.newRecord(
                            Name.fromConstantString("evil.test."), Type.A, DClass.IN)));
            a.getHeader().setID(q.getHeader().getID());
          }
          case ANSWER -> {}
        }
        byte[] out = a.toWire();
        udp.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serveTcp() {
    while (!tcp.isClosed()) {
      try (Socket c = tcp.accept()) {
        DataInputStream in = new DataInputStream(c.getInputStream());
        byte[] m = new byte[in.readUnsignedShort()];
        in.readFully(m);
        byte[] out = answer(new Message(m)).toWire();
        DataOutputStream o = new DataOutputStream(c.getOutputStream());
        o.writeShort(out.length);
        o.write(out);
        o.flush();
      } catch (IOException e) {
        // next
      }
    }
  }

  private static Message answer(Message q) throws IOException {
    Message a = new Message(q.getHeader().getID());
    a.getHeader().setFlag(Flags.QR);
    a.getHeader().setFlag(Flags.AA);
    Record question = q.getQuestion();
    a.addRecord(question, Section.QUESTION);
    a.addRecord(
        new ARecord(question.getName(), DClass.IN, 300, InetAddress.getByName("192.0.2.80")),
        Section.ANSWER);
    return a;
  }
}
