package dev.tandem.control.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.control.access.Remote;
import dev.tandem.control.zone.LargeZones;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;

/**
 * A transfer past {@link HeapSteps#RECORDS} records lets the heap grow in larger steps while it
 * comes in, and sets them back when it ends, whether it ended well or not, or for a refresh once
 * its zone is stored: a server left with the wide steps would keep twice the free heap resident.
 */
class HeapStepsTest {
  private static final Name ZONE = Name.fromConstantString("big.test.");
  private static final int WIDE = 60;

  @Test
  void theStepsStayWideUntilTheLastLargeTransferEnds() throws Exception {
    int usual = HeapSteps.minFree();
    assumeTrue(usual < WIDE, "the JVM keeps that much free already");
    var other = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      HeapSteps.widen();
      other.submit(HeapSteps::widen).get();
      assertThat(HeapSteps.minFree()).isEqualTo(WIDE);
      HeapSteps.narrow();
      assertThat(HeapSteps.minFree()).as("one transfer still under way").isEqualTo(WIDE);
      HeapSteps.narrow(); // this thread's again: nothing more to undo
      assertThat(HeapSteps.minFree()).isEqualTo(WIDE);
      other.submit(HeapSteps::narrow).get();
      assertThat(HeapSteps.minFree()).isEqualTo(usual);
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void aRefreshHoldsTheWideStepsPastItsTransferUntilItsZoneIsStored() throws Exception {
    int usual = HeapSteps.minFree();
    assumeTrue(usual < WIDE, "the JVM keeps that much free already");
    int[] seen = new int[2];
    try (ServerSocket primary = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Integer> served = serve(primary, 150_000, true);
      HeapSteps.holdingThrough(
          () -> {
            assertThat(transfer(primary)).isInstanceOf(Upstream.Full.class);
            seen[0] = HeapSteps.minFree(); // the zone is built and stored meanwhile
            HeapSteps.narrow(); // stored
            seen[1] = HeapSteps.minFree();
          });
      assertThat(served.get(30, TimeUnit.SECONDS)).isEqualTo(WIDE);
    }
    assertThat(seen[0]).as("steps after the transfer, before the store").isEqualTo(WIDE);
    assertThat(seen[1]).as("steps once stored").isEqualTo(usual);
    assertThat(HeapSteps.minFree()).isEqualTo(usual);
  }

  @Test
  void aLargeZoneStoredWhileManyZonesArriveLeavesTheCollectionToTheirs() {
    long before = fullCollections();
    HeapSteps.arriving();
    try {
      assertThat(HeapSteps.arrivalUnderWay()).isTrue();
      LargeZones.stored(LargeZones.RECORDS); // the catalog itself, of 100,000 members
      assertThat(fullCollections()).as("no collection while they arrive").isEqualTo(before);
    } finally {
      HeapSteps.arrived();
    }
    assertThat(HeapSteps.arrivalUnderWay()).isFalse();
    LargeZones.stored(LargeZones.RECORDS);
    assertThat(fullCollections()).as("a large zone stored, nothing arriving").isGreaterThan(before);
  }

  /**
   * Full collections so far: the serial collector's, G1's or the parallel one's (not their young
   * collections, nor G1's concurrent cycles, which come when they will).
   */
  private static long fullCollections() {
    return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
        .filter(gc -> gc.getName().contains("MarkSweep") || gc.getName().contains("Old"))
        .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionCount)
        .sum();
  }

  @Test
  void settlingShrinksTheHeapToWhatStaysAndATenthAndKeepsTheUsualShare() throws Exception {
    // In a JVM of its own on the serial collector and free shares of bin/jvm.options.
    Process jvm =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-Xms8m",
                "-XX:MinHeapFreeRatio=30",
                "-XX:MaxHeapFreeRatio=30",
                "-XX:-ShrinkHeapInSteps",
                "-cp",
                System.getProperty("java.class.path"),
                Settling.class.getName())
            .redirectErrorStream(true)
            .start();
    String out = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
    assertThat(jvm.exitValue()).as(out).isZero();
    // "usual C U" and "settled C U": the old generation's committed and used bytes after each.
    Map<String, double[]> after = new HashMap<>();
    for (String line : out.strip().split("\n")) {
      String[] f = line.split(" ");
      if (f.length == 3) {
        after.put(f[0], new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])});
      }
    }
    assertThat(after).as(out).containsKeys("usual", "settled");
    double[] usual = java.util.Objects.requireNonNull(after.get("usual"));
    double[] settled = java.util.Objects.requireNonNull(after.get("settled"));
    assertThat(usual[0] / usual[1])
        .as("a full collection keeps 30%% free: %s", out)
        .isGreaterThan(1.35);
    assertThat(settled[0] / settled[1]).as("settled, 10%% free: %s", out).isBetween(1.0, 1.15);
    assertThat(out).contains("shares 30 30");
  }

  /** Holds 64 MB, collects as usual, settles, and prints the old generation after each. */
  static final class Settling {
    public static void main(String[] args) {
      java.lang.management.MemoryPoolMXBean old =
          java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
              .filter(p -> p.getName().equals("Tenured Gen"))
              .findFirst()
              .orElseThrow();
      byte[][] kept = new byte[64 * 1024][];
      for (int i = 0; i < kept.length; i++) {
        kept[i] = new byte[1000];
      }
      System.gc();
      var u = old.getUsage();
      System.out.println("usual " + u.getCommitted() + " " + u.getUsed());
      HeapSteps.settle();
      u = old.getUsage();
      System.out.println("settled " + u.getCommitted() + " " + u.getUsed());
      var vm =
          java.lang.management.ManagementFactory.getPlatformMXBean(
              com.sun.management.HotSpotDiagnosticMXBean.class);
      System.out.println(
          "shares "
              + vm.getVMOption("MinHeapFreeRatio").getValue()
              + " "
              + vm.getVMOption("MaxHeapFreeRatio").getValue()
              + " kept "
              + kept.length);
    }
  }

  /** Whether the AXFR ends with its SOA, or breaks off before it. */
  @ParameterizedTest(name = "finished: {0}")
  @ValueSource(booleans = {true, false})
  void aLargeAxfrWidensTheStepsWhileItComesInOnly(boolean finished) throws Exception {
    int usual = HeapSteps.minFree();
    assumeTrue(usual < WIDE, "the JVM keeps that much free already");
    try (ServerSocket primary = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Integer> seen = serve(primary, 150_000, finished);
      Upstream.Received r = transfer(primary);

      if (finished) {
        assertThat(r).isInstanceOf(Upstream.Full.class);
        assertThat(r.records()).isEqualTo(150_002); // both SOAs
      } else {
        assertThat(r).isInstanceOf(Upstream.Failed.class);
      }
      assertThat(seen.get(30, TimeUnit.SECONDS)).as("steps while it came in").isEqualTo(WIDE);
      assertThat(HeapSteps.minFree()).as("steps once it ended").isEqualTo(usual);
    }
  }

  private static Upstream.Received transfer(ServerSocket primary) {
    InstantSource clock = InstantSource.system();
    TransferIn in =
        new TransferIn(
            new TransferLimits(1_000_000, 1L << 30, Duration.ofSeconds(30)),
            clock,
            new Connections(new TlsClient(name -> null), clock));
    Remote from =
        new Remote(new InetSocketAddress(primary.getInetAddress(), primary.getLocalPort()), null);
    return in.transfer(ZONE, from, null, -1);
  }

  /**
   * Answers one AXFR with {@code hosts} A records after the SOA; once they are all sent, waits for
   * the client to have widened the steps (it reads on while this waits) and completes with the
   * steps seen, then closes the AXFR with the SOA, or breaks off without it.
   */
  private static CompletableFuture<Integer> serve(ServerSocket primary, int hosts, boolean finish) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (Socket s = primary.accept()) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] query = new byte[in.readUnsignedShort()];
            in.readFully(query);
            Message q = new Message(query);
            DataOutputStream out =
                new DataOutputStream(new java.io.BufferedOutputStream(s.getOutputStream()));
            SOARecord soa =
                new SOARecord(
                    ZONE,
                    DClass.IN,
                    300,
                    new Name("ns", ZONE),
                    new Name("h", ZONE),
                    1,
                    3600,
                    900,
                    86400,
                    300);
            Message m = answer(q);
            m.addRecord(soa, Section.ANSWER);
            for (int i = 0; i < hosts; i++) {
              if (m.getSectionArray(Section.ANSWER).length == 500) {
                send(out, m);
                m = answer(q);
              }
              m.addRecord(
                  new ARecord(
                      new Name("h" + i, ZONE),
                      DClass.IN,
                      300,
                      InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, (byte) i})),
                  Section.ANSWER);
            }
            send(out, m);
            out.flush();
            int steps = HeapSteps.minFree();
            for (long until = System.nanoTime() + 20_000_000_000L;
                steps != WIDE && System.nanoTime() < until;
                steps = HeapSteps.minFree()) {
              Thread.sleep(10);
            }
            if (finish) {
              Message last = answer(q);
              last.addRecord(soa, Section.ANSWER);
              send(out, last);
              out.flush();
            }
            return steps;
          } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static Message answer(Message q) {
    Message m = new Message(q.getHeader().getID());
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setFlag(Flags.AA);
    m.addRecord(q.getQuestion(), Section.QUESTION);
    return m;
  }

  private static void send(DataOutputStream out, Message m) throws IOException {
    byte[] wire = m.toWire();
    out.writeShort(wire.length);
    out.write(wire);
  }
}
