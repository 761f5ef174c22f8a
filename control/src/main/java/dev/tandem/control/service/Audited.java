package dev.tandem.control.service;

import dev.tandem.control.AuditTrail;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * A change made and written to the audit log as it ended: made ({@code ok}, with what it came to),
 * refused ({@code refused: WHY}, a {@link ServiceException}) or failed ({@code failed: WHY}).
 */
final class Audited {
  private Audited() {}

  /**
   * Runs {@code work} for {@code actor} and records it.
   *
   * @param request what was asked, recorded in every case
   * @param result what it came to, added when it was made
   */
  static <T> T run(
      AuditTrail trail,
      Actor actor,
      String action,
      @Nullable Name zone,
      String target,
      Map<String, ?> request,
      Function<T, Map<String, ?>> result,
      Supplier<T> work) {
    T done;
    try {
      done = work.get();
    } catch (ServiceException e) {
      trail.record(
          actor.name(), actor.via(), action, zone, target, request, "refused: " + e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      trail.record(
          actor.name(), actor.via(), action, zone, target, request, "failed: " + e.getMessage());
      throw e;
    }
    Map<String, Object> detail = new LinkedHashMap<>(request);
    detail.putAll(result.apply(done));
    trail.record(actor.name(), actor.via(), action, zone, target, detail, AuditTrail.OK);
    return done;
  }

  /** As above, for a change that gives nothing back. */
  static void run(
      AuditTrail trail,
      Actor actor,
      String action,
      @Nullable Name zone,
      String target,
      Map<String, ?> request,
      Runnable work) {
    run(
        trail,
        actor,
        action,
        zone,
        target,
        request,
        x -> Map.of(),
        () -> {
          work.run();
          return Boolean.TRUE;
        });
  }
}
