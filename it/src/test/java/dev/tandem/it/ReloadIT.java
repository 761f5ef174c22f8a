package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Zone files re-read on SIGHUP and on {@code tandem reload}; a broken file changes nothing. */
class ReloadIT {
  @TempDir Path dir;
  Path zone;
  Path data;
  TandemProcess tandem;
  DnsClient client;

  @BeforeEach
  void start() throws Exception {
    zone = dir.resolve("example.test.zone");
    data = dir.resolve("data");
    Files.writeString(zone, zone(1, "192.0.2.1"));
    tandem =
        TandemProcess.serve(
            dir.resolve("run"),
            "--dns",
            "127.0.0.1:0",
            "--zone",
            "example.test=" + zone,
            "--data",
            data.toString(),
            "--threads",
            "1");
    client = new DnsClient(tandem.port());
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    tandem.close();
  }

  private static String zone(long serial, String address) {
    return "$ORIGIN example.test.\n$TTL 300\n"
        + "@ SOA ns1 hostmaster "
        + serial
        + " 3600 900 1209600 300\n"
        + "  NS ns1\nns1 A 192.0.2.53\nwww A "
        + address
        + "\n";
  }

  @Test
  void reloadCommandServesTheNewVersion() throws Exception {
    Files.writeString(zone, zone(2, "192.0.2.2"));
    TandemProcess.Result r = TandemProcess.run(dir, "reload", "--data", data.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("example.test.: loaded serial 2");
    assertThat(serial()).isEqualTo(2);
    assertThat(www()).isEqualTo("192.0.2.2");
  }

  @Test
  void aBrokenFileKeepsThePreviousVersionServing() throws Exception {
    Files.writeString(zone, zone(3, "192.0.2.3") + "www CNAME ns1\n");
    TandemProcess.Result r = TandemProcess.run(dir, "reload", "--data", data.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out())
        .contains(zone + ":7: error: CNAME and other data")
        .contains("not reloaded, still serving serial 1");
    assertThat(serial()).isEqualTo(1);
    assertThat(www()).isEqualTo("192.0.2.1");
    assertThat(tandem.isAlive()).isTrue();
  }

  @Test
  void hangupReloads() throws Exception {
    Files.writeString(zone, zone(4, "192.0.2.4"));
    tandem.signal("HUP");
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (serial() != 4 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(serial())
        .as("the serial served; the server's log:%n%s", tandem.output())
        .isEqualTo(4);
    assertThat(www()).isEqualTo("192.0.2.4");
  }

  /**
   * Under nohup SIGHUP is ignored, and the JVM keeps an ignored signal ignored: the server cannot
   * reload on it and says so at start; {@code tandem reload} still reloads it.
   */
  @Test
  void underNohupTheServerSaysSighupWillNotReloadAndTheCommandStillDoes() throws Exception {
    Path otherData = dir.resolve("nohup-data");
    TandemProcess t =
        TandemProcess.serveUnder(
            java.util.List.of("nohup"),
            dir.resolve("nohup"),
            "--dns",
            "127.0.0.1:0",
            "--zone",
            "example.test=" + zone,
            "--data",
            otherData.toString(),
            "--threads",
            "1");
    try (DnsClient c = new DnsClient(t.port())) {
      assertThat(t.output()).contains("SIGHUP is ignored in this process");
      Files.writeString(zone, zone(2, "192.0.2.2"));
      TandemProcess.Result r = TandemProcess.run(dir, "reload", "--data", otherData.toString());
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(serial(c)).isEqualTo(2);
    } finally {
      t.close();
    }
  }

  @Test
  void reloadWithoutARunningServerSaysSo() throws Exception {
    TandemProcess.Result r =
        TandemProcess.run(dir, "reload", "--data", dir.resolve("elsewhere").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("no server is running with data directory");
  }

  private long serial() throws Exception {
    return serial(client);
  }

  private static long serial(DnsClient client) throws Exception {
    Message m = client.udp(CommandLineIT.query("example.test.", Type.SOA));
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    return ((SOARecord) m.getSection(Section.ANSWER).get(0)).getSerial();
  }

  private String www() throws Exception {
    Message m = client.udp(CommandLineIT.query("www.example.test.", Type.A));
    Record a = m.getSection(Section.ANSWER).get(0);
    return a.rdataToString();
  }
}
