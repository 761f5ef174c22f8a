package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets stay with the user Tandem runs as: the data directory (TSIG keys in the store, an admin
 * key in api.json) is 0700 with 0600 files, the store's -wal and -shm included, also when an
 * earlier version left it open; TSIG and API keys come from files or the environment, so that they
 * are not in /proc/PID/cmdline for every local user to read.
 */
class SecretsIT {
  /** A zone with serial 7 and www.example.test. A 192.0.2.80. */
  private static final String ZONE = CommandLineIT.ZONE;

  @TempDir Path dir;

  @Test
  void aFreshDataDirectoryIsTheOwnersAloneAfterARealStart() throws Exception {
    Path data = dir.resolve("data");
    try (TandemProcess t = serve(data, "--zone", "example.test=" + write("ok.zone", ZONE))) {
      waitFor(t, "stored serial 7");
      List<Path> files = entries(data);
      assertThat(files)
          .extracting(p -> data.relativize(p).toString())
          .contains("tandem.db", "tandem.db-wal", "tandem.db-shm", "tandem.lock", "api.json");
      assertOwnerOnly(data, files);
    }
  }

  @Test
  void aDataDirectoryLeftOpenByAnEarlierVersionIsTightenedAtStart() throws Exception {
    Path data = dir.resolve("data");
    try (TandemProcess t = serve(data)) { // the sample zone, in data/zones
      waitFor(t, "stored serial 1");
    }
    // As versions before this one left it: 0755 directories, 0644 files.
    for (Path p : entries(data)) {
      chmod(p, Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--");
    }
    chmod(data, "rwxr-xr-x");

    try (TandemProcess t = serve(data)) {
      assertThat(t.output())
          .contains("data directory " + data)
          .contains("made readable by the owner alone");
      assertOwnerOnly(data, entries(data));
    }
  }

  @Test
  void aKeyFromTsigKeygenSignsTransfersAndStaysOffTheCommandLine() throws Exception {
    // The file BIND's own tools write and read: tsig-keygen makes it, dig -k signs with it.
    Path keyFile = dir.resolve("xfr.key");
    Process keygen =
        new ProcessBuilder(Peers.binary("tsig-keygen", "bind9").toString(), "xfr")
            .redirectOutput(keyFile.toFile())
            .start();
    assertThat(keygen.waitFor()).isZero();
    chmod(keyFile, "rw-------");
    String secret = secretOf(Files.readString(keyFile));

    try (TandemProcess t =
        serve(
            dir.resolve("data"),
            "--zone",
            "example.test=" + write("ok.zone", ZONE),
            "--tsig-file",
            keyFile.toString(),
            "--allow-transfer",
            "example.test=127.0.0.1@xfr")) {
      String signed = dig(t.port(), "-k", keyFile.toString(), "example.test.", "AXFR");
      String unsigned = dig(t.port(), "example.test.", "AXFR");
      String cmdline =
          new String(
              Files.readAllBytes(Path.of("/proc/" + t.pid() + "/cmdline")), StandardCharsets.UTF_8);

      assertThat(signed)
          .contains("www.example.test.")
          .contains("192.0.2.80")
          .doesNotContain("failed");
      assertThat(unsigned).contains("Transfer failed").doesNotContain("192.0.2.80");
      assertThat(cmdline).contains("--tsig-file").doesNotContain(secret);
    }
  }

  @Test
  void theApiAnswersWithTheKeyFromItsFileOrFromTheEnvironment() throws Exception {
    Path keyFile = write("api.key", "key-from-a-file\n");
    chmod(keyFile, "rw-------");
    int http = Peers.freePort();
    try (TandemProcess t =
        serve(
            dir.resolve("a"),
            "--http",
            "127.0.0.1:" + http,
            "--api-key-file",
            keyFile.toString())) {
      assertThat(zones(http, "key-from-a-file")).isEqualTo(200);
      assertThat(zones(http, "another-key")).isEqualTo(401);
      assertThat(Files.readString(Path.of("/proc/" + t.pid() + "/cmdline")))
          .doesNotContain("key-from-a-file");
    }
    try (TandemProcess t =
        TandemProcess.serve(
            dir.resolve("b"),
            Map.of("TANDEM_API_KEY", "key-from-the-environment"),
            "--dns",
            "127.0.0.1:0",
            "--data",
            dir.resolve("b/data").toString(),
            "--http",
            "127.0.0.1:" + http)) {
      assertThat(zones(http, "key-from-the-environment")).isEqualTo(200);
      assertThat(zones(http, "key-from-a-file")).isEqualTo(401);
    }
  }

  @Test
  void aMissingUnreadableOrMalformedSecretFileStopsTheStartNamingIt() throws Exception {
    Path missing = dir.resolve("absent.key");
    Path malformed =
        write(
            "broken.key",
            "key \"xfr\" {\n  algorithm hmac-sha256;\n  secret \"bWFsZm9ybWVkLWtleQ==\"\n};\n");
    Path directory = Files.createDirectories(dir.resolve("a-directory"));

    TandemProcess.Result noFile =
        TandemProcess.run(dir, "serve", "--tsig-file", missing.toString());
    TandemProcess.Result badFile =
        TandemProcess.run(dir, "serve", "--tsig-file", malformed.toString());
    TandemProcess.Result notAFile =
        TandemProcess.run(dir, "serve", "--api-key-file", directory.toString());

    assertThat(noFile.exitCode()).isEqualTo(2);
    assertThat(noFile.err()).contains("invalid --tsig-file: " + missing + ": no such file");
    assertThat(badFile.exitCode()).isEqualTo(2);
    assertThat(badFile.err())
        .contains("invalid --tsig-file: " + malformed + ":4: ';' missing after key xfr's secret")
        .doesNotContain("bWFsZm9ybWVkLWtleQ");
    assertThat(notAFile.exitCode()).isEqualTo(2);
    assertThat(notAFile.err())
        .contains("invalid --api-key-file: " + directory + ": cannot read it");
  }

  // ---- helpers ----

  private TandemProcess serve(Path data, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("--dns", "127.0.0.1:0", "--data", data.toString()));
    args.addAll(List.of(more));
    return TandemProcess.serve(
        dir.resolve("run-" + data.getFileName()), args.toArray(String[]::new));
  }

  /** Every directory 0700 and every file 0600. */
  private static void assertOwnerOnly(Path data, List<Path> entries) throws Exception {
    assertThat(mode(data)).as(data.toString()).isEqualTo("rwx------");
    for (Path p : entries) {
      assertThat(mode(p))
          .as(data.relativize(p).toString())
          .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
    }
  }

  private static List<Path> entries(Path data) throws Exception {
    try (Stream<Path> all = Files.walk(data)) {
      return all.filter(p -> !p.equals(data)).toList();
    }
  }

  private static void waitFor(TandemProcess t, String text) throws Exception {
    for (int i = 0; i < 200 && !t.output().contains(text); i++) {
      Thread.sleep(50);
    }
    assertThat(t.output()).contains(text);
  }

  private static String dig(int port, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Peers.binary("dig", "bind9-dnsutils").toString(),
                "@127.0.0.1",
                "-p",
                String.valueOf(port),
                "+time=5",
                "+tries=1"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  private static int zones(int port, String key) throws Exception {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/zones"))
            .header("X-API-Key", key)
            .timeout(Duration.ofSeconds(10))
            .build();
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(r, HttpResponse.BodyHandlers.ofString()).statusCode();
    }
  }

  private static String secretOf(String bindKeyFile) {
    Matcher m = Pattern.compile("secret \"([^\"]+)\"").matcher(bindKeyFile);
    assertThat(m.find()).as(bindKeyFile).isTrue();
    return m.group(1);
  }

  private Path write(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  private static void chmod(Path p, String mode) throws Exception {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
