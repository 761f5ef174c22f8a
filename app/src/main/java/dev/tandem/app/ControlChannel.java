package dev.tandem.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local control channel: a Unix socket in the data directory, reachable only by users who may
 * open it, as {@code knotc} reaches {@code knotd}. One command per connection, one line in; lines
 * out, the last being {@code ok} or {@code error}. (The control-plane work moves the CLI onto the
 * REST API.)
 */
final class ControlChannel implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControlChannel.class);

  /** What a command printed and whether it succeeded. */
  record Reply(List<String> lines, boolean ok) {}

  private final ServerSocketChannel server;
  private final Path path;
  private final Thread thread;

  private ControlChannel(ServerSocketChannel server, Path path, Function<String, Reply> handler) {
    this.server = server;
    this.path = path;
    this.thread = new Thread(() -> serve(handler), "tandem-control");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Listens on {@code path}, answering each command with {@code handler}. */
  static ControlChannel open(Path path, Function<String, Reply> handler) throws StartException {
    try {
      Files.deleteIfExists(path); // stale from a crash; the data directory lock guards a live one
      ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      s.bind(UnixDomainSocketAddress.of(path));
      return new ControlChannel(s, path, handler);
    } catch (IOException | RuntimeException e) {
      throw new StartException("cannot open the control socket " + path + ": " + e.getMessage());
    }
  }

  private void serve(Function<String, Reply> handler) {
    while (server.isOpen()) {
      try (SocketChannel c = server.accept()) {
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
        PrintWriter out =
            new PrintWriter(
                new OutputStreamWriter(Channels.newOutputStream(c), StandardCharsets.UTF_8));
        String command = in.readLine();
        Reply reply =
            command == null
                ? new Reply(List.of("no command"), false)
                : handler.apply(command.trim());
        reply.lines().forEach(out::println);
        out.println(reply.ok() ? "ok" : "error");
        out.flush();
      } catch (IOException e) {
        if (server.isOpen()) {
          log.debug("control connection failed: {}", e.toString());
        }
      } catch (RuntimeException e) {
        log.error("control command failed", e);
      }
    }
  }

  /**
   * Sends {@code command} to the server running with data directory {@code data}, for a CLI
   * command; if none answers, says so on {@code err} and returns null.
   */
  static @org.jspecify.annotations.Nullable Reply sendToServer(
      Path data, String command, java.io.PrintWriter err) {
    Path socket = DataDirectory.controlSocket(data);
    try {
      return send(socket, command);
    } catch (IOException e) {
      err.println(
          "tandem: no server is running with data directory "
              + data
              + " (cannot connect to "
              + socket
              + ": "
              + e.getMessage()
              + ")");
      return null;
    }
  }

  /**
   * Sends one command to the server whose data directory is {@code dataDir}.
   *
   * @throws IOException if no server is listening there
   */
  static Reply send(Path socket, String command) throws IOException {
    try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      PrintWriter out =
          new PrintWriter(
              new OutputStreamWriter(Channels.newOutputStream(c), StandardCharsets.UTF_8));
      out.println(command);
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
      List<String> lines = new java.util.ArrayList<>();
      String line;
      String last = null;
      while ((line = in.readLine()) != null) {
        if (last != null) {
          lines.add(last);
        }
        last = line;
      }
      return new Reply(lines, "ok".equals(last));
    }
  }

  @Override
  public void close() {
    try {
      server.close();
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // shutting down anyway
    }
  }
}
