package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The {@code tandem} command as an operator meets it: clear errors with file and line, non-zero
 * exits, nothing half-started.
 */
class CommandLineIT {
  static final String ZONE =
      """
      $ORIGIN example.test.
      $TTL 300
      @    SOA ns1 hostmaster 7 3600 900 1209600 300
           NS  ns1
      ns1  A   192.0.2.1
      www  A   192.0.2.80
      """;

  @TempDir Path dir;

  @Test
  void checkZoneAcceptsAValidZone() throws Exception {
    Path zone = write("ok.zone", ZONE);
    TandemProcess.Result r = TandemProcess.run(dir, "check-zone", "example.test", zone.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("zone example.test.: serial 7, 4 records: OK");
  }

  @Test
  void checkZoneReportsASyntaxErrorWithFileAndLine() throws Exception {
    Path zone =
        write(
            "bad.zone",
            ZONE
                + "www  CNAME ns1\n" // line 7: beside the A record of www
                + "bad  A   192.0.2.300\n"); // line 8: not an address
    TandemProcess.Result r = TandemProcess.run(dir, "check-zone", "example.test", zone.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains(zone + ":8: error:").contains("not valid");
  }

  @Test
  void checkZoneNamesTheLineOfASemanticError() throws Exception {
    Path zone = write("cname.zone", ZONE + "www  CNAME ns1\n");
    TandemProcess.Result r = TandemProcess.run(dir, "check-zone", "example.test", zone.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains(zone + ":7: error: CNAME and other data");
  }

  @Test
  void checkZoneWarnsButAcceptsOutOfZoneData() throws Exception {
    Path zone = write("warn.zone", ZONE + "www.example.org. A 192.0.2.9\n");
    TandemProcess.Result r = TandemProcess.run(dir, "check-zone", "example.test", zone.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains(zone + ":7: warning: ignoring out-of-zone data (www.example.org.)");
  }

  @Test
  void checkZoneRefusesAGenerateBeyondTheZoneSizeLimitAtItsLineWithoutAStackTrace()
      throws Exception {
    // Issue 14: 150 bytes asking for a hundred million records ran into OutOfMemoryError and a
    // raw stack trace.
    Path zone = write("generate.zone", ZONE + "$GENERATE 0-100000000 h$ A 10.0.0.1\n");
    TandemProcess.Result r = TandemProcess.run(dir, "check-zone", "example.test", zone.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .contains(zone + ":7: error: $GENERATE makes 100000001 records")
        .contains("the zone size limit of 20000000 records")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void checkZoneReportsAMissingFile() throws Exception {
    TandemProcess.Result r =
        TandemProcess.run(dir, "check-zone", "example.test", dir.resolve("nope.zone").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("nope.zone").contains("no such file");
  }

  @Test
  void checkZoneReportsAnUnreadableFile() throws Exception {
    Path zone = write("secret.zone", ZONE);
    Files.setPosixFilePermissions(zone, PosixFilePermissions.fromString("---------"));
    if (Files.isReadable(zone)) {
      return; // root reads anything; the no-such-file case covers the path
    }
    TandemProcess.Result r = TandemProcess.run(dir, "check-zone", "example.test", zone.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("permission denied");
  }

  @Test
  void unknownFlagsAreUsageErrors() throws Exception {
    TandemProcess.Result r = TandemProcess.run(dir, "serve", "--frobnicate");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown option: '--frobnicate'");
  }

  @Test
  void zoneFlagsAreCheckedBeforeStarting() throws Exception {
    TandemProcess.Result badSecondary =
        TandemProcess.run(dir, "serve", "--secondary", "example.test=192.0.2.1:notaport");
    TandemProcess.Result unknownKey =
        TandemProcess.run(dir, "serve", "--secondary", "example.test=192.0.2.1:53@nokey");
    TandemProcess.Result notifyForNoZone =
        TandemProcess.run(dir, "serve", "--notify", "example.org=127.0.0.1:53");
    TandemProcess.Result updateForNoZone =
        TandemProcess.run(dir, "serve", "--allow-update", "example.org=somekey");
    TandemProcess.Result undefinedUpdateKey =
        TandemProcess.run(
            dir,
            "serve",
            "--zone",
            "example.test=" + write("ok.zone", ZONE),
            "--allow-update",
            "example.test=nokey");

    assertThat(badSecondary.exitCode()).isEqualTo(2);
    assertThat(badSecondary.err()).contains("--secondary");
    assertThat(unknownKey.exitCode()).isNotZero();
    assertThat(unknownKey.err()).contains("nokey");
    assertThat(notifyForNoZone.exitCode()).isEqualTo(2);
    assertThat(notifyForNoZone.err()).contains("invalid --notify: example.org. is not served here");
    assertThat(updateForNoZone.exitCode()).isEqualTo(2);
    assertThat(updateForNoZone.err())
        .contains("invalid --allow-update: example.org. is not a primary zone here");
    assertThat(undefinedUpdateKey.exitCode()).isEqualTo(1);
    assertThat(undefinedUpdateKey.err()).contains("TSIG key nokey., which is not defined");
  }

  @Test
  void aMalformedZoneOptionIsAUsageError() throws Exception {
    TandemProcess.Result r = TandemProcess.run(dir, "serve", "--zone", "example.test");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("ORIGIN=FILE");
  }

  @Test
  void serveRefusesToStartWithABrokenZone() throws Exception {
    Path zone = write("broken.zone", ZONE + "www CNAME ns1\n");
    TandemProcess.Result r =
        TandemProcess.run(
            dir,
            "serve",
            "--dns",
            "127.0.0.1:0",
            "--zone",
            "example.test=" + zone,
            "--data",
            dir.resolve("data").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains(zone + ":7: error: CNAME and other data");
    assertThat(r.err()).contains("did not load");
    assertThat(r.out()).doesNotContain("listening");
  }

  @Test
  void serveReportsAPortInUseAndLeavesNothingBehind() throws Exception {
    Path zone = write("ok.zone", ZONE);
    int port = Peers.freePort();
    try (DatagramSocket taken = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
      TandemProcess.Result r =
          TandemProcess.run(
              dir,
              "serve",
              "--dns",
              "127.0.0.1:" + port,
              "--zone",
              "example.test=" + zone,
              "--data",
              dir.resolve("data").toString());
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.err()).contains("cannot listen on 127.0.0.1:" + port).contains("in use");
    }
    // Nothing half-started: the data directory is free for the next server.
    try (TandemProcess t =
        TandemProcess.serve(
            dir.resolve("second"),
            "--dns",
            "127.0.0.1:0",
            "--zone",
            "example.test=" + zone,
            "--data",
            dir.resolve("data").toString())) {
      assertThat(t.isAlive()).isTrue();
    }
  }

  @Test
  void aSecondServerOnAnAddressInUseRefusesToStartAndTheFirstKeepsItsTraffic() throws Exception {
    Path zone = write("ok.zone", ZONE);
    try (TandemProcess first =
        TandemProcess.serve(
            dir.resolve("first"),
            "--dns",
            "127.0.0.1:0",
            "--zone",
            "example.test=" + zone,
            "--data",
            dir.resolve("first-data").toString())) {
      // Another data directory: nothing but the address is shared.
      TandemProcess.Result second =
          TandemProcess.run(
              dir,
              "serve",
              "--dns",
              "127.0.0.1:" + first.port(),
              "--zone",
              "example.test=" + zone,
              "--data",
              dir.resolve("second-data").toString());
      assertThat(second.exitCode()).isEqualTo(1);
      assertThat(second.err())
          .contains("cannot listen on 127.0.0.1:" + first.port())
          .contains("address already in use");
      try (DnsClient c = new DnsClient(first.port())) {
        for (int i = 0; i < 20; i++) {
          assertThat(c.udp(query("example.test.", Type.SOA)).getRcode()).isZero();
        }
      }
    }
  }

  @Test
  void twoServersCannotShareADataDirectory() throws Exception {
    Path zone = write("ok.zone", ZONE);
    String data = dir.resolve("shared-data").toString();
    try (TandemProcess first =
        TandemProcess.serve(
            dir.resolve("a"),
            "--dns",
            "127.0.0.1:0",
            "--zone",
            "example.test=" + zone,
            "--data",
            data)) {
      TandemProcess.Result second =
          TandemProcess.run(
              dir,
              "serve",
              "--dns",
              "127.0.0.1:0",
              "--zone",
              "example.test=" + zone,
              "--data",
              data);
      assertThat(second.exitCode()).isEqualTo(1);
      assertThat(second.err()).contains("in use by another running tandem");
      assertThat(first.isAlive()).isTrue();
    }
  }

  @Test
  void withNoFlagsItServesASampleZoneOnAHighLoopbackPort() throws Exception {
    try (TandemProcess t = TandemProcess.serve(dir.resolve("defaults"))) {
      assertThat(t.port()).isEqualTo(5300);
      // The hint follows the "listening" line that serve() waits for: give it a moment.
      for (int i = 0; i < 50 && !t.output().contains("try:"); i++) {
        Thread.sleep(100);
      }
      assertThat(t.output())
          .contains("serving example.test.")
          .contains("try: dig @127.0.0.1 -p 5300");
      assertThat(dir.resolve("defaults/tandem-data/zones/example.test.zone")).exists();
      try (DnsClient c = new DnsClient(t.port())) {
        Message m = c.udp(query("www.example.test.", Type.A));
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(m.getSection(Section.ANSWER)).hasSize(1);
      }
    }
  }

  @Test
  void servesOnIpv4AndIpv6AddressesAtOnce() throws Exception {
    Path zone = write("ok.zone", ZONE);
    int port = Peers.freePort();
    try (TandemProcess t =
            TandemProcess.serve(
                dir.resolve("v6"),
                "--dns",
                "127.0.0.1:" + port,
                "--dns",
                "[::1]:" + port,
                "--zone",
                "example.test=" + zone);
        DnsClient v4 = new DnsClient(port);
        DnsClient v6 =
            new DnsClient(new java.net.InetSocketAddress(InetAddress.getByName("::1"), port))) {
      assertThat(t.output()).contains("listening on 127.0.0.1:" + port + ", [::1]:" + port);
      for (DnsClient c : List.of(v4, v6)) {
        Message udp = c.udp(query("www.example.test.", Type.A));
        assertThat(udp.getSection(Section.ANSWER)).hasSize(1);
        Message tcp = c.tcp(query("www.example.test.", Type.A));
        assertThat(tcp.getSection(Section.ANSWER)).hasSize(1);
      }
    }
  }

  private Path write(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  static Message query(String name, int type) throws Exception {
    return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
  }
}
