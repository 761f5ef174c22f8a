package dev.tandem.control.transfer;

import dev.tandem.control.access.Keyring;
import dev.tandem.control.access.Remote;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import org.xbill.DNS.Type;

/**
 * Sends NOTIFY (RFC 1996) to secondaries when a zone has a new serial, and retries until each one
 * answers: 5 attempts, 1 s apart doubling (RFC 1996 section 3.6 leaves the interval to us).
 *
 * <p>At most one NOTIFY per zone and target is in flight: serials that arrive meanwhile coalesce
 * into one NOTIFY for the newest, sent when the one in flight is answered or given up. This is the
 * rate limit: a burst of a hundred changes costs each secondary a handful of NOTIFYs, not a
 * hundred. The outcome per target is kept for the zone's status.
 */
public final class NotifySender {
  private static final Logger log = LoggerFactory.getLogger(NotifySender.class);
  private static final int ATTEMPTS = 5;
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(1);

  /** The NOTIFY state of one zone and target (guarded by itself). */
  private static final class Target {
    final Remote remote;
    long wanted = -1;
    @Nullable SOARecord soa;
    boolean inFlight;
    @Nullable NotifyOutcome outcome;

    Target(Remote remote) {
      this.remote = remote;
    }
  }

  private final Keyring keys;
  private final ExecutorService io;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final Map<String, Target> targets = new ConcurrentHashMap<>();
  private final ControlMetrics metrics;

  public NotifySender(
      Keyring keys, ExecutorService io, ScheduledExecutorService scheduler, Clock clock) {
    this(keys, io, scheduler, clock, new ControlMetrics());
  }

  /**
   * @param metrics where NOTIFYs sent and given up are counted; the zones, which all share this
   *     sender, count their transfers there too (see {@link #metrics()})
   */
  public NotifySender(
      Keyring keys,
      ExecutorService io,
      ScheduledExecutorService scheduler,
      Clock clock,
      ControlMetrics metrics) {
    this.keys = keys;
    this.io = io;
    this.scheduler = scheduler;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** The control plane's counters. */
  public ControlMetrics metrics() {
    return metrics;
  }

  /**
   * {@link #notify} on the NOTIFY threads, with targets worked out there ({@code targets} may ask
   * the system's resolver, which a zone's change must not wait for).
   */
  public void notifyLater(
      Name zone, long serial, SOARecord soa, java.util.function.Supplier<List<Remote>> targets) {
    io.execute(() -> notify(zone, serial, soa, targets.get()));
  }

  public void notify(Name zone, long serial, SOARecord soa, List<Remote> remotes) {
    forgetOthers(zone, remotes);
    send(zone, serial, soa, remotes);
  }

  /**
   * NOTIFY of {@code serial} to {@code target} again (it lags behind a serial it was told of), with
   * the usual retries, unless one to it is in flight; the zone's other targets are left alone.
   */
  public void again(Name zone, long serial, SOARecord soa, Remote target) {
    send(zone, serial, soa, List.of(target));
  }

  private void send(Name zone, long serial, SOARecord soa, List<Remote> remotes) {
    for (Remote remote : remotes) {
      Target t =
          targets.computeIfAbsent(id(zone, remote.address().toString()), k -> new Target(remote));
      synchronized (t) {
        if (t.wanted >= 0 && dev.tandem.dns.zone.Serial.isNewer(t.wanted, serial)) {
          continue; // an older serial, arriving late: the newer one is on its way
        }
        t.wanted = serial;
        t.soa = soa;
        if (t.inFlight) {
          continue; // sent when the one in flight is done
        }
        t.inFlight = true;
        t.outcome =
            new NotifyOutcome(
                format(remote), serial, NotifyOutcome.State.SENDING, 0, null, clock.instant());
      }
      attempt(zone, t, 1);
    }
  }

  /** The last outcome per target of a zone, in no particular order. */
  public List<NotifyOutcome> outcomes(Name zone) {
    String prefix = zone.toString().toLowerCase(java.util.Locale.ROOT) + " ";
    List<NotifyOutcome> out = new ArrayList<>();
    targets.forEach(
        (k, t) -> {
          if (k.startsWith(prefix)) {
            synchronized (t) {
              NotifyOutcome o = t.outcome;
              if (o != null) {
                out.add(o);
              }
            }
          }
        });
    out.sort(java.util.Comparator.comparing(NotifyOutcome::target));
    return out;
  }

  /**
   * Forgets the zone's targets that are no longer among {@code remotes} (an NS set or a
   * configuration that changed), unless a NOTIFY to them is in flight.
   */
  private void forgetOthers(Name zone, List<Remote> remotes) {
    String prefix = zone.toString().toLowerCase(java.util.Locale.ROOT) + " ";
    java.util.Set<String> current = new java.util.HashSet<>();
    remotes.forEach(r -> current.add(id(zone, r.address().toString())));
    targets
        .entrySet()
        .removeIf(
            e -> {
              if (!e.getKey().startsWith(prefix) || current.contains(e.getKey())) {
                return false;
              }
              synchronized (e.getValue()) {
                return !e.getValue().inFlight;
              }
            });
  }

  /** Forgets a zone's targets (the zone was deleted). */
  public void forget(Name zone) {
    String prefix = zone.toString().toLowerCase(java.util.Locale.ROOT) + " ";
    targets.keySet().removeIf(k -> k.startsWith(prefix));
  }

  /**
   * Attempt {@code n} to NOTIFY {@code t} of the newest serial it should know; then retries with
   * backoff, or goes on to a newer serial that arrived meanwhile, or ends (not in flight any more).
   */
  private void attempt(Name zone, Target t, int n) {
    io.execute(
        () -> {
          long sending;
          SOARecord soa;
          synchronized (t) {
            sending = t.wanted;
            soa = t.soa;
          }
          String error;
          try {
            error = soa == null ? "no SOA to send" : sendOnce(zone, soa, t.remote);
          } catch (RuntimeException e) {
            log.error("{}: NOTIFY to {} failed unexpectedly", zone, t.remote, e);
            error = "internal error (" + e + ")";
          }
          boolean newer;
          synchronized (t) {
            String target = format(t.remote);
            Instant now = clock.instant();
            newer = t.wanted != sending;
            if (error == null) {
              log.info("{}: NOTIFY for serial {} acknowledged by {}", zone, sending, target);
              t.outcome =
                  new NotifyOutcome(
                      target, sending, NotifyOutcome.State.ACKNOWLEDGED, n, null, now);
            } else if (!newer && n < ATTEMPTS) {
              log.debug("{}: NOTIFY to {} failed ({}), retrying", zone, target, error);
              t.outcome =
                  new NotifyOutcome(target, sending, NotifyOutcome.State.RETRYING, n, error, now);
              scheduler.schedule(() -> attempt(zone, t, n + 1), 1L << (n - 1), TimeUnit.SECONDS);
              return;
            } else if (!newer) {
              log.warn("{}: NOTIFY to {} failed after {} attempts: {}", zone, target, n, error);
              t.outcome =
                  new NotifyOutcome(target, sending, NotifyOutcome.State.FAILED, n, error, now);
              metrics.countNotifyFailed();
            }
            if (!newer) {
              t.inFlight = false;
              return;
            }
            t.outcome =
                new NotifyOutcome(target, t.wanted, NotifyOutcome.State.SENDING, 0, null, now);
          }
          attempt(zone, t, 1); // a newer serial arrived meanwhile: NOTIFY it now
        });
  }

  /** One NOTIFY and its answer; null if acknowledged, else what went wrong. */
  private @Nullable String sendOnce(Name zone, SOARecord soa, Remote target) {
    Message m = Message.newQuery(Record.newRecord(zone, Type.SOA, DClass.IN));
    m.getHeader().setOpcode(Opcode.NOTIFY);
    m.getHeader().unsetFlag(Flags.RD);
    m.getHeader().setFlag(Flags.AA);
    m.addRecord(soa, Section.ANSWER); // RFC 1996 section 3.7: the new SOA, as a hint
    Name keyName = target.key();
    TSIG tsig = keyName == null ? null : keys.tsig(keyName);
    if (keyName != null && tsig == null) {
      return "TSIG key " + keyName + " is not defined here (not sent unsigned)";
    }
    if (tsig != null) {
      tsig.apply(m, null);
    }
    byte[] out = m.toWire();
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(target.address());
      socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
      socket.send(new DatagramPacket(out, out.length));
      metrics.countNotifySent();
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
    } catch (java.net.PortUnreachableException e) {
      return "nothing listens there (ICMP port unreachable)";
    } catch (IOException e) {
      return e.getMessage() == null ? e.toString() : e.getMessage();
    }
  }

  private static String id(Name zone, String address) {
    return zone.toString().toLowerCase(java.util.Locale.ROOT) + " " + address;
  }

  private static String format(Remote r) {
    return Remote.format(r.address());
  }
}
