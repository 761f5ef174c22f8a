package dev.tandem.control.secondary;

import dev.tandem.control.access.Remote;
import dev.tandem.control.transfer.TransferHints;
import dev.tandem.control.transfer.Upstream;
import dev.tandem.control.zone.ZoneContext;
import dev.tandem.dns.zone.JournalStep;
import dev.tandem.dns.zone.Serial;
import dev.tandem.dns.zone.Transfer;
import dev.tandem.dns.zone.ZoneDiffException;
import dev.tandem.dns.zone.ZoneLoader;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * One refresh of a secondary zone (RFC 1034 section 4.3.5, RFC 1995, RFC 5936): ask the primaries
 * in order (a NOTIFY's sender first, unreachable ones after the others) for the SOA; if theirs is
 * newer (RFC 1982), transfer by IXFR from our serial, falling back to AXFR when IXFR is answered
 * AXFR-style or its changes do not apply exactly to what we have (RFC 1995 section 4); check what
 * arrived. The first primary that gives a usable answer decides; the others are tried only when one
 * fails.
 *
 * <p>A refresh touches nothing but the network: it neither stores nor publishes. Its {@link
 * Outcome} says what the zone should become, and {@link SecondaryZone} stores it, then serves it.
 * Every expected turn (a primary down, refusing, older, an IXFR that does not apply) is a value,
 * not an exception. Each transfer attempted is reported to {@code history} as it ends, and so is an
 * SOA check that failed (a check that succeeded is the everyday case, and kept out of the history
 * so that it does not push out the transfers); a primary that said REFUSED or NOTAUTH is reported
 * {@link Transfer.Result#REFUSED}, one that broke or did not answer {@link Transfer.Result#FAILED}.
 */
final class Refresh {

  /** How a refresh ended. */
  sealed interface Outcome permits Current, Transferred, Failed {}

  /**
   * The primary has our serial.
   *
   * @param primarySerial the serial it has
   * @param ednsExpire the EDNS EXPIRE it gave, or -1
   */
  record Current(Remote primary, long primarySerial, long ednsExpire) implements Outcome {}

  /**
   * A newer version arrived and checked out.
   *
   * @param zone the new version
   * @param steps the IXFR changes that led to it from ours, oldest first; empty if it came whole
   * @param how how it came, for the log
   * @param changed records received (IXFR: removed and added; AXFR: the zone's)
   */
  record Transferred(
      Remote primary,
      ZoneSnapshot zone,
      long primarySerial,
      long ednsExpire,
      List<JournalStep> steps,
      String how,
      long changed)
      implements Outcome {
    /** Whether the version came whole (then the kept changes no longer lead to it). */
    boolean whole() {
      return steps.isEmpty();
    }
  }

  /**
   * No primary gave a usable answer.
   *
   * @param error what each primary tried said, in order
   * @param primarySerial the newest serial a primary gave meanwhile, or -1
   * @param cutShort whether a primary's transfer broke off mid-stream ({@link
   *     Upstream.Failed#cutShort}): then the next try comes soon, not after RETRY
   */
  record Failed(String error, long primarySerial, boolean cutShort) implements Outcome {
    Failed(String error, long primarySerial) {
      this(error, primarySerial, false);
    }
  }

  private final Name zone;
  private final ZoneContext ctx; // the upstream, the primaries' order, the keys, the clock
  private final boolean followResets;

  /**
   * @param followResets whether a primary whose serial went back behind ours is followed, by AXFR
   *     of that older version (the zone's {@code allowSerialReset})
   */
  Refresh(Name zone, ZoneContext ctx, boolean followResets) {
    this.zone = zone;
    this.ctx = ctx;
    this.followResets = followResets;
  }

  /**
   * Refreshes from {@code primaries}.
   *
   * @param ours the version served, or null if none
   * @param notifier the sender of the NOTIFY that asked for this refresh (tried first), or null
   * @param whole whether to transfer the whole zone whatever the serials say (an operator asked)
   * @param history where each transfer attempted is reported when it ends
   */
  Outcome run(
      @Nullable ZoneSnapshot ours,
      List<Remote> primaries,
      @Nullable InetAddress notifier,
      boolean whole,
      Consumer<Transfer> history) {
    List<String> errors = new ArrayList<>();
    long seen = -1;
    boolean cutShort = false;
    for (Remote primary : ctx.primaries().order(primaries, notifier)) {
      TSIG tsig = ctx.tsig(primary.key());
      Attempt attempt = new Attempt(primary, tsig, history);
      Outcome o = attempt.run(ours, whole);
      if (attempt.seen >= 0) {
        seen = attempt.seen;
      }
      if (attempt.unreachable) {
        ctx.primaries().unreachable(primary);
      } else {
        ctx.primaries().reachable(primary);
      }
      if (o instanceof Failed f) {
        errors.add(f.error());
        cutShort |= f.cutShort();
        continue;
      }
      return o;
    }
    return new Failed(String.join("; ", errors), seen, cutShort);
  }

  /** One primary's turn. */
  private final class Attempt {
    private final Remote primary;
    private final @Nullable TSIG tsig;
    private final Consumer<Transfer> history;
    long seen = -1;
    boolean unreachable;
    private boolean refused;

    Attempt(Remote primary, @Nullable TSIG tsig, Consumer<Transfer> history) {
      this.primary = primary;
      this.tsig = tsig;
      this.history = history;
    }

    /** The primary as messages name it; formatted only for one (most refreshes need none). */
    private String who() {
      return Remote.format(primary.address());
    }

    Outcome run(@Nullable ZoneSnapshot ours, boolean whole) {
      if (ours == null) {
        // The SOA check decides whether to transfer (RFC 1034 section 4.3.5); with nothing served
        // there is nothing to compare: transfer at once. EDNS EXPIRE comes with the AXFR.
        return axfr(null, null, "AXFR", Accept.NEWER);
      }
      Upstream.Soa soa;
      Transfer.Builder check = report(Transfer.Kind.SOA);
      long t0 = System.nanoTime();
      switch (ctx.upstream().probe(zone, primary, tsig)) {
        case Upstream.Failed f -> {
          Failed o = failed(f);
          history.accept(ended(check.took((System.nanoTime() - t0) / 1_000_000), o));
          return o;
        }
        case Upstream.Soa s -> soa = s;
      }
      long theirs = soa.soa().getSerial();
      seen = theirs;
      if (whole) {
        // An operator asked for the primary's version whatever the serials say (as knotc
        // zone-retransfer and rndc retransfer do): also the way out of a serial reset.
        return axfr(ours, soa, "AXFR (retransfer asked for)", Accept.ANY);
      }
      if (ours != null) {
        if (theirs == ours.serial()) {
          return new Current(primary, theirs, soa.expire());
        }
        if (!Serial.isNewer(theirs, ours.serial()) && followResets) {
          return axfr(
              ours,
              soa,
              "AXFR after a serial reset (" + ours.serial() + " -> " + theirs + ", allowed)",
              Accept.PROBED);
        }
        if (!Serial.isNewer(theirs, ours.serial())) {
          return new Failed(
              who()
                  + " has serial "
                  + theirs
                  + ", older than ours ("
                  + ours.serial()
                  + "); keeping ours (RFC 1982)",
              theirs);
        }
      }
      if (ours == null || !primary.ixfr()) {
        return axfr(ours, soa, "AXFR", Accept.NEWER);
      }
      Transfer.Builder report = report(Transfer.Kind.IXFR);
      Upstream.Received r = receive(report, ours.serial());
      boolean reported = false;
      Outcome o =
          switch (r) {
            case Upstream.Failed f -> failed(f);
            case Upstream.UpToDate u -> new Current(primary, ours.serial(), soa.expire());
            case Upstream.Full f -> whole(ours, f, soa, "AXFR-style IXFR", Accept.NEWER);
            case Upstream.Incremental inc ->
                switch (applied(ours, inc)) {
                  case Applied.Reached a ->
                      new Transferred(
                          primary,
                          a.zone(),
                          theirs,
                          soa.expire(),
                          inc.steps(),
                          "IXFR",
                          changed(inc));
                  case Applied.NotApplied n -> {
                    // RFC 1995 section 4: if the differences don't apply, ask for the whole zone.
                    history.accept(report.failed(n.why() + "; trying AXFR"));
                    reported = true;
                    yield axfr(
                        ours, soa, "AXFR after IXFR did not apply (" + n.why() + ")", Accept.NEWER);
                  }
                };
          };
      if (!reported) {
        history.accept(ended(report, o));
      }
      return o;
    }

    /** The transfer (or check) reported as its outcome says: done, refused or failed. */
    private Transfer ended(Transfer.Builder report, Outcome o) {
      if (o instanceof Failed f) {
        return report.end(refused ? Transfer.Result.REFUSED : Transfer.Result.FAILED, f.error());
      }
      return report.ok();
    }

    private Outcome axfr(
        @Nullable ZoneSnapshot ours, Upstream.@Nullable Soa soa, String how, Accept accept) {
      Transfer.Builder report = report(Transfer.Kind.AXFR);
      Outcome o =
          switch (receive(report, -1)) {
            case Upstream.Failed f -> failed(f);
            case Upstream.Full f -> whole(ours, f, soa, how, accept);
            case Upstream.UpToDate u ->
                new Failed(who() + ": AXFR returned no zone (" + how + ")", seen);
            case Upstream.Incremental i -> new Failed(who() + ": AXFR answered IXFR-style", seen);
          };
      history.accept(ended(report, o));
      return o;
    }

    private Transfer.Builder report(Transfer.Kind kind) {
      return Transfer.in(zone, ctx.clock().instant(), primary.address(), primary.key(), kind);
    }

    /** One transfer; {@code report} notes what arrived and how long it took. */
    private Upstream.Received receive(Transfer.Builder report, long from) {
      refused = false;
      long t0 = System.nanoTime();
      Upstream.Received r = ctx.upstream().transfer(zone, primary, tsig, from);
      long to =
          switch (r) {
            case Upstream.Full f -> f.serial();
            case Upstream.Incremental i -> i.serial();
            case Upstream.UpToDate u -> from;
            case Upstream.Failed f -> -1;
          };
      report
          .serials(from, to)
          .carried(r.records(), r.bytes())
          .took((System.nanoTime() - t0) / 1_000_000);
      return r;
    }

    /** A primary's failure, with a hint of what to check at its side if one applies. */
    private Failed failed(Upstream.Failed f) {
      unreachable = f.unreachable();
      refused = f.refused();
      return new Failed(
          TransferHints.withHint(
              f.error(),
              zone,
              primary.address(),
              primary.key(),
              ctx.upstream().source(primary.address())),
          seen,
          f.cutShort());
    }

    /** A whole zone that arrived: built and validated, or why it cannot be served. */
    private Outcome whole(
        @Nullable ZoneSnapshot ours,
        Upstream.Full full,
        Upstream.@Nullable Soa soa,
        String how,
        Accept accept) {
      // The SOA probe said newer, but what arrives is what counts: a primary may send an older
      // version than the one probed (an IXFR answered NOTIMP, then an old AXFR).
      boolean taken =
          switch (accept) {
            case ANY -> true;
            case PROBED -> soa != null && full.serial() == soa.soa().getSerial();
            case NEWER -> ours == null || Serial.isNewer(full.serial(), ours.serial());
          };
      if (ours != null && !taken) {
        return new Failed(
            who()
                + ": the transferred zone has serial "
                + full.serial()
                + (full.serial() == ours.serial() ? ", the same as ours (" : ", older than ours (")
                + ours.serial()
                + "); keeping ours (RFC 1982)",
            seen);
      }
      ZoneSnapshot z = full.zone().build();
      if (z.serial() != full.serial()) {
        return new Failed(who() + ": the transferred zone has no SOA at its apex", seen);
      }
      List<String> errors = ZoneLoader.errors(z);
      if (!errors.isEmpty()) {
        return new Failed(
            who()
                + ": the transferred zone (serial "
                + z.serial()
                + ") is invalid: "
                + errors.get(0)
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""),
            seen);
      }
      long primarySerial = soa == null ? full.serial() : seen;
      long expire = soa == null ? full.expire() : soa.expire();
      return new Transferred(primary, z, primarySerial, expire, List.of(), how, z.recordCount());
    }
  }

  /** Which serials a whole zone may arrive with. */
  private enum Accept {
    /** Newer than ours (RFC 1982): the usual rule. */
    NEWER,
    /** The serial the SOA probe gave, older or not: a serial reset the zone follows. */
    PROBED,
    /** Any: an operator asked for the primary's version. */
    ANY
  }

  /** IXFR steps applied to our version: the version they reach, or why they do not apply. */
  private sealed interface Applied {
    record Reached(ZoneSnapshot zone) implements Applied {}

    record NotApplied(String why) implements Applied {}
  }

  private static Applied applied(ZoneSnapshot ours, Upstream.Incremental inc) {
    ZoneSnapshot z = ours;
    for (JournalStep step : inc.steps()) {
      if (step.from() != z.serial()) {
        return new Applied.NotApplied(
            "IXFR step from serial "
                + step.from()
                + " does not start at ours ("
                + z.serial()
                + ")");
      }
      try {
        z = z.apply(step.diff());
      } catch (ZoneDiffException e) {
        return new Applied.NotApplied("IXFR does not apply: " + e.getMessage());
      }
      if (z.serial() != step.to()) {
        return new Applied.NotApplied("IXFR step did not reach serial " + step.to());
      }
    }
    return new Applied.Reached(z);
  }

  private static long changed(Upstream.Incremental inc) {
    long n = 0;
    for (JournalStep s : inc.steps()) {
      n += s.records();
    }
    return n;
  }
}
