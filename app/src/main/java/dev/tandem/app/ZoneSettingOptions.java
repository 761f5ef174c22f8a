package dev.tandem.app;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The options that set a zone's settings, shared by {@code zone create} and {@code zone set}: each
 * repeatable list option gives one item of the zone's list.
 */
final class ZoneSettingOptions {
  @Option(
      names = "--primary",
      paramLabel = "ADDR[:PORT][@KEYNAME]|PEER",
      description =
          "Secondary: a primary to transfer from, in order of preference; repeatable (with 'zone"
              + " create': implies --secondary)")
  List<String> primaries = new ArrayList<>();

  @Option(
      names = "--allow-notify",
      paramLabel = "PREFIX[@KEYNAME]",
      description = "Secondary: NOTIFY accepted from others than the primaries; repeatable")
  List<String> allowNotify = new ArrayList<>();

  @Option(
      names = "--allow-transfer",
      paramLabel = "PREFIX[@KEYNAME]|ACL|PEER",
      description = "Who may transfer it; repeatable")
  List<String> allowTransfer = new ArrayList<>();

  @Option(
      names = "--notify",
      paramLabel = "ADDR:PORT[@KEYNAME]|PEER",
      description = "A secondary to NOTIFY of each new serial; repeatable")
  List<String> notify = new ArrayList<>();

  @Option(
      names = "--allow-update",
      paramLabel = "KEYNAME[:NAME[:TYPE,...]]",
      description = "Primary: who may change it by UPDATE; repeatable")
  List<String> allowUpdate = new ArrayList<>();

  @Option(
      names = "--serial-policy",
      paramLabel = "POLICY",
      description = "Primary: increment (default), unixtime or dateserial")
  @Nullable String serialPolicy;
}
