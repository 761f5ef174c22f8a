package dev.tandem.control.transfer;

import dev.tandem.control.access.Remote;
import dev.tandem.dns.wire.AnswerRecords;
import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.Serial;
import dev.tandem.dns.zone.ZoneBuilder;
import dev.tandem.dns.zone.ZoneDiff;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * One zone transfer from one primary (RFC 5936 AXFR, RFC 1995 IXFR), over TCP or TLS (RFC 9103), on
 * a connection from {@link Connections}.
 *
 * <p>The request is sent and the answer read message by message, each checked as it comes: its ID,
 * its RCODE, its TSIG (RFC 8945 section 5.3.1: every message verified in the running chain, the
 * first and the last signed), and each record: inside the zone, of class IN, the SOAs owned by the
 * apex, counted against the limits on records, bytes and time. An IXFR answered NOTIMP or with an
 * empty answer is asked again as AXFR on the same connection (RFC 1995 section 4 leaves servers
 * free not to do IXFR). The answer's shape decides what arrived (RFC 1995 section 4):
 *
 * <ul>
 *   <li>the primary's SOA alone, not newer than ours: up to date;
 *   <li>that SOA, then ours: sequences of removals and additions, each between two SOAs, until the
 *       primary's SOA again;
 *   <li>that SOA, then anything else: the whole zone (AXFR style), until the SOA again.
 * </ul>
 *
 * A failure is a {@link Upstream.Failed}; the caller's zone is untouched because nothing is applied
 * here.
 */
final class TransferIn {

  private final TransferLimits limits;
  private final InstantSource clock;
  private final Connections connections;

  TransferIn(TransferLimits limits, InstantSource clock, Connections connections) {
    this.limits = limits;
    this.clock = clock;
    this.connections = connections;
  }

  /** Whether a primary answering {@code rcode} said no to us: REFUSED or NOTAUTH. */
  static boolean isRefusal(int rcode) {
    return rcode == Rcode.REFUSED || rcode == Rcode.NOTAUTH;
  }

  /**
   * Transfers {@code zone} from {@code primary}: by IXFR from {@code ourSerial} when it is not -1,
   * else by AXFR.
   */
  Upstream.Received transfer(Name zone, Remote primary, @Nullable TSIG tsig, long ourSerial) {
    String who = Remote.format(primary.address()) + (primary.tls() != null ? " (TLS)" : "");
    String kind = ourSerial < 0 ? "AXFR" : "IXFR";
    long deadline = System.nanoTime() + limits.timeout().toNanos();
    Collector collector = new Collector(zone, who);
    try {
      return connections.use(
          primary,
          limits.timeout(),
          s -> {
            Reader r = new Reader(s, zone, tsig, ourSerial, collector, deadline);
            return r.run();
          });
    } catch (TransferException e) {
      String error =
          e.getMessage().startsWith(who)
              ? e.getMessage()
              : who + ": " + kind + " failed: " + e.getMessage();
      return e.refused() ? collector.refused(error) : collector.failed(error, e.unreachable());
    } catch (SocketTimeoutException e) {
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
      return collector.brokeOff(
          who
              + ": "
              + kind
              + " broke off after "
              + collector.records
              + " records: "
              + TlsClient.why(primary, e));
    } finally {
      HeapSteps.transferEnded();
    }
  }

  /** Where the reading of the answer is. */
  private enum State {
    /** Before the primary's SOA, the answer's first record. */
    FIRST_SOA,
    /** After it: the second record says which form the answer takes. */
    SECOND,
    /** The whole zone, until the SOA again. */
    AXFR,
    /** An IXFR sequence's first SOA (the version its removals start from). */
    IXFR_FROM,
    /** Records removed, until the SOA of the version the sequence leads to. */
    IXFR_REMOVED,
    /** Records added, until the next sequence's SOA or the primary's SOA again. */
    IXFR_ADDED,
    /** Done: nothing more may come. */
    END
  }

  /** Sends one request and reads its answer, message by message. */
  private static final class Reader {
    private final DnsStream stream;
    private final Name zone;
    private final @Nullable TSIG tsig;
    private final Collector collector;
    private final long deadline;
    private long ourSerial;
    private int qtype;
    private int id;
    private TSIG.@Nullable StreamVerifier verifier;
    private State state = State.FIRST_SOA;
    private @Nullable SOARecord first;
    private final AnswerRecords wire = new AnswerRecords();

    Reader(
        DnsStream stream,
        Name zone,
        @Nullable TSIG tsig,
        long ourSerial,
        Collector collector,
        long deadline) {
      this.stream = stream;
      this.zone = zone;
      this.tsig = tsig;
      this.ourSerial = ourSerial;
      this.collector = collector;
      this.deadline = deadline;
    }

    Upstream.Received run() throws IOException, TransferException {
      send();
      boolean firstMessage = true;
      while (state != State.END) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new SocketTimeoutException();
        }
        stream.timeout(Duration.ofNanos(left));
        byte[] raw = stream.receive();
        Message m;
        try {
          m = new Message(raw);
        } catch (IOException e) {
          throw new TransferException("malformed message: " + e.getMessage());
        }
        if (m.getHeader().getID() != id) {
          throw new TransferException("answered with a wrong message ID");
        }
        int rcode = m.getRcode();
        List<Record> answers = m.getSection(Section.ANSWER);
        if (firstMessage) {
          if (qtype == Type.IXFR
              && (rcode == Rcode.NOTIMP || (rcode == Rcode.NOERROR && answers.isEmpty()))) {
            // RFC 1995 section 4: a server need not do IXFR; ask for the whole zone instead.
            ourSerial = -1;
            send();
            continue;
          }
          if (rcode != Rcode.NOERROR) {
            throw TransferException.answered(Rcode.string(rcode) + tsigDetail(m), rcode);
          }
          collector.expire = SoaProbe.expireOption(m);
          Record q = m.getQuestion();
          if (q != null && q.getType() != qtype) {
            throw new TransferException(
                "answered another question (" + Type.string(q.getType()) + ")");
          }
          firstMessage = false;
        } else if (rcode != Rcode.NOERROR) {
          throw new TransferException(
              Rcode.string(rcode) + " after " + collector.records + " records" + tsigDetail(m));
        }
        if (m.getHeader().getFlag(Flags.TC)) {
          throw new TransferException("a message came truncated (TC) over a stream");
        }
        // dnsjava has parsed and checked the message (and verifies its TSIG below); the zone's
        // records are taken from its bytes, without rendering each Record again (AnswerRecords).
        wire.reset(raw, raw.length);
        for (Record r : answers) {
          take(r, wire.next() ? wire : null);
        }
        TSIG.StreamVerifier v = verifier;
        if (v != null) {
          int error = v.verify(m, raw, state == State.END);
          if (error != Rcode.NOERROR) {
            String why = v.getErrorMessage();
            throw new TransferException(
                "TSIG failure: " + Rcode.TSIGstring(error) + (why != null ? " (" + why + ")" : ""));
          }
        }
      }
      return collector.result();
    }

    private void send() throws IOException {
      qtype = ourSerial < 0 ? Type.AXFR : Type.IXFR;
      Message query = Message.newQuery(Record.newRecord(zone, qtype, DClass.IN));
      if (qtype == Type.IXFR) {
        query.addRecord(
            new SOARecord(zone, DClass.IN, 0, Name.root, Name.root, ourSerial, 0, 0, 0, 0),
            Section.AUTHORITY);
      }
      // RFC 7314 section 3: ask for EDNS EXPIRE with the transfer too (the answer's first
      // message carries it), so that a first transfer, asked for without an SOA check, has it.
      query.addRecord(
          new org.xbill.DNS.OPTRecord(
              1232,
              0,
              0,
              0,
              List.of(new org.xbill.DNS.GenericEDNSOption(SoaProbe.EDNS_EXPIRE, new byte[0]))),
          Section.ADDITIONAL);
      id = query.getHeader().getID();
      if (tsig != null) {
        tsig.apply(query, null);
        verifier = new TSIG.StreamVerifier(tsig, query.getTSIG());
      }
      stream.send(query.toWire());
      state = State.FIRST_SOA;
    }

    /** Takes the next answer record; {@code w} its wire form, if read. */
    private void take(Record r, @Nullable AnswerRecords w) throws TransferException {
      switch (state) {
        case FIRST_SOA -> {
          SOARecord soa = collector.apexSoa(r);
          first = soa;
          if (qtype == Type.IXFR && !Serial.isNewer(soa.getSerial(), ourSerial)) {
            collector.count(soa);
            state = State.END; // up to date: nothing to fetch
          } else {
            state = State.SECOND;
          }
        }
        case SECOND -> {
          SOARecord opening = java.util.Objects.requireNonNull(first);
          if (qtype == Type.IXFR && r instanceof SOARecord soa && soa.getSerial() == ourSerial) {
            collector.startIxfr();
            state = State.IXFR_FROM;
            take(r, w);
          } else {
            collector.startAxfr();
            collector.record(opening);
            state = State.AXFR;
            take(r, w);
          }
        }
        case AXFR -> {
          if (w == null || !collector.recordWire(r, w)) {
            collector.record(r);
          }
          if (r.getType() == Type.SOA) {
            state = State.END;
          }
        }
        case IXFR_FROM -> {
          collector.removing(r);
          state = State.IXFR_REMOVED;
        }
        case IXFR_REMOVED -> {
          if (r.getType() == Type.SOA) {
            collector.adding(r);
            state = State.IXFR_ADDED;
          } else {
            collector.record(r);
          }
        }
        case IXFR_ADDED -> {
          if (r.getType() != Type.SOA) {
            collector.record(r);
          } else if (((SOARecord) r).getSerial()
              == java.util.Objects.requireNonNull(first).getSerial()) {
            collector.apexSoa(r);
            state = State.END;
          } else {
            state = State.IXFR_FROM;
            take(r, w);
          }
        }
        case END -> throw new TransferException("records after the closing SOA");
      }
    }
  }

  private static String tsigDetail(Message response) {
    var t = response.getTSIG();
    return t != null && t.getError() != Rcode.NOERROR
        ? " (TSIG error " + Rcode.TSIGstring(t.getError()) + ")"
        : "";
  }

  /** Receives the records as they are read, checking each and counting against limits. */
  private final class Collector {
    private final Name zone;
    private final String who;
    private long records;
    private long bytes;
    private long expire = -1;
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

    void startAxfr() {
      started = true;
      builder = new ZoneBuilder(zone);
      steps.clear();
    }

    void startIxfr() {
      started = true;
    }

    void removing(Record soa) throws TransferException {
      flushStep();
      stepFrom = apexSoa(soa);
      count(soa);
    }

    void adding(Record soa) throws TransferException {
      stepTo = apexSoa(soa);
      count(soa);
    }

    /**
     * Adds a whole transfer's record, not its SOA, from its wire form {@code w}; false, having done
     * nothing, when this one must go through {@link #record}.
     */
    boolean recordWire(Record r, AnswerRecords w) throws TransferException {
      ZoneBuilder b = builder;
      if (b == null || !w.expanded() || w.type() == Type.SOA) {
        return false;
      }
      count(w.ownerLength() + 10 + w.rdataLength());
      if (w.dclass() != DClass.IN) {
        throw new TransferException("record of class " + DClass.string(w.dclass()));
      }
      if (!b.add(w.owner(), w.ownerLength(), w.type(), w.ttl(), w.rdata(), 0, w.rdataLength())) {
        throw new TransferException("record outside the zone: " + r.getName());
      }
      return true;
    }

    void record(Record r) throws TransferException {
      count(r);
      if (!r.getName().subdomain(zone)) {
        throw new TransferException("record outside the zone: " + r.getName());
      }
      if (r.getDClass() != DClass.IN) {
        throw new TransferException("record of class " + DClass.string(r.getDClass()));
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
              throw new TransferException(
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

    SOARecord apexSoa(Record r) throws TransferException {
      if (!(r instanceof SOARecord soa)) {
        throw new TransferException("expected an SOA, got " + Type.string(r.getType()));
      }
      if (!soa.getName().equals(zone)) {
        throw new TransferException("SOA owner " + soa.getName() + " is not the zone apex " + zone);
      }
      return soa;
    }

    void count(Record r) throws TransferException {
      count(r.getName().length() + 10 + r.rdataToWireCanonical().length);
    }

    /** Counts a record of {@code length} bytes (uncompressed) against the limits. */
    private void count(int length) throws TransferException {
      records++;
      bytes += length;
      if (records == HeapSteps.RECORDS) {
        HeapSteps.widen(); // the heap grows in larger steps meanwhile
      }
      if (records > limits.maxRecords()) {
        throw new TransferException(
            "more than " + limits.maxRecords() + " records (the transfer limit)");
      }
      if (bytes > limits.maxBytes()) {
        throw new TransferException(
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
      return new Upstream.Failed(error, unreachable, false, false, records, bytes);
    }

    Upstream.Failed refused(String error) {
      return new Upstream.Failed(error, false, true, false, records, bytes);
    }

    /** The connection failed: cut short if records had arrived, else no answer came. */
    Upstream.Failed brokeOff(String error) {
      return new Upstream.Failed(error, false, false, records > 0, records, bytes);
    }

    Upstream.Received result() {
      if (!started) {
        // an IXFR answered with the primary's SOA alone: nothing to fetch
        return new Upstream.UpToDate(records, bytes);
      }
      ZoneBuilder b = builder;
      if (b != null) {
        SOARecord soa = openingSoa;
        if (soa == null || closingSoa == null) {
          return failed(who + ": AXFR ended without its closing SOA", false);
        }
        return new Upstream.Full(b, soa.getSerial(), records, bytes, expire);
      }
      flushStep();
      if (steps.isEmpty()) {
        return failed(who + ": IXFR carried no changes", false);
      }
      // the opening and closing SOAs of an IXFR are not among the steps' records
      return new Upstream.Incremental(steps, records + 2, bytes);
    }
  }
}
