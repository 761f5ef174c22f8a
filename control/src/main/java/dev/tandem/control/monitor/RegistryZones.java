package dev.tandem.control.monitor;

import dev.tandem.control.ControlPlane;
import dev.tandem.control.access.Remote;
import dev.tandem.control.primary.PrimaryZone;
import dev.tandem.control.secondary.SecondaryZone;
import dev.tandem.control.zone.ManagedZone;
import dev.tandem.control.zone.ZoneStatus;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/** {@link WatchedZones} over the registry of a running server. */
public final class RegistryZones implements WatchedZones {
  private final ControlPlane plane;

  public RegistryZones(ControlPlane plane) {
    this.plane = plane;
  }

  @Override
  public List<Name> names() {
    return plane.namesInAnyOrder();
  }

  @Override
  public Optional<Subject> zone(Name name) {
    return plane.zone(name).map(RegistryZones::subject);
  }

  private static Subject subject(ManagedZone z) {
    List<Remote> primaries = List.of();
    List<Remote> targets = List.of();
    if (z instanceof SecondaryZone s) {
      primaries = s.config().primaries();
      targets = s.config().downstream();
    } else if (z instanceof PrimaryZone p) {
      targets = p.config().alsoNotify();
    }
    ZoneStatus status = z.status();
    boolean serving =
        z.current() != null
            && status.state() != ZoneStatus.State.EXPIRED
            && status.state() != ZoneStatus.State.LOADING;
    return new Subject(z.name(), z.current(), serving, primaries, targets, status.notified());
  }

  @Override
  public boolean isOwn(InetSocketAddress address) {
    return plane.isOwnAddress(address);
  }

  @Override
  public List<InetSocketAddress> ownAddresses() {
    List<InetSocketAddress> out = new ArrayList<>();
    for (InetSocketAddress a : plane.ownAddresses()) {
      if (!a.getAddress().isAnyLocalAddress() && a.getPort() != 0) {
        out.add(a);
      }
    }
    return out;
  }

  @Override
  public @Nullable TSIG tsig(Name key) {
    return plane.tsig(key);
  }

  @Override
  public boolean notifyAgain(Name zone, Remote target) {
    return plane.notifyAgain(zone, target);
  }
}
