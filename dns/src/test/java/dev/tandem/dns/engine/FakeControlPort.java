package dev.tandem.dns.engine;

import dev.tandem.dns.zone.Transfer;
import dev.tandem.dns.zone.ZoneDiff;
import dev.tandem.dns.zone.ZoneText;
import java.net.InetAddress;
import java.time.Clock;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;

/**
 * A control plane for the engine's tests: it knows one key ({@link #KEY}), allows transfers signed
 * with it, takes NOTIFYs for example.com, gives the EXPIRE and the kept changes a test sets, and
 * leaves UPDATEs pending until the test completes {@link #update}. It records every call.
 */
final class FakeControlPort implements ControlPort {
  static final String SECRET = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=";
  static final TSIG KEY = new TSIG(TSIG.HMAC_SHA256, "xfr.key.", SECRET);
  static final TSIG WRONG = new TSIG(TSIG.HMAC_SHA256, "xfr.key.", "d3Jvbmd3cm9uZ3dyb25n");
  static final TSIG STRANGER = new TSIG(TSIG.HMAC_SHA256, "other.key.", SECRET);

  final List<String> notifies = new ArrayList<>();
  final List<String> refusedNotifies = new ArrayList<>();
  final List<Transfer> transfers = new ArrayList<>();
  final List<String> updates = new ArrayList<>();

  /** What {@link #expireSeconds} gives, for every zone. */
  long expire = -1;

  /** What {@link #changes} gives, from serial {@link #changesFrom} to {@link #changesTo}. */
  @Nullable List<ZoneDiff> changes;

  long changesFrom = 0;
  long changesTo = 1;

  /** The RCODE every UPDATE gets, when the test completes it. */
  CompletableFuture<Integer> update = new CompletableFuture<>();

  /** The RCODE a NOTIFY for example.com gets (others get NOTAUTH). */
  int notifyRcode = Rcode.NOERROR;

  InstantSource clock = Clock.systemUTC();

  @Override
  public @Nullable TSIG key(Name name) {
    return name.equals(ZoneText.name("xfr.key.")) ? KEY : null;
  }

  @Override
  public boolean mayTransfer(Name zone, InetAddress peer, @Nullable Name key, boolean overTls) {
    return key != null;
  }

  @Override
  public int notify(Name zone, InetAddress peer, @Nullable Name key, long serial) {
    notifies.add(zone + " " + serial + " " + key);
    return zone.equals(ZoneText.name("example.com.")) ? notifyRcode : Rcode.NOTAUTH;
  }

  @Override
  public void notifyRefused(Name zone, InetAddress peer, String why) {
    refusedNotifies.add(zone + " " + why);
  }

  @Override
  public @Nullable List<ZoneDiff> changes(Name zone, long from, long to) {
    return from == changesFrom && to == changesTo ? changes : null;
  }

  @Override
  public CompletionStage<Integer> update(
      Name zone, Message request, InetAddress peer, @Nullable Name key) {
    updates.add(zone + " " + key);
    return update;
  }

  @Override
  public void transferredOut(Transfer transfer) {
    transfers.add(transfer);
  }

  @Override
  public InstantSource clock() {
    return clock;
  }

  @Override
  public long expireSeconds(Name zone) {
    return expire;
  }
}
