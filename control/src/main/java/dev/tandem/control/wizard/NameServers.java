package dev.tandem.control.wizard;

import dev.tandem.control.access.Remote;
import dev.tandem.control.monitor.Monitor;
import dev.tandem.control.monitor.lookup.Question;
import dev.tandem.control.monitor.lookup.Reply;
import dev.tandem.control.service.ServiceException;
import dev.tandem.control.service.ZoneService;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The name servers a setup's steps ask: the names each provider's NS RRset should list (a hidden
 * primary's left out), and what a server answers, through the cross-provider checks' DNS client.
 */
final class NameServers {
  private static final Duration ASK = Duration.ofSeconds(3);

  private final ZoneService zones;
  private final @Nullable Monitor monitor;

  NameServers(ZoneService zones, @Nullable Monitor monitor) {
    this.zones = zones;
    this.monitor = monitor;
  }

  /**
   * The names both providers should list: Tandem's, and those the primary side lists (the other
   * primary's too, primary/primary), less a hidden primary's.
   */
  Set<Name> expected(Setup s) {
    Set<Name> out = new LinkedHashSet<>();
    if (!s.strategy().tandemLeads() || s.strategy() == Setup.Strategy.PRIMARY_PRIMARY) {
      out.addAll(nsAt(Remote.parseAddress(s.peer()), s.zone()));
    }
    if (s.strategy().tandemLeads()) {
      try {
        zones.served(s.zone()).recordsAt(s.zone()).stream()
            .filter(r -> r instanceof NSRecord)
            .forEach(r -> out.add(((NSRecord) r).getTarget()));
      } catch (ServiceException e) {
        // no zone here: only Tandem's names
      }
    }
    out.addAll(s.ourNames());
    Monitor m = monitor;
    if (m != null) {
      out.removeAll(hiddenIn(s, m, List.copyOf(out)));
    }
    return out;
  }

  /**
   * The hidden primary's names among {@code ns}: Tandem's own when it is the hidden primary, or
   * those with the hidden primary's address when Tandem is its public secondary.
   */
  List<Name> hiddenIn(Setup s, Monitor m, List<Name> ns) {
    return switch (s.strategy()) {
      case HIDDEN_PRIMARY -> ns.stream().filter(s.ourNames()::contains).toList();
      case SECONDARY_OF_HIDDEN -> {
        InetAddress primary = Remote.parseAddress(s.peer()).getAddress();
        yield ns.stream()
            .filter(n -> !s.ourNames().contains(n))
            .filter(n -> m.resolver().addresses(n).addresses().contains(primary))
            .toList();
      }
      default -> List.of();
    };
  }

  private @Nullable Message ask(InetSocketAddress server, Name name, int type) {
    Monitor m = monitor;
    if (m == null) {
      return null;
    }
    try {
      Reply r =
          m.querier()
              .ask(server, Question.of(name, type))
              .get(ASK.toMillis() * 3, TimeUnit.MILLISECONDS);
      Reply.Answer a = r.answer();
      return a == null ? null : a.message();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  List<Name> nsAt(InetSocketAddress server, Name zone) {
    Message m = ask(server, zone, Type.NS);
    List<Name> out = new ArrayList<>();
    if (m != null && m.getRcode() == Rcode.NOERROR) {
      for (Record r : m.getSection(Section.ANSWER)) {
        if (r instanceof NSRecord ns && r.getName().equals(zone)) {
          out.add(ns.getTarget());
        }
      }
    }
    return out;
  }

  boolean serves(InetSocketAddress server, Name name, String value) {
    Message m = ask(server, name, Type.TXT);
    if (m == null) {
      return false;
    }
    for (Record r : m.getSection(Section.ANSWER)) {
      if (r instanceof TXTRecord t && t.getStrings().contains(value)) {
        return true;
      }
    }
    return false;
  }
}
