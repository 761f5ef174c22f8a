package dev.tandem.control.monitor;

import dev.tandem.control.monitor.lookup.Querier;
import dev.tandem.control.monitor.lookup.Question;
import dev.tandem.control.monitor.lookup.Reply;
import dev.tandem.dns.engine.Responder;
import dev.tandem.dns.engine.ResponderConfig;
import dev.tandem.dns.engine.ServedZones;
import dev.tandem.dns.engine.Transport;
import dev.tandem.dns.zone.ZoneBuilder;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * An internet in memory for the checks' tests: each address a Tandem responder (the real answer
 * algorithm: referrals, glue, AA, NXDOMAIN) serving the zones given to it, asked without sockets.
 * An address serving nothing is silent; one can be made to refuse. Every question asked is kept, so
 * a test can say that nothing left the addresses it set up.
 */
final class MemoryInternet implements Querier {
  private final Map<InetAddress, List<ZoneSnapshot>> served = new ConcurrentHashMap<>();
  private final Set<InetAddress> refusing = ConcurrentHashMap.newKeySet();
  private final Set<InetAddress> down = ConcurrentHashMap.newKeySet();
  final List<InetSocketAddress> asked = new CopyOnWriteArrayList<>();

  /** {@code address} serves {@code zone} (replacing a version of it served before). */
  MemoryInternet serve(String address, ZoneSnapshot zone) {
    List<ZoneSnapshot> zones =
        served.computeIfAbsent(ip(address), a -> new CopyOnWriteArrayList<>());
    zones.removeIf(z -> z.origin().equals(zone.origin()));
    zones.add(zone);
    return this;
  }

  /** The version of {@code zone} {@code address} serves, or null. */
  @org.jspecify.annotations.Nullable
  ZoneSnapshot at(InetAddress address, Name zone) {
    List<ZoneSnapshot> zones = served.get(address);
    if (zones == null || down.contains(address)) {
      return null;
    }
    for (ZoneSnapshot z : zones) {
      if (z.origin().equals(zone)) {
        return z;
      }
    }
    return null;
  }

  /** {@code address} answers everything REFUSED. */
  void refuse(String address) {
    refusing.add(ip(address));
  }

  /** {@code address} answers nothing. */
  void down(String address, boolean isDown) {
    if (isDown) {
      down.add(ip(address));
    } else {
      down.remove(ip(address));
    }
  }

  @Override
  public CompletableFuture<Reply> ask(InetSocketAddress server, Question q) {
    asked.add(server);
    InetAddress a = server.getAddress();
    List<ZoneSnapshot> zones = served.get(a);
    if (zones == null || down.contains(a) || server.getPort() != 53) {
      return CompletableFuture.completedFuture(
          new Reply.Silence(Reply.Failure.TIMEOUT, "no answer from " + a.getHostAddress()));
    }
    Message query = messageOf(q);
    try {
      if (refusing.contains(a)) {
        Message m = new Message(query.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setRcode(Rcode.REFUSED);
        m.addRecord(query.getQuestion(), org.xbill.DNS.Section.QUESTION);
        return CompletableFuture.completedFuture(new Reply.Answer(m, q.tcp(), 100));
      }
      Responder r = new Responder(() -> ServedZones.of(zones), ResponderConfig.defaults());
      Responder.Session s = r.newSession();
      byte[] wire = query.toWire();
      int n =
          r.respond(s, wire, wire.length, q.tcp() ? Transport.TCP : Transport.UDP, ip("127.0.0.1"));
      Message m = new Message(Arrays.copyOf(s.response(), n));
      if (m.getHeader().getFlag(Flags.TC) && !q.tcp()) {
        return ask(server, q.overTcp());
      }
      return CompletableFuture.completedFuture(new Reply.Answer(m, q.tcp(), 100));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Message messageOf(Question q) {
    return q.message(4242);
  }

  static InetAddress ip(String address) {
    try {
      return InetAddress.getByName(address);
    } catch (IOException e) {
      throw new IllegalArgumentException(address, e);
    }
  }

  /** A zone from its text (origin-relative names allowed). */
  static ZoneSnapshot zone(String origin, String text) {
    Name o = Name.fromConstantString(origin);
    ZoneBuilder b = new ZoneBuilder(o);
    try (Master m =
        new Master(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), o, 3600)) {
      for (Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
        b.add(r);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
    return b.build();
  }

  /** Every address asked, as text. */
  List<String> askedAddresses() {
    List<String> out = new ArrayList<>();
    asked.forEach(a -> out.add(a.getAddress().getHostAddress()));
    return out;
  }
}
