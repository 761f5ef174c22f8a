package dev.tandem.server;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What response rate limiting adds to each UDP response: {@link ResponseRateLimiter#decide} for a
 * client address, on one thread (in the server's package: the limiter is not public). Compare with
 * {@code QueryPathBenchmark} from the same run; run with {@code -prof gc} for allocation (target:
 * none for IPv4).
 *
 * <ul>
 *   <li>{@code flood}: every response to one network, far over the rate (the limited path: one
 *       entry, the drop and slip counters);
 *   <li>{@code ipv4-networks}, {@code ipv6-networks}: 65,536 networks in turn, each under the rate
 *       (the table's cache misses).
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResponseRateLimiterBenchmark {
  private static final int CLIENTS = 1 << 16;

  @Param({"flood", "ipv4-networks", "ipv6-networks"})
  public String kind = "flood";

  private ResponseRateLimiter limiter =
      new ResponseRateLimiter(new ResponseRateLimit(100, 2, 24, 56), 1);
  private InetAddress[] clients = new InetAddress[0];
  private int next;
  private long nanos;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    limiter = new ResponseRateLimiter(new ResponseRateLimit(100, 2, 24, 56), 42);
    clients = new InetAddress[kind.equals("flood") ? 1 : CLIENTS];
    for (int i = 0; i < clients.length; i++) {
      clients[i] =
          kind.startsWith("ipv6")
              ? InetAddress.getByAddress(
                  new byte[] {
                    0x20,
                    1,
                    0x0d,
                    (byte) 0xb8,
                    0,
                    (byte) (i >> 8),
                    (byte) i,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0,
                    1
                  })
              : InetAddress.getByAddress(new byte[] {10, (byte) (i >> 8), (byte) i, 7});
    }
  }

  @Benchmark
  public ResponseRateLimiter.Verdict decide() {
    InetAddress client = clients[next];
    next = next + 1 == clients.length ? 0 : next + 1;
    nanos += 1000; // a million responses per second in all
    return limiter.decide(client, nanos);
  }
}
