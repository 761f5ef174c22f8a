package dev.tandem.control.sync.adapter;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * Any RFC-compliant primary (BIND, Knot, PowerDNS with dnsupdate): changes go as one RFC 2136
 * UPDATE over TCP, signed with a TSIG key (RFC 8945), each RRset replaced by "delete RRset" then
 * "add" (section 2.5.2, 2.5.1) in one message, which the primary applies all or nothing (section
 * 3.4); the zone is read back by AXFR signed with the same key.
 *
 * <p>At the apex, a primary ignores the deletion of the whole NS RRset (section 3.4.2.4: a zone
 * keeps its NS), so the apex NS records the engine no longer wants are deleted one by one (section
 * 2.5.4), from what it last saw there.
 */
public final class Rfc2136Adapter implements SyncAdapter {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Name zone;
  private final InetSocketAddress primary;
  private final @Nullable TSIG key;

  public Rfc2136Adapter(Name zone, InetSocketAddress primary, @Nullable TSIG key) {
    this.zone = zone;
    this.primary = primary;
    this.key = key;
  }

  @Override
  public String describe() {
    return primary.getAddress().getHostAddress() + ":" + primary.getPort();
  }

  @Override
  public List<SyncRrSet> list() throws SyncException {
    ZoneTransferIn axfr = ZoneTransferIn.newAXFR(zone, primary, key);
    axfr.setTimeout(TIMEOUT);
    List<Record> records;
    try {
      axfr.run();
      records = axfr.getAXFR();
    } catch (ZoneTransferException e) {
      throw SyncException.refused(
          "AXFR of " + zone + " from " + describe() + ": " + e.getMessage());
    } catch (IOException e) {
      throw SyncException.unreachable(
          "AXFR of " + zone + " from " + describe() + ": " + e.getMessage(), e);
    }
    Map<SyncRrSet.Key, List<Record>> byKey = new LinkedHashMap<>();
    boolean soaSeen = false;
    for (Record r : records) {
      if (r.getType() == Type.SOA) {
        if (soaSeen) {
          continue; // the closing SOA of the AXFR (RFC 5936 section 2.2)
        }
        soaSeen = true;
      }
      byKey
          .computeIfAbsent(new SyncRrSet.Key(r.getName(), r.getType()), k -> new ArrayList<>())
          .add(r);
    }
    List<SyncRrSet> out = new ArrayList<>();
    byKey.values().forEach(rs -> out.add(SyncRrSet.of(rs)));
    return out;
  }

  @Override
  public void apply(List<Replacement> changes) throws SyncException {
    Update update = new Update(zone);
    for (Replacement c : changes) {
      SyncRrSet after = c.after();
      boolean apexNs = after.type() == Type.NS && after.name().equals(zone.canonicalize());
      if (apexNs) {
        for (Record r : c.before().toRecords()) {
          if (!after.records().contains(SyncRrSet.of(List.of(r)).records().getFirst())) {
            update.delete(r);
          }
        }
      } else {
        update.delete(after.name(), after.type());
      }
      for (Record r : after.toRecords()) {
        update.add(r);
      }
    }
    SimpleResolver resolver = new SimpleResolver(primary);
    resolver.setTCP(true);
    resolver.setTimeout(TIMEOUT);
    if (key != null) {
      resolver.setTSIGKey(key);
    }
    Message answer;
    try {
      answer = resolver.send(update);
    } catch (IOException e) {
      throw SyncException.unreachable("UPDATE to " + describe() + ": " + e.getMessage(), e);
    }
    int rcode = answer.getRcode();
    if (rcode == Rcode.NOERROR) {
      return;
    }
    String why = "UPDATE to " + describe() + " answered " + Rcode.string(rcode);
    if (answer.isSigned() && !answer.isVerified()) {
      throw SyncException.failed(why + " (its TSIG signature did not verify)");
    }
    // NOTAUTH and REFUSED name the key or the zone, not a record: retrying one RRset at a time
    // would find every one refused, so they are failures of the target as a whole.
    if (rcode == Rcode.NOTAUTH || rcode == Rcode.NOTZONE || rcode == Rcode.SERVFAIL) {
      throw SyncException.failed(why);
    }
    throw SyncException.refused(why);
  }
}
