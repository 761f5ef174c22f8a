package dev.tandem.app;

import dev.tandem.dns.engine.ResponderConfig;
import dev.tandem.server.ServerConfig;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tandem selftest}: starts a server on a free loopback port with a generated zone, asks it a
 * round of questions over UDP and TCP, reloads it, and checks every answer. Exit 0 when all is
 * well. It proves an installation works (native transport, sockets, zone loading).
 *
 * <p>The build records the JVM's ahead-of-time caches with it (bin/tandem, app/pom.xml). Every
 * class in a cache is loaded at every start, so the server's is recorded from a run with {@code
 * --server-only}, without the CLI's HTTP client and TLS classes; a run without it checks the CLI in
 * this JVM and records the CLI's cache from a client command in a JVM of its own.
 */
@Command(
    name = "selftest",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a server on a free loopback port with a generated zone, queries it over UDP and"
          + " TCP, reloads it, checks every answer, and stops. Exit 0 when all is well."
    })
final class SelftestCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(
      names = "--records",
      paramLabel = "N",
      description = "Hosts in the generated zone (default: ${DEFAULT-VALUE})")
  int records = 20_000;

  @CommandLine.Option(
      names = "--server-only",
      description = "Do not run CLI commands against the server's API")
  boolean serverOnly;

  @CommandLine.Option(names = "--record-cli-cache", paramLabel = "FILE", hidden = true)
  Path cliCache;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("tandem-selftest");
    Path store = dir.resolve("data");
    try {
      Path zone = dir.resolve("selftest.test.zone");
      Files.writeString(zone, zoneText(records));
      TandemServer.Options options =
          new TandemServer.Options(
              List.of(ZoneSource.parse("selftest.test=" + zone)),
              store,
              ServerConfig.of(List.of(new InetSocketAddress("127.0.0.1", 0)), 1),
              ResponderConfig.defaults(),
              TandemServer.Control.none(),
              null);
      int queries;
      try (TandemServer server = TandemServer.start(options)) {
        InetSocketAddress at = server.dns().addresses().get(0);
        queries = ask(at, records);
        List<ZoneFiles.Outcome> reloaded = server.reloadNow();
        if (reloaded.stream().anyMatch(ZoneFiles.Outcome::failed)) {
          throw new IllegalStateException("reload failed: " + reloaded);
        }
        queries += ask(at, records);
        if (!serverOnly) {
          askThroughTheApi(store);
        }
        if (cliCache != null) {
          recordCliCache(store, cliCache, dir.resolve("cli-cache.log"));
        }
      }
      out.printf(
          "selftest: ok (%d queries over UDP and TCP answered as expected%s)%n",
          queries, serverOnly ? "" : "; the CLI reached the API");
      return 0;
    } catch (StartException | IllegalStateException | IOException e) {
      spec.commandLine().getErr().println("tandem selftest: " + e.getMessage());
      return 1;
    } finally {
      deleteTree(dir);
    }
  }

  /**
   * Runs client commands against the server, as {@code tandem zone status} does from another
   * process: the API answers.
   */
  private static void askThroughTheApi(Path data) {
    for (String[] command :
        List.of(
            new String[] {"zone", "status", "selftest.test", "--json"},
            new String[] {"zone", "list"})) {
      StringWriter cliOut = new StringWriter();
      StringWriter cliErr = new StringWriter();
      List<String> args = new ArrayList<>(List.of(command));
      args.addAll(List.of("--data", data.toString()));
      int code =
          Main.run(new PrintWriter(cliOut), new PrintWriter(cliErr), args.toArray(String[]::new));
      if (code != 0 || !cliOut.toString().contains("selftest.test.")) {
        throw new IllegalStateException(
            "'tandem " + String.join(" ", command) + "' failed (exit " + code + "): " + cliErr);
      }
    }
  }

  /**
   * Runs {@code tandem zone status} against this server in a JVM of its own, started as this one
   * was (its options, class path, main class), recording that JVM's ahead-of-time cache to {@code
   * cache}.
   */
  private static void recordCliCache(Path data, Path cache, Path log)
      throws IOException, InterruptedException {
    ProcessHandle.Info self = ProcessHandle.current().info();
    String java = self.command().orElseThrow(() -> new IOException("this JVM's path is unknown"));
    String[] args =
        self.arguments()
            .orElseThrow(() -> new IOException("this JVM's arguments are unknown (over 4 KB?)"));
    List<String> command = new ArrayList<>(List.of(java));
    for (String arg : args) {
      if (arg.equals(Main.class.getName())) {
        break;
      }
      if (!arg.startsWith("-XX:AOTCache")) {
        command.add(arg);
      }
    }
    command.addAll(
        List.of(
            "-XX:AOTCacheOutput=" + cache,
            Main.class.getName(),
            "zone",
            "status",
            "selftest.test",
            "--data",
            data.toString()));
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(
          "recording the CLI's cache failed (exit "
              + p.exitValue()
              + "): "
              + Files.readString(log));
    }
  }

  private static String zoneText(int hosts) {
    StringBuilder z = new StringBuilder();
    z.append("$ORIGIN selftest.test.\n$TTL 300\n")
        .append("@ SOA ns1 hostmaster 1 3600 900 1209600 300\n")
        .append("@ NS ns1\n@ NS ns2.example.net.\n@ MX 10 mail\n")
        .append("ns1 A 192.0.2.53\nns1 AAAA 2001:db8::53\nmail A 192.0.2.25\n")
        .append("*.wild A 192.0.2.100\nalias CNAME host1\nsub NS ns1.sub\n")
        .append("ns1.sub A 192.0.2.54\nd DNAME selftest.test.\n")
        .append("_sip._tcp SRV 10 5 5060 host2\n")
        .append("big TXT \"")
        .append("x".repeat(200))
        .append("\" \"")
        .append("y".repeat(200))
        .append("\" \"")
        .append("z".repeat(200))
        .append("\"\n");
    for (int i = 0; i < hosts; i++) {
      z.append("host").append(i);
      switch (i % 4) {
        case 0 ->
            z.append(" A 10.")
                .append(i >> 16 & 255)
                .append('.')
                .append(i >> 8 & 255)
                .append('.')
                .append(i & 255);
        case 1 -> z.append(" AAAA 2001:db8::").append(Integer.toHexString(i));
        case 2 -> z.append(" TXT \"host ").append(i).append('"');
        default -> z.append(" MX 10 mail");
      }
      z.append('\n');
    }
    return z.toString();
  }

  /** A round of questions; returns how many were asked. */
  private static int ask(InetSocketAddress at, int hosts) throws IOException {
    Object[][] cases = {
      {"selftest.test.", Type.SOA, Rcode.NOERROR, 1},
      {"selftest.test.", Type.NS, Rcode.NOERROR, 2},
      {"selftest.test.", Type.MX, Rcode.NOERROR, 1},
      {"host0.selftest.test.", Type.A, Rcode.NOERROR, 1},
      {"host1.selftest.test.", Type.AAAA, Rcode.NOERROR, 1},
      {"nope.selftest.test.", Type.A, Rcode.NXDOMAIN, 0},
      {"host0.selftest.test.", Type.TXT, Rcode.NOERROR, 0},
      {"x.wild.selftest.test.", Type.A, Rcode.NOERROR, 1},
      {"alias.selftest.test.", Type.AAAA, Rcode.NOERROR, 2},
      {"www.sub.selftest.test.", Type.A, Rcode.NOERROR, 0},
      {"host3.d.selftest.test.", Type.MX, Rcode.NOERROR, 3},
      {"_sip._tcp.selftest.test.", Type.SRV, Rcode.NOERROR, 1},
      {"big.selftest.test.", Type.TXT, Rcode.NOERROR, -1},
      {"example.com.", Type.A, Rcode.REFUSED, 0},
    };
    int asked = 0;
    try (DatagramSocket udp = new DatagramSocket()) {
      udp.setSoTimeout(3000);
      for (int round = 0; round < 40; round++) {
        for (Object[] c : cases) {
          check(udp(udp, at, query((String) c[0], (int) c[1])), c, false);
          asked++;
        }
        String host = "host" + (round * 7919 % hosts) + ".selftest.test.";
        check(udp(udp, at, query(host, Type.ANY)), new Object[] {host, Type.ANY, 0, 1}, false);
        asked++;
      }
    }
    try (Socket tcp = new Socket()) {
      tcp.connect(at, 3000);
      tcp.setSoTimeout(3000);
      for (Object[] c : cases) {
        check(tcp(tcp, query((String) c[0], (int) c[1])), c, true);
        asked++;
      }
    }
    return asked;
  }

  private static Message query(String name, int type) throws IOException {
    return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
  }

  private static Message udp(DatagramSocket s, InetSocketAddress at, Message q) throws IOException {
    byte[] w = q.toWire();
    s.send(new DatagramPacket(w, w.length, at));
    byte[] buf = new byte[65535];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    s.receive(p);
    return new Message(java.util.Arrays.copyOf(buf, p.getLength()));
  }

  private static Message tcp(Socket s, Message q) throws IOException {
    byte[] w = q.toWire();
    DataOutputStream out = new DataOutputStream(s.getOutputStream());
    out.writeShort(w.length);
    out.write(w);
    out.flush();
    DataInputStream in = new DataInputStream(s.getInputStream());
    byte[] r = new byte[in.readUnsignedShort()];
    in.readFully(r);
    return new Message(r);
  }

  /** Expected: {name, type, rcode, answer records (-1: one record, too big for UDP: TC)}. */
  private static void check(Message m, Object[] c, boolean tcp) {
    int rcode = (int) c[2];
    int answers = (int) c[3];
    if (m.getRcode() != rcode) {
      throw new IllegalStateException(
          c[0]
              + " "
              + Type.string((int) c[1])
              + ": "
              + Rcode.string(m.getRcode())
              + ", expected "
              + Rcode.string(rcode));
    }
    boolean truncated = m.getHeader().getFlag(org.xbill.DNS.Flags.TC);
    int got = m.getSection(Section.ANSWER).size();
    boolean ok =
        answers < 0 ? (tcp ? !truncated && got == 1 : truncated) : !truncated && got == answers;
    if (!ok) {
      throw new IllegalStateException(
          c[0]
              + " "
              + Type.string((int) c[1])
              + (tcp ? " over TCP" : " over UDP")
              + ": "
              + got
              + " answers"
              + (truncated ? " (TC)" : "")
              + ", expected "
              + answers);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: the system cleans it eventually
    }
  }
}
