package dev.tandem.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The datagrams the kernel dropped on the server's UDP sockets because a socket's receive buffer
 * was full: queries that arrived faster than they were answered and were never seen. Linux counts
 * them per socket; they are read from {@code /proc/net/udp} and {@code /proc/net/udp6} when asked
 * for (a scrape of {@code /metrics}), so answering pays nothing for them. Elsewhere nothing is
 * counted.
 */
final class KernelUdpDrops {
  private static final Logger log = LoggerFactory.getLogger(KernelUdpDrops.class);
  private static final List<Path> TABLES =
      List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));

  /** The sockets' inode numbers, as the tables name them. */
  private final Set<Long> inodes = ConcurrentHashMap.newKeySet();

  /**
   * Counts the socket open on this process's file descriptor {@code fd} until {@link #remove} is
   * given what this returns; -1 where it cannot be known (no {@code /proc}).
   */
  long add(int fd) {
    try {
      String link = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      if (link.startsWith("socket:[") && link.endsWith("]")) {
        long inode = Long.parseLong(link, 8, link.length() - 1, 10);
        inodes.add(inode);
        return inode;
      }
    } catch (IOException | RuntimeException e) {
      log.debug("UDP drops not counted for descriptor {}: {}", fd, e.toString());
    }
    return -1;
  }

  void remove(long inode) {
    inodes.remove(inode);
  }

  /** The datagrams dropped on the counted sockets since they were opened. */
  long dropped() {
    long sum = 0;
    if (inodes.isEmpty()) {
      return sum;
    }
    for (Path table : TABLES) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      // ref pointer drops
      try (BufferedReader r = Files.newBufferedReader(table)) {
        r.readLine();
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 12 && inodes.contains(Long.parseLong(f[9]))) {
            sum += Long.parseLong(f[12]);
          }
        }
      } catch (IOException | NumberFormatException e) {
        log.debug("UDP drops not read from {}: {}", table, e.toString());
      }
    }
    return sum;
  }
}
