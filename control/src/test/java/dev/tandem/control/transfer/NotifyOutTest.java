package dev.tandem.control.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.control.access.Keyring;
import dev.tandem.control.access.Remote;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * NOTIFY out on real UDP sockets: a burst of serials costs a slow secondary a few NOTIFYs ending
 * with the newest (the rate limit), a lost NOTIFY is retried, and the outcome is kept.
 */
class NotifyOutTest {
  private static final Name ZONE = Name.fromConstantString("example.com.");

  private final ExecutorService io = Executors.newFixedThreadPool(2);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final NotifySender sender =
      new NotifySender(new Keyring(List.of(), Clock.systemUTC()), io, timer, Clock.systemUTC());

  @AfterEach
  void stop() {
    io.shutdownNow();
    timer.shutdownNow();
  }

  /** A secondary on a UDP socket: records each NOTIFY's serial, answers after {@code delayMs}. */
  private static final class Secondary implements AutoCloseable {
    final DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    final List<Long> serials = new CopyOnWriteArrayList<>();
    final Thread thread;

    Secondary(long delayMs, int ignoreFirst) throws SocketException {
      thread =
          new Thread(
              () -> {
                int seen = 0;
                byte[] buf = new byte[4096];
                while (!socket.isClosed()) {
                  try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    Message m = new Message(java.util.Arrays.copyOf(buf, p.getLength()));
                    serials.add(((SOARecord) m.getSection(Section.ANSWER).get(0)).getSerial());
                    if (++seen <= ignoreFirst) {
                      continue; // lost
                    }
                    Thread.sleep(delayMs);
                    Message r = new Message(m.getHeader().getID());
                    r.getHeader().setOpcode(Opcode.NOTIFY);
                    r.getHeader().setFlag(Flags.QR);
                    r.addRecord(m.getQuestion(), Section.QUESTION);
                    byte[] out = r.toWire();
                    socket.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                  } catch (IOException | InterruptedException e) {
                    return;
                  }
                }
              });
      thread.start();
    }

    Remote remote() {
      return new Remote(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort()), null);
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  private static SOARecord soa(long serial) {
    return new SOARecord(
        ZONE,
        DClass.IN,
        300,
        Name.fromConstantString("ns1.example.com."),
        Name.fromConstantString("hostmaster.example.com."),
        serial,
        3600,
        900,
        1209600,
        300);
  }

  private NotifyOutcome awaitOutcome(String state, long serial) throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      List<NotifyOutcome> o = sender.outcomes(ZONE);
      if (!o.isEmpty() && o.get(0).state().word().equals(state) && o.get(0).serial() == serial) {
        return o.get(0);
      }
      Thread.sleep(10);
    }
    throw new AssertionError(
        "no outcome " + state + " for " + serial + ": " + sender.outcomes(ZONE));
  }

  @Test
  void aBurstOfSerialsCostsASlowSecondaryAFewNotifiesEndingWithTheNewest() throws Exception {
    try (Secondary s = new Secondary(50, 0)) {
      for (long serial = 1; serial <= 100; serial++) {
        sender.notify(ZONE, serial, soa(serial), List.of(s.remote()));
      }

      awaitOutcome("acknowledged", 100);

      // Each NOTIFY carries the newest SOA known when it leaves.
      assertThat(s.serials).hasSizeLessThanOrEqualTo(3).endsWith(100L);
    }
  }

  @Test
  void aLostNotifyIsSentAgainAndTheOutcomeSaysHowManyAttempts() throws Exception {
    try (Secondary s = new Secondary(0, 1)) {
      sender.notify(ZONE, 7, soa(7), List.of(s.remote()));

      NotifyOutcome o = awaitOutcome("acknowledged", 7);

      assertThat(o.attempts()).isEqualTo(2);
      assertThat(s.serials).containsExactly(7L, 7L);
      assertThat(sender.metrics().notifySent()).isEqualTo(2); // every attempt counts
      assertThat(sender.metrics().notifyFailed()).isZero(); // it was acknowledged in the end
    }
  }

  @Test
  void aSecondaryNoLongerNotifiedDropsOutOfTheStatus() throws Exception {
    try (Secondary kept = new Secondary(0, 0);
        Secondary dropped = new Secondary(0, 0)) {
      sender.notify(ZONE, 1, soa(1), List.of(kept.remote(), dropped.remote()));
      for (int i = 0; i < 500 && acknowledged(1) < 2; i++) {
        Thread.sleep(10);
      }

      sender.notify(ZONE, 2, soa(2), List.of(kept.remote()));
      awaitOutcome("acknowledged", 2);

      assertThat(sender.outcomes(ZONE))
          .singleElement()
          .satisfies(o -> assertThat(o.target()).endsWith(":" + kept.socket.getLocalPort()));
    }
  }

  private long acknowledged(long serial) {
    return sender.outcomes(ZONE).stream()
        .filter(o -> o.state() == NotifyOutcome.State.ACKNOWLEDGED && o.serial() == serial)
        .count();
  }
}
