package dev.tandem.control;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;

/**
 * Sends NOTIFY (RFC 1996) to downstream secondaries when a zone has a new serial, and retries until
 * each one answers: 5 attempts, 1 s apart doubling (RFC 1996 section 3.6 leaves the interval to
 * us). A newer serial for the same zone and target supersedes the retries of an older one.
 */
final class NotifySender {
  private static final Logger log = LoggerFactory.getLogger(NotifySender.class);
  private static final int ATTEMPTS = 5;
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(1);

  private final Keyring keys;
  private final ExecutorService io;
  private final ScheduledExecutorService scheduler;
  private final Map<String, Long> latest = new ConcurrentHashMap<>();

  NotifySender(Keyring keys, ExecutorService io, ScheduledExecutorService scheduler) {
    this.keys = keys;
    this.io = io;
    this.scheduler = scheduler;
  }

  void notify(Name zone, long serial, SOARecord soa, List<Remote> targets) {
    for (Remote target : targets) {
      String key = zone + " " + Remote.format(target.address());
      latest.put(key, serial);
      attempt(zone, serial, soa, target, key, 1);
    }
  }

  private void attempt(Name zone, long serial, SOARecord soa, Remote target, String key, int n) {
    io.execute(
        () -> {
          Long wanted = latest.get(key);
          if (wanted == null || wanted != serial) {
            return; // superseded by a newer serial
          }
          String error = sendOnce(zone, soa, target);
          if (error == null) {
            log.info("{}: NOTIFY for serial {} acknowledged by {}", zone, serial, target);
            latest.remove(key, serial);
          } else if (n < ATTEMPTS) {
            log.debug("{}: NOTIFY to {} failed ({}), retrying", zone, target, error);
            scheduler.schedule(
                () -> attempt(zone, serial, soa, target, key, n + 1),
                1L << (n - 1),
                TimeUnit.SECONDS);
          } else {
            log.warn("{}: NOTIFY to {} failed after {} attempts: {}", zone, target, n, error);
            latest.remove(key, serial);
          }
        });
  }

  /** One NOTIFY and its answer; null if acknowledged, else what went wrong. */
  private @Nullable String sendOnce(Name zone, SOARecord soa, Remote target) {
    Message m =
        Message.newQuery(
            org.xbill.DNS.Record.newRecord(zone, org.xbill.DNS.Type.SOA, org.xbill.DNS.DClass.IN));
    m.getHeader().setOpcode(Opcode.NOTIFY);
    m.getHeader().unsetFlag(Flags.RD);
    m.getHeader().setFlag(Flags.AA);
    m.addRecord(soa, Section.ANSWER); // RFC 1996 section 3.7: the new SOA, as a hint
    Name keyName = target.key();
    TSIG tsig = keyName == null ? null : keys.tsig(keyName);
    if (tsig != null) {
      tsig.apply(m, null);
    }
    byte[] out = m.toWire();
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(target.address());
      socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
      socket.send(new DatagramPacket(out, out.length));
      byte[] in = new byte[4096];
      DatagramPacket p = new DatagramPacket(in, in.length);
      socket.receive(p);
      byte[] raw = java.util.Arrays.copyOf(in, p.getLength());
      Message answer = new Message(raw);
      if (answer.getHeader().getID() != m.getHeader().getID()
          || answer.getHeader().getOpcode() != Opcode.NOTIFY) {
        return "mismatched answer";
      }
      if (tsig != null && tsig.verify(answer, raw, m.getTSIG()) != Rcode.NOERROR) {
        return "answer not signed with " + keyName;
      }
      return answer.getRcode() == Rcode.NOERROR ? null : Rcode.string(answer.getRcode());
    } catch (SocketTimeoutException e) {
      return "no answer";
    } catch (IOException e) {
      return e.getMessage() == null ? e.toString() : e.getMessage();
    }
  }
}
