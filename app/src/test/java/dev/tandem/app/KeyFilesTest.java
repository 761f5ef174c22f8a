package dev.tandem.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tandem.control.access.TsigKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Secrets from files: TSIG keys as BIND's tsig-keygen, Knot's keymgr and {@code --tsig} write them,
 * the API key alone; errors that name the file and line and never show the secret.
 */
class KeyFilesTest {
  private static final String SECRET = "iE0rhW4yHZkv5L/ngW4k9a/328yjzLSJ63haM5tG3Eo=";
  private static final String SECRET512 =
      "M5Fc/4zd0zZ5rlqipLvjpeP7b6A5QMQTK7hzSAq6lrsAN3KzVvKgJhPUi07g+yPUtBihcvZqnWIzjNCMzD+dZA==";

  @TempDir Path dir;

  @Test
  void bindKeyStatementsAsTsigKeygenWritesThem() throws Exception {
    // tsig-keygen xfr; tsig-keygen -a hmac-sha512 other.key. (BIND 9.18), with comments added.
    List<TsigKey> keys =
        KeyFiles.tsigKeys(
            write(
                """
                # made by tsig-keygen
                key "xfr" {
                \talgorithm hmac-sha256;
                \tsecret "%s";
                };
                /* the second one
                   for the other provider */
                key "other.key." {
                \talgorithm hmac-sha512; // longer
                \tsecret "%s";
                };
                """
                    .formatted(SECRET, SECRET512)));

    assertThat(keys).extracting(k -> k.name().toString()).containsExactly("xfr.", "other.key.");
    assertThat(keys.get(0).secret()).isEqualTo(Base64.getDecoder().decode(SECRET));
    assertThat(keys.get(1)).isEqualTo(TsigKey.of("other.key.", "hmac-sha512", SECRET512));
  }

  @Test
  void knotKeyListsAsKeymgrWritesThem() throws Exception {
    // keymgr -t xfr (Knot 3.2)
    List<TsigKey> keys =
        KeyFiles.tsigKeys(
            write(
                """
                # hmac-sha256:xfr:%s
                key:
                  - id: xfr
                    algorithm: hmac-sha256
                    secret: %s
                """
                    .formatted(SECRET, SECRET)));

    assertThat(keys).containsExactly(TsigKey.of("xfr", "hmac-sha256", SECRET));
  }

  @Test
  void tsigFlagLinesOneAKey() throws Exception {
    List<TsigKey> keys =
        KeyFiles.tsigKeys(
            write(
                "# keys for the secondaries\nxfr=hmac-sha256:"
                    + SECRET
                    + "\n\nother=hmac-sha512:"
                    + SECRET512
                    + "\n"));

    assertThat(keys)
        .containsExactly(
            TsigKey.of("xfr", "hmac-sha256", SECRET),
            TsigKey.of("other", "hmac-sha512", SECRET512));
  }

  @Test
  void aMalformedKeyFileNamesTheFileAndLineAndNeverTheSecret() throws Exception {
    record Case(String text, String message) {}
    List<Case> cases =
        List.of(
            new Case(
                "key \"xfr\" {\n  algorithm hmac-sha256;\n  secret \"" + SECRET + "\"\n};\n",
                ":4: ';' missing after key xfr's secret"),
            new Case("key \"xfr\" {\n  algorithm hmac-sha256;\n};\n", ":1: key xfr has no secret"),
            new Case(
                "key \"xfr\" {\n  algorithm hmac-sha256;\n  secrte \"" + SECRET + "\";\n};\n",
                ":3: key xfr: 'secrte' is not a key clause"),
            new Case(
                "key \"xfr\" {\n  algorithm hmac-sha3;\n  secret \"" + SECRET + "\";\n};\n",
                ":1: TSIG key xfr: unknown algorithm 'hmac-sha3'"),
            new Case(
                "key \"xfr\" {\n  algorithm hmac-sha256;\n  secret \""
                    + SECRET
                    + "\";\n};\noptions { };\n",
                ":5: 'options' where a key statement should be"),
            new Case(
                "key \"xfr\" {\n  algorithm hmac-sha256;\n  secret \"" + SECRET,
                ":3: a quoted string is not closed"),
            new Case(
                "xfr=hmac-sha256:" + SECRET + "\nxfr hmac-sha256 " + SECRET + "\n",
                ":2: not a TSIG key"),
            new Case(
                "xfr=hmac-sha256:" + SECRET.replace('=', '!') + "\n",
                ":1: TSIG key xfr: the secret is not base64"),
            new Case(
                "key:\n  - id: xfr\n    algorithm: hmac-sha256\n    secret: "
                    + SECRET
                    + "\nzone:\n  - domain: example.com\n    file: x\n",
                ": a key file holds keys alone"),
            new Case("# nothing here\n\n", ": holds no key"));
    for (Case c : cases) {
      Path f = write(c.text());
      assertThatThrownBy(() -> KeyFiles.tsigKeys(f))
          .as(c.text())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(f.toString())
          .hasMessageContaining(f + c.message())
          .message()
          .doesNotContain(SECRET)
          .doesNotContain(SECRET.replace('=', '!'));
    }
  }

  @Test
  void aKeyFileThatCannotBeReadIsNamed() {
    Path missing = dir.resolve("absent.key");
    assertThatThrownBy(() -> KeyFiles.tsigKeys(missing)).hasMessage(missing + ": no such file");
    assertThatThrownBy(() -> KeyFiles.tsigKeys(dir))
        .hasMessageStartingWith(dir + ": cannot read it");
    assertThatThrownBy(() -> KeyFiles.apiKey(missing)).hasMessage(missing + ": no such file");
  }

  @Test
  void anApiKeyFileHoldsTheKeyAloneOnOneLine() throws Exception {
    assertThat(KeyFiles.apiKey(write("s3cr3t-api-key\n"))).isEqualTo("s3cr3t-api-key");

    Path empty = write("\n");
    assertThatThrownBy(() -> KeyFiles.apiKey(empty))
        .hasMessage(empty + ": is empty (it should hold the API key)");
    Path twoLines = write("first-key\nsecond-key\n");
    assertThatThrownBy(() -> KeyFiles.apiKey(twoLines))
        .hasMessageStartingWith(twoLines + ": holds more than a key")
        .message()
        .doesNotContain("first-key");
  }

  @Test
  void aKeyFileEveryLocalUserMayReadDrawsAWarning() throws Exception {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger logger = (Logger) LoggerFactory.getLogger(KeyFiles.class);
    logger.addAppender(log);
    try {
      Path open = write("xfr=hmac-sha256:" + SECRET + "\n");
      Path group = write("xfr=hmac-sha256:" + SECRET + "\n");
      Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
      // BIND's key files are often 0640 root:bind: group read is no warning.
      Files.setPosixFilePermissions(group, PosixFilePermissions.fromString("rw-r-----"));
      KeyFiles.tsigKeys(open);
      KeyFiles.tsigKeys(group);
    } finally {
      logger.detachAppender(log);
    }
    assertThat(log.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .singleElement()
        .satisfies(
            m -> assertThat(m).contains("every local user may read it").doesNotContain(SECRET));
  }

  private int files;

  private Path write(String text) throws Exception {
    Path f = dir.resolve("key" + files++);
    Files.writeString(f, text);
    return f;
  }
}
