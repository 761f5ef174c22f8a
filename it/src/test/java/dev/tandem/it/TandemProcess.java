package dev.tandem.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Tandem run as a separate process through bin/tandem, as an operator runs it. */
final class TandemProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+)");

  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final int port;

  private TandemProcess(Process process, Path stdout, Path stderr, int port) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.port = port;
  }

  /** The outcome of a command that ran to completion. */
  record Result(int exitCode, String out, String err) {}

  static Path root() {
    String root = System.getProperty("tandem.root");
    Path p = root != null ? Path.of(root) : Path.of("..");
    if (!Files.isExecutable(p.resolve("bin/tandem"))) {
      throw new IllegalStateException("bin/tandem not found under " + p.toAbsolutePath());
    }
    return p;
  }

  private static List<String> command(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(root().resolve("bin/tandem").toString());
    cmd.addAll(List.of(args));
    List<String> given = List.of(args);
    if (!given.isEmpty()
        && given.get(0).equals("serve")
        && !given.contains("--root-hints")
        && !given.contains("--check-interval")) {
      // The cross-provider checks would start from the Internet's root and ask the test zones'
      // servers wherever their NS records point: a test that wants them gives its own root
      // hints on loopback (ConsistencyIT); every other test runs without them.
      cmd.addAll(List.of("--check-interval", "0"));
    }
    return cmd;
  }

  /**
   * Starts {@code tandem serve ARGS} and waits until it listens (its first address's port is {@link
   * #port()}), or fails with its output if it exits first.
   */
  static TandemProcess serve(Path workDir, String... args)
      throws IOException, InterruptedException {
    return serve(workDir, java.util.Map.of(), args);
  }

  /**
   * Starts a Tandem with no zones of its own, data in {@code dir/data}, DNS on a free loopback port
   * and its API on {@code 127.0.0.1:httpPort} with {@code apiKey} as admin key, {@code more}
   * arguments added: the server an API client or browser test talks to.
   */
  static TandemProcess serveApi(Path dir, int httpPort, String apiKey, String... more)
      throws IOException, InterruptedException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--dns",
                "127.0.0.1:0",
                "--data",
                dir.resolve("data").toString(),
                "--http",
                "127.0.0.1:" + httpPort,
                "--api-key",
                apiKey));
    args.addAll(List.of(more));
    return serve(dir.resolve("tandem"), args.toArray(String[]::new));
  }

  /** As {@link #serve(Path, String...)}, with {@code env} added to the environment. */
  static TandemProcess serve(Path workDir, java.util.Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    return serve(List.of(), workDir, env, args);
  }

  /**
   * As {@link #serve(Path, String...)}, run by {@code under} (a command such as {@code nohup} that
   * runs the rest of its arguments).
   */
  static TandemProcess serveUnder(List<String> under, Path workDir, String... args)
      throws IOException, InterruptedException {
    return serve(under, workDir, java.util.Map.of(), args);
  }

  private static TandemProcess serve(
      List<String> under, Path workDir, java.util.Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    Path out = workDir.resolve("tandem.out");
    Path err = workDir.resolve("tandem.err");
    List<String> cmd = new ArrayList<>(List.of("serve"));
    cmd.addAll(List.of(args));
    List<String> full = new ArrayList<>(under);
    full.addAll(command(cmd.toArray(String[]::new)));
    ProcessBuilder pb =
        new ProcessBuilder(full)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      String text = Files.readString(out, StandardCharsets.UTF_8);
      Matcher m = LISTENING.matcher(text);
      if (m.find()) {
        return new TandemProcess(p, out, err, Integer.parseInt(m.group(2)));
      }
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "tandem serve exited with " + p.exitValue() + ":\n" + text + Files.readString(err));
      }
      Thread.sleep(20);
    }
    p.destroyForcibly();
    throw new IllegalStateException("tandem serve did not start within 60 s");
  }

  /** Runs {@code tandem ARGS} to completion. */
  static Result run(Path workDir, String... args) throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    Path out = Files.createTempFile(workDir, "run", ".out");
    Path err = Files.createTempFile(workDir, "run", ".err");
    Process p =
        new ProcessBuilder(command(args))
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("tandem " + String.join(" ", args) + " did not finish");
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String output() throws IOException {
    return Files.readString(stdout) + Files.readString(stderr);
  }

  /** Sends a signal (as {@code kill -NAME}). */
  void signal(String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
