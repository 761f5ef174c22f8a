package dev.tandem.control;

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
  /** Transfer directions. */
  public static final List<String> DIRECTIONS = List.of("in", "out");

  /** Transfer types. */
  public static final List<String> TRANSFER_TYPES = List.of("AXFR", "IXFR");

  /** Transfer results: completed, failed (any error), refused (by the zone's transfer ACL). */
  public static final List<String> TRANSFER_RESULTS = List.of("ok", "failed", "refused");

  /**
   * What became of NOTIFYs received: accepted (a refresh is queued), refused (sender or TSIG not
   * allowed), notauth (no secondary zone of that name here).
   */
  public static final List<String> NOTIFY_RESULTS = List.of("accepted", "refused", "notauth");

  /** The UPDATE RCODEs counted one by one (RFC 2136 section 2.2); others count as SERVFAIL. */
  private static final int UPDATE_RCODES = Rcode.NOTZONE + 1;

  private final LongAdder[] transfers =
      adders(DIRECTIONS.size() * TRANSFER_TYPES.size() * TRANSFER_RESULTS.size());
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

  private static int transferSlot(String direction, String type, String result) {
    int d = DIRECTIONS.indexOf(direction);
    int t = TRANSFER_TYPES.indexOf(type);
    int r = TRANSFER_RESULTS.indexOf(result);
    if (d < 0 || t < 0 || r < 0) {
      throw new IllegalArgumentException(
          "transfer direction " + direction + ", type " + type + ", result " + result);
    }
    return (d * TRANSFER_TYPES.size() + t) * TRANSFER_RESULTS.size() + r;
  }

  /** Counts a transfer: {@code direction} in or out, {@code type} AXFR or IXFR, a result. */
  public void countTransfer(String direction, String type, String result) {
    transfers[transferSlot(direction, type, result)].increment();
  }

  /** Transfers counted with these labels since start. */
  public long transfers(String direction, String type, String result) {
    return transfers[transferSlot(direction, type, result)].sum();
  }

  /** Counts one NOTIFY message sent (retries included). */
  void countNotifySent() {
    notifySent.increment();
  }

  /** NOTIFY messages sent since start, retries included. */
  public long notifySent() {
    return notifySent.sum();
  }

  /** Counts one NOTIFY given up: no acknowledgement after every attempt. */
  void countNotifyFailed() {
    notifyFailed.increment();
  }

  /** NOTIFYs given up since start (per secondary and serial, after all their attempts). */
  public long notifyFailed() {
    return notifyFailed.sum();
  }

  /** Counts a NOTIFY received, by the RCODE answered: NOERROR, NOTAUTH, else refused. */
  void countNotifyReceived(int rcode) {
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
  boolean historyQueued() {
    if (historyBacklog.incrementAndGet() > HISTORY_BACKLOG) {
      historyBacklog.decrementAndGet();
      historyDropped.increment();
      return false;
    }
    return true;
  }

  /** A queued transfer record was written (or failed to be). */
  void historyDone() {
    historyBacklog.decrementAndGet();
  }

  /** Transfer records not kept because too many were waiting to be written. */
  public long historyDropped() {
    return historyDropped.sum();
  }

  /** Counts an UPDATE answered with {@code rcode}. */
  void countUpdate(int rcode) {
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
