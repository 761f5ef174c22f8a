package dev.tandem.dns.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.dns.zone.ZoneDiff;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * Knot's kdig reads a zone transfer with an RRset larger than a DNS message (300 TXT records of 255
 * bytes at one name) from the engine over a real TCP socket on loopback, AXFR and IXFR, signed with
 * TSIG: no "malformed" reply, every record there. Before the fix the AXFR put the RRset in one
 * message and the two-byte TCP length wrapped (14,682 declared, 80,315 sent).
 *
 * <p>Not run by {@code verify} (its name does not end in Test): it needs kdig and a socket. Run it
 * with {@code bin/mvn -o -pl dns test -Dtest=LargeRrsetKdigIT
 * -Dsurefire.failIfNoSpecifiedTests=false}. The TCP loop here stands in for {@code server}'s: one
 * frame in, the response and the stream's messages out, each with its two-byte length (RFC 7766
 * section 8).
 */
class LargeRrsetKdigIT {
  private @Nullable ServerSocket listener;
  private @Nullable Thread loop;

  /** Serves {@code client}'s responder over TCP on a free loopback port; the port. */
  private int serve(PortClient client) throws IOException {
    ServerSocket l = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
    listener = l;
    Responder responder = client.responder;
    Thread t =
        new Thread(
            () -> {
              while (!l.isClosed()) {
                try (Socket s = l.accept()) {
                  answer(responder, s);
                } catch (IOException e) {
                  // closed: the test is over, or the client went away
                }
              }
            },
            "kdig-it-tcp");
    t.setDaemon(true);
    t.start();
    loop = t;
    return l.getLocalPort();
  }

  private static void answer(Responder responder, Socket s) throws IOException {
    Responder.Session session = responder.newSession();
    DataInputStream in = new DataInputStream(s.getInputStream());
    DataOutputStream out = new DataOutputStream(s.getOutputStream());
    while (true) {
      int length;
      try {
        length = in.readUnsignedShort();
      } catch (EOFException e) {
        return;
      }
      byte[] request = new byte[length];
      in.readFully(request);
      int n = responder.respond(session, request, length, Transport.TCP, s.getInetAddress());
      frame(out, session.response(), n);
      MessageStream stream = session.takeStream();
      if (stream != null) {
        for (int m = stream.nextInto(); m >= 0; m = stream.nextInto()) {
          frame(out, stream.buffer(), m);
        }
        stream.finished(0, null);
      }
      out.flush();
    }
  }

  /** As {@code server} frames it: the length's low 16 bits, then the message. */
  private static void frame(DataOutputStream out, byte[] message, int length) throws IOException {
    out.writeShort(length);
    out.write(message, 0, length);
  }

  /** kdig's output for a transfer of example.com from the loop, signed with the test key. */
  private String kdig(int port, String type) throws Exception {
    Path output = Files.createTempFile("kdig", ".txt");
    try {
      Process p =
          new ProcessBuilder(
                  "kdig",
                  "@127.0.0.1",
                  "-p",
                  Integer.toString(port),
                  "+tcp",
                  "+time=5",
                  "+retry=0",
                  "-y",
                  "hmac-sha256:xfr.key:" + FakeControlPort.SECRET,
                  "-t",
                  type,
                  "example.com.")
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("kdig finished").isTrue();
      String text = Files.readString(output, StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(text).isZero();
      return text;
    } finally {
      Files.delete(output);
    }
  }

  private static long challengeLines(String kdigOutput) {
    return kdigOutput
        .lines()
        .filter(l -> l.startsWith("_acme-challenge.example.com.") && l.contains("TXT"))
        .count();
  }

  @Test
  void kdigReadsAnAxfrWithA80KbRrsetSignedWithTsig() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/kdig")), "kdig is not installed");
    int port = serve(new PortClient(LargeRrsetTransferTest.withChallenges(2)));

    String out = kdig(port, "AXFR");

    assertThat(out).doesNotContainIgnoringCase("malformed").doesNotContain("failed");
    assertThat(challengeLines(out)).isEqualTo(300);
  }

  @Test
  void kdigReadsAnIxfrAddingA80KbRrsetSignedWithTsig() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/kdig")), "kdig is not installed");
    PortClient client = new PortClient(LargeRrsetTransferTest.withChallenges(2));
    int port = serve(client);
    SOARecord old = PortClient.soa(1);
    SOARecord now = PortClient.soa(2);
    List<Record> added = new ArrayList<>(LargeRrsetTransferTest.challenges());
    added.add(now);
    client.port.changesFrom = 1;
    client.port.changesTo = 2;
    client.port.changes = List.of(new ZoneDiff(List.of(old), added));

    String out = kdig(port, "IXFR=1");

    assertThat(out).doesNotContainIgnoringCase("malformed").doesNotContain("failed");
    assertThat(challengeLines(out)).isEqualTo(300);
  }

  @AfterEach
  void stop() throws Exception {
    ServerSocket l = listener;
    if (l != null) {
      l.close();
    }
    Thread t = loop;
    if (t != null) {
      t.join(5000);
    }
  }
}
