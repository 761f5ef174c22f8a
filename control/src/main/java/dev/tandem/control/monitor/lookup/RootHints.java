package dev.tandem.control.monitor.lookup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Master;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Where resolution starts: the root's name servers and their addresses, in the root hints format
 * (BIND's {@code named.root}, as IANA publishes it): {@code . NS a.root-servers.net.} lines and
 * {@code a.root-servers.net. A 198.41.0.4} lines, TTLs optional, comments after {@code ;}.
 *
 * <p>{@link #internet()} is the Internet's root, built in; a file ({@code --root-hints}) names
 * another one, for a private DNS or a test network on loopback. The resolver is only ever given
 * hints explicitly: there is no default inside it to fall back to.
 *
 * @param servers each root server's name and addresses, in file order
 */
public record RootHints(Map<Name, List<InetAddress>> servers) {

  public RootHints {
    Map<Name, List<InetAddress>> copy = new LinkedHashMap<>();
    servers.forEach((n, a) -> copy.put(n, List.copyOf(a)));
    servers = java.util.Collections.unmodifiableMap(copy);
    if (servers.values().stream().allMatch(List::isEmpty)) {
      throw new IllegalArgumentException("no root server with an address");
    }
  }

  /** Every root server address, on port 53, in file order. */
  public List<InetSocketAddress> addresses() {
    List<InetSocketAddress> out = new ArrayList<>();
    servers.values().forEach(l -> l.forEach(a -> out.add(new InetSocketAddress(a, 53))));
    return out;
  }

  /** Whether every root server address is a loopback one (a test network on this host). */
  public boolean loopbackOnly() {
    return addresses().stream().allMatch(a -> a.getAddress().isLoopbackAddress());
  }

  /**
   * Reads a root hints file.
   *
   * @throws IllegalArgumentException naming the file (and the line) when it cannot be read, is not
   *     in the root hints format, or names no root server with an address
   */
  public static RootHints read(Path file) {
    byte[] text;
    try {
      text = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("root hints " + file + ": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException("root hints " + file + ": " + e.getMessage());
    }
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("root hints " + file + ": " + e.getMessage());
    }
  }

  /** Parses root hints text (see {@link #read}). */
  public static RootHints parse(byte[] text) {
    List<Name> names = new ArrayList<>();
    Map<Name, List<InetAddress>> addresses = new LinkedHashMap<>();
    try (Master m = new Master(new ByteArrayInputStream(text), Name.root, 3600000)) {
      m.disableIncludes();
      for (Record r = m.nextRecord(); r != null; r = m.nextRecord()) {
        if (r instanceof NSRecord ns) {
          if (!ns.getName().equals(Name.root)) {
            throw new IllegalArgumentException(
                "NS record for " + ns.getName() + ": root hints list the root's (.) servers");
          }
          names.add(ns.getTarget());
        } else if (r instanceof ARecord a) {
          addresses.computeIfAbsent(a.getName(), k -> new ArrayList<>()).add(a.getAddress());
        } else if (r instanceof AAAARecord a) {
          addresses.computeIfAbsent(a.getName(), k -> new ArrayList<>()).add(a.getAddress());
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(String.valueOf(e.getMessage()), e);
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("no '. NS name' line: not root hints (named.root)");
    }
    Map<Name, List<InetAddress>> servers = new LinkedHashMap<>();
    for (Name n : names) {
      servers.put(n, addresses.getOrDefault(n, List.of()));
    }
    if (servers.values().stream().allMatch(List::isEmpty)) {
      throw new IllegalArgumentException(
          "no address for any root server (expected 'NAME A ADDRESS' lines for " + names + ")");
    }
    return new RootHints(servers);
  }

  /** The Internet's root servers (IANA's named.root), for when no other hints are given. */
  public static RootHints internet() {
    return parse(INTERNET.getBytes(StandardCharsets.US_ASCII));
  }

  private static final String INTERNET =
      """
      .                   3600000  NS    A.ROOT-SERVERS.NET.
      A.ROOT-SERVERS.NET. 3600000  A     198.41.0.4
      A.ROOT-SERVERS.NET. 3600000  AAAA  2001:503:ba3e::2:30
      .                   3600000  NS    B.ROOT-SERVERS.NET.
      B.ROOT-SERVERS.NET. 3600000  A     170.247.170.2
      B.ROOT-SERVERS.NET. 3600000  AAAA  2801:1b8:10::b
      .                   3600000  NS    C.ROOT-SERVERS.NET.
      C.ROOT-SERVERS.NET. 3600000  A     192.33.4.12
      C.ROOT-SERVERS.NET. 3600000  AAAA  2001:500:2::c
      .                   3600000  NS    D.ROOT-SERVERS.NET.
      D.ROOT-SERVERS.NET. 3600000  A     199.7.91.13
      D.ROOT-SERVERS.NET. 3600000  AAAA  2001:500:2d::d
      .                   3600000  NS    E.ROOT-SERVERS.NET.
      E.ROOT-SERVERS.NET. 3600000  A     192.203.230.10
      E.ROOT-SERVERS.NET. 3600000  AAAA  2001:500:a8::e
      .                   3600000  NS    F.ROOT-SERVERS.NET.
      F.ROOT-SERVERS.NET. 3600000  A     192.5.5.241
      F.ROOT-SERVERS.NET. 3600000  AAAA  2001:500:2f::f
      .                   3600000  NS    G.ROOT-SERVERS.NET.
      G.ROOT-SERVERS.NET. 3600000  A     192.112.36.4
      G.ROOT-SERVERS.NET. 3600000  AAAA  2001:500:12::d0d
      .                   3600000  NS    H.ROOT-SERVERS.NET.
      H.ROOT-SERVERS.NET. 3600000  A     198.97.190.53
      H.ROOT-SERVERS.NET. 3600000  AAAA  2001:500:1::53
      .                   3600000  NS    I.ROOT-SERVERS.NET.
      I.ROOT-SERVERS.NET. 3600000  A     192.36.148.17
      I.ROOT-SERVERS.NET. 3600000  AAAA  2001:7fe::53
      .                   3600000  NS    J.ROOT-SERVERS.NET.
      J.ROOT-SERVERS.NET. 3600000  A     192.58.128.30
      J.ROOT-SERVERS.NET. 3600000  AAAA  2001:503:c27::2:30
      .                   3600000  NS    K.ROOT-SERVERS.NET.
      K.ROOT-SERVERS.NET. 3600000  A     193.0.14.129
      K.ROOT-SERVERS.NET. 3600000  AAAA  2001:7fd::1
      .                   3600000  NS    L.ROOT-SERVERS.NET.
      L.ROOT-SERVERS.NET. 3600000  A     199.7.83.42
      L.ROOT-SERVERS.NET. 3600000  AAAA  2001:500:9f::42
      .                   3600000  NS    M.ROOT-SERVERS.NET.
      M.ROOT-SERVERS.NET. 3600000  A     202.12.27.33
      M.ROOT-SERVERS.NET. 3600000  AAAA  2001:dc3::35
      """;
}
