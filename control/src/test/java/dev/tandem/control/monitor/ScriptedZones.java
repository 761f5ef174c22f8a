package dev.tandem.control.monitor;

import dev.tandem.control.access.Remote;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/** The zones "served here" for the monitor's tests, set by the test; NOTIFYs sent again noted. */
final class ScriptedZones implements WatchedZones {
  final Map<Name, Subject> zones = new ConcurrentHashMap<>();
  final List<InetSocketAddress> own = new CopyOnWriteArrayList<>();
  final List<String> notifiedAgain = new CopyOnWriteArrayList<>();

  void put(Subject s) {
    zones.put(s.name(), s);
  }

  @Override
  public List<Name> names() {
    return new ArrayList<>(zones.keySet());
  }

  @Override
  public Optional<Subject> zone(Name name) {
    return Optional.ofNullable(zones.get(name));
  }

  @Override
  public boolean isOwn(InetSocketAddress address) {
    return own.contains(address);
  }

  @Override
  public List<InetSocketAddress> ownAddresses() {
    return own;
  }

  @Override
  public @Nullable TSIG tsig(Name key) {
    return null;
  }

  @Override
  public boolean notifyAgain(Name zone, Remote target) {
    notifiedAgain.add(zone + " " + Remote.format(target.address()));
    return true;
  }
}
