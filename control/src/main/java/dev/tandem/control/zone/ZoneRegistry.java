package dev.tandem.control.zone;

import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * What a source of zones other than the configuration and the API (a catalog, RFC 9432) asks of the
 * registry: which zones are served, and to serve or stop serving one. The registry never asks what
 * kind a zone is. Called on control-plane threads.
 */
public interface ZoneRegistry {

  /** The zone of that name, if served here. */
  Optional<ManagedZone> zone(Name name);

  /** Every zone served here. */
  List<ManagedZone> zones();

  /**
   * Registers a zone its caller has started (it serves already).
   *
   * @throws IllegalArgumentException if a zone of that name is served here
   */
  void add(ManagedZone zone);

  /**
   * Puts {@code next} in the place of {@code old}, with no moment where the zone is not served:
   * {@code old} is closed (a change under way finishes first), {@code next} started (it serves what
   * the store holds) and registered in its place.
   */
  void replace(ManagedZone old, ManagedZone next);

  /**
   * Stops serving {@code zone}: closes it, unregisters and unpublishes it. What the store holds of
   * it is the caller's to keep or delete.
   */
  void remove(ManagedZone zone);

  /** Something told when zones come and go (a catalog this server makes of its zones). */
  interface Listener {
    /** The zones served changed: one was added or removed. Must not block. */
    void changed();
  }
}
