package dev.tandem.control.transfer;

import dev.tandem.control.access.Remote;
import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.ZoneBuilder;
import dev.tandem.dns.zone.ZoneDiff;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * One zone transfer from one primary (RFC 5936 AXFR, RFC 1995 IXFR), through dnsjava's {@link
 * ZoneTransferIn} (which verifies TSIG on every signed message and requires the first and last to
 * be signed, RFC 8945 section 5.3.1), with the checks dnsjava leaves to us: every record inside the
 * zone and of class IN, the SOA owned by the zone's apex, an AXFR's closing SOA equal to its
 * opening one, and the limits on records, bytes and time. A failure is a {@link Upstream.Failed};
 * the caller's zone is untouched because nothing is applied here.
 */
final class TransferIn {

  private final TransferLimits limits;
  private final InstantSource clock;

  TransferIn(TransferLimits limits, InstantSource clock) {
    this.limits = limits;
    this.clock = clock;
  }

  /** Whether a primary answering {@code rcode} said no to us: REFUSED or NOTAUTH. */
  static boolean isRefusal(int rcode) {
    return rcode == Rcode.REFUSED || rcode == Rcode.NOTAUTH;
  }

  /**
   * Transfers {@code zone} from {@code primary}: by IXFR from {@code ourSerial} when it is not -1
   * (dnsjava falls back to AXFR on NOTIMP or an empty answer), else by AXFR.
   */
  Upstream.Received transfer(
      Name zone, InetSocketAddress primary, @Nullable TSIG tsig, long ourSerial) {
    ZoneTransferIn xfr =
        ourSerial < 0
            ? ZoneTransferIn.newAXFR(zone, primary, tsig)
            : ZoneTransferIn.newIXFR(zone, ourSerial, true, primary, tsig);
    xfr.setTimeout(limits.timeout());
    Collector collector = new Collector(zone, Remote.format(primary));
    String kind = ourSerial < 0 ? "AXFR" : "IXFR";
    String who = Remote.format(primary);
    try {
      xfr.run(collector);
    } catch (ZoneTransferException e) {
      String error = who + ": " + kind + " failed: " + e.getMessage();
      // dnsjava says an RCODE other than NOERROR (and NOTIMP to IXFR) by its name alone.
      return isRefusal(Rcode.value(String.valueOf(e.getMessage())))
          ? collector.refused(error)
          : collector.failed(error, false);
    } catch (java.net.ConnectException e) {
      return collector.failed(who + ": " + kind + " failed: connection refused", true);
    } catch (java.net.SocketTimeoutException e) {
      return collector.failed(
          who
              + ": "
              + kind
              + " timed out after "
              + collector.records
              + " records (limit "
              + limits.timeout().toSeconds()
              + " s)",
          false);
    } catch (IOException e) {
      return collector.failed(
          who
              + ": "
              + kind
              + " broke off after "
              + collector.records
              + " records: "
              + SoaProbe.why(e),
          false);
    } catch (RuntimeException e) {
      // dnsjava trips over some malformed streams (an empty answer section, say).
      return collector.failed(who + ": " + kind + " failed: malformed transfer (" + e + ")", false);
    }
    if (!collector.started) {
      // an IXFR answered with our own SOA alone: nothing to fetch
      return new Upstream.UpToDate(collector.records, collector.bytes);
    }
    return collector.result();
  }

  /** Receives the records as dnsjava parses them, checking each and counting against limits. */
  private final class Collector implements ZoneTransferIn.ZoneTransferHandler {
    private final Name zone;
    private final String who;
    private long records;
    private long bytes;
    private boolean started;
    private @Nullable ZoneBuilder builder;
    private @Nullable SOARecord openingSoa;
    private @Nullable SOARecord closingSoa;
    private final List<JournalStep> steps = new ArrayList<>();
    private @Nullable SOARecord stepFrom;
    private @Nullable SOARecord stepTo;
    private List<Record> removed = new ArrayList<>();
    private List<Record> addedRecords = new ArrayList<>();

    Collector(Name zone, String who) {
      this.zone = zone;
      this.who = who;
    }

    @Override
    public void startAXFR() {
      started = true;
      builder = new ZoneBuilder(zone);
    }

    @Override
    public void startIXFR() {
      started = true;
    }

    @Override
    public void startIXFRDeletes(Record soa) throws ZoneTransferException {
      flushStep();
      stepFrom = apexSoa(soa);
      count(soa);
    }

    @Override
    public void startIXFRAdds(Record soa) throws ZoneTransferException {
      stepTo = apexSoa(soa);
      count(soa);
    }

    @Override
    public void handleRecord(Record r) throws ZoneTransferException {
      count(r);
      if (!r.getName().subdomain(zone)) {
        throw new ZoneTransferException("record outside the zone: " + r.getName());
      }
      if (r.getDClass() != DClass.IN) {
        throw new ZoneTransferException("record of class " + DClass.string(r.getDClass()));
      }
      ZoneBuilder b = builder;
      if (b != null) {
        if (r.getType() == Type.SOA) {
          SOARecord soa = apexSoa(r);
          if (openingSoa == null) {
            openingSoa = soa;
          } else {
            closingSoa = soa;
            if (soa.getSerial() != openingSoa.getSerial()) {
              throw new ZoneTransferException(
                  "closing SOA serial "
                      + soa.getSerial()
                      + " differs from the opening one "
                      + openingSoa.getSerial());
            }
            return; // the closing SOA repeats the opening one
          }
        }
        b.add(r);
      } else if (stepTo == null) {
        removed.add(r);
      } else {
        addedRecords.add(r);
      }
    }

    private SOARecord apexSoa(Record r) throws ZoneTransferException {
      if (!(r instanceof SOARecord soa)) {
        throw new ZoneTransferException("expected an SOA, got " + Type.string(r.getType()));
      }
      if (!soa.getName().equals(zone)) {
        throw new ZoneTransferException(
            "SOA owner " + soa.getName() + " is not the zone apex " + zone);
      }
      return soa;
    }

    private void count(Record r) throws ZoneTransferException {
      records++;
      bytes += r.getName().length() + 10 + r.rdataToWireCanonical().length;
      if (records > limits.maxRecords()) {
        throw new ZoneTransferException(
            "more than " + limits.maxRecords() + " records (the transfer limit)");
      }
      if (bytes > limits.maxBytes()) {
        throw new ZoneTransferException(
            "more than " + limits.maxBytes() + " bytes (the transfer limit)");
      }
    }

    private void flushStep() {
      SOARecord from = stepFrom;
      SOARecord to = stepTo;
      if (from != null && to != null) {
        List<Record> rem = new ArrayList<>(removed.size() + 1);
        rem.add(from);
        rem.addAll(removed);
        List<Record> add = new ArrayList<>(addedRecords.size() + 1);
        add.add(to);
        add.addAll(addedRecords);
        steps.add(
            new JournalStep(
                from.getSerial(), to.getSerial(), new ZoneDiff(rem, add), clock.instant()));
      }
      stepFrom = null;
      stepTo = null;
      removed = new ArrayList<>();
      addedRecords = new ArrayList<>();
    }

    Upstream.Failed failed(String error, boolean unreachable) {
      return new Upstream.Failed(error, unreachable, false, records, bytes);
    }

    Upstream.Failed refused(String error) {
      return new Upstream.Failed(error, false, true, records, bytes);
    }

    Upstream.Received result() {
      ZoneBuilder b = builder;
      if (b != null) {
        SOARecord soa = openingSoa;
        if (soa == null || closingSoa == null) {
          return failed(who + ": AXFR ended without its closing SOA", false);
        }
        return new Upstream.Full(b, soa.getSerial(), records, bytes);
      }
      flushStep();
      if (steps.isEmpty()) {
        return failed(who + ": IXFR carried no changes", false);
      }
      // dnsjava consumes the opening and closing SOA of an IXFR without handing them to us
      return new Upstream.Incremental(steps, records + 2, bytes);
    }
  }
}
