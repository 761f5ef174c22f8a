package dev.tandem.app;

import dev.tandem.dns.engine.ServedZones;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** The commands of the control channel. */
final class ZoneFilesControl {
  private final ZoneFiles zoneFiles;
  private final AtomicReference<ServedZones> served;

  ZoneFilesControl(ZoneFiles zoneFiles, AtomicReference<ServedZones> served) {
    this.zoneFiles = zoneFiles;
    this.served = served;
  }

  ControlChannel.Reply handle(String command) {
    return switch (command) {
      case "reload" -> reload();
      case "zones" -> zones();
      default -> new ControlChannel.Reply(List.of("unknown command '" + command + "'"), false);
    };
  }

  private ControlChannel.Reply reload() {
    List<String> lines = new ArrayList<>();
    boolean ok = true;
    for (ZoneFiles.Outcome o : zoneFiles.reload()) {
      o.problems().forEach(p -> lines.add(o.source().origin() + ": " + p));
      lines.add(o.source().origin() + ": " + o.status());
      ok &= !o.failed();
    }
    return new ControlChannel.Reply(lines, ok);
  }

  private ControlChannel.Reply zones() {
    List<String> lines = new ArrayList<>();
    for (ZoneSnapshot z : served.get().all()) {
      lines.add(z.origin() + " serial " + z.serial() + " records " + z.recordCount());
    }
    return new ControlChannel.Reply(lines, true);
  }
}
