package dev.tandem.control.transfer;

import dev.tandem.dns.zone.Transfer;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.Rcode;

/**
 * The control plane's counters since start: zone transfers in and out by type and result, NOTIFYs
 * sent, given up and received, and UPDATEs by RCODE. Plain {@link LongAdder}s, cheap to bump from
 * any thread (network threads included), summed when read; the metrics surface ({@code api}) reads
 * them at scrape time. The label values are fixed, so every combination exists from the start (a
 * counter at 0 is something to alert on; one that appears late is not).
 */
public final class ControlMetrics {
  /**
   * What became of NOTIFYs received: accepted (a refresh is queued), refused (sender or TSIG not
   * allowed), notauth (no secondary zone of that name here).
   */
  public static final List<String> NOTIFY_RESULTS = List.of("accepted", "refused", "notauth");

  /** The UPDATE RCODEs counted one by one (RFC 2136 section 2.2); others count as SERVFAIL. */
  private static final int UPDATE_RCODES = Rcode.NOTZONE + 1;

  private final LongAdder[] transfers =
      adders(
          Transfer.Direction.values().length
              * Transfer.Kind.values().length
              * Transfer.Result.values().length);
  private final LongAdder notifySent = new LongAdder();
  private final LongAdder notifyFailed = new LongAdder();
  private final LongAdder[] notifyReceived = adders(NOTIFY_RESULTS.size());
  private final LongAdder[] updates = adders(UPDATE_RCODES);

  private static LongAdder[] adders(int n) {
    LongAdder[] a = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }

  private static int transferSlot(
      Transfer.Direction direction, Transfer.Kind kind, Transfer.Result result) {
    return (direction.ordinal() * Transfer.Kind.values().length + kind.ordinal())
            * Transfer.Result.values().length
        + result.ordinal();
  }

  /** Counts a transfer by direction, kind and result. */
  public void count(Transfer t) {
    transfers[transferSlot(t.direction(), t.kind(), t.result())].increment();
  }

  /** Transfers counted with these labels since start. */
  public long transfers(Transfer.Direction direction, Transfer.Kind kind, Transfer.Result result) {
    return transfers[transferSlot(direction, kind, result)].sum();
  }

  /** Counts one NOTIFY message sent (retries included). */
  public void countNotifySent() {
    notifySent.increment();
  }

  /** NOTIFY messages sent since start, retries included. */
  public long notifySent() {
    return notifySent.sum();
  }

  /** Counts one NOTIFY given up: no acknowledgement after every attempt. */
  public void countNotifyFailed() {
    notifyFailed.increment();
  }

  /** NOTIFYs given up since start (per secondary and serial, after all their attempts). */
  public long notifyFailed() {
    return notifyFailed.sum();
  }

  /** Counts a NOTIFY received, by the RCODE answered: NOERROR, NOTAUTH, else refused. */
  public void countNotifyReceived(int rcode) {
    int i = rcode == Rcode.NOERROR ? 0 : rcode == Rcode.NOTAUTH ? 2 : 1; // see NOTIFY_RESULTS
    notifyReceived[i].increment();
  }

  /** NOTIFYs received since start with {@code result} (one of {@link #NOTIFY_RESULTS}). */
  public long notifyReceived(String result) {
    int i = NOTIFY_RESULTS.indexOf(result);
    if (i < 0) {
      throw new IllegalArgumentException("NOTIFY result " + result);
    }
    return notifyReceived[i].sum();
  }

  /**
   * Transfer records handed to the store's writer and not yet written. Transfers out are recorded
   * off the network thread; a flood of requests (refused AXFRs cost an attacker one datagram each)
   * must not queue writes without bound, so beyond {@link #HISTORY_BACKLOG} records are dropped.
   */
  private final java.util.concurrent.atomic.AtomicInteger historyBacklog =
      new java.util.concurrent.atomic.AtomicInteger();

  private final LongAdder historyDropped = new LongAdder();
  static final int HISTORY_BACKLOG = 1000;

  /** Whether a transfer record may be queued for the store (then {@link #historyDone} follows). */
  public boolean historyQueued() {
    if (historyBacklog.incrementAndGet() > HISTORY_BACKLOG) {
      historyBacklog.decrementAndGet();
      historyDropped.increment();
      return false;
    }
    return true;
  }

  /** A queued transfer record was written (or failed to be). */
  public void historyDone() {
    historyBacklog.decrementAndGet();
  }

  /** Transfer records not kept because too many were waiting to be written. */
  public long historyDropped() {
    return historyDropped.sum();
  }

  /** Counts an UPDATE answered with {@code rcode}. */
  public void countUpdate(int rcode) {
    updates[rcode >= 0 && rcode < UPDATE_RCODES ? rcode : Rcode.SERVFAIL].increment();
  }

  /** The RCODEs UPDATEs are counted by: NOERROR (0) up to NOTZONE (10). */
  public static List<Integer> updateRcodes() {
    return java.util.stream.IntStream.range(0, UPDATE_RCODES).boxed().toList();
  }

  /** UPDATEs answered with {@code rcode} since start. */
  public long updates(int rcode) {
    return rcode >= 0 && rcode < UPDATE_RCODES ? updates[rcode].sum() : 0;
  }
}
