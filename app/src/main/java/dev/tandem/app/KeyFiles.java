package dev.tandem.app;

import dev.tandem.control.access.TsigKey;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets read from files, so that they stay out of the process list: every local user may read
 * {@code /proc/PID/cmdline}, and so {@code --tsig} and {@code --api-key} secrets.
 *
 * <p>A TSIG key file ({@code --tsig-file}) is in one of the forms operators already have:
 *
 * <ul>
 *   <li>BIND's, as {@code tsig-keygen} and {@code ddns-confgen} write it and {@code named.conf}
 *       includes it: {@code key "xfr" { algorithm hmac-sha256; secret "BASE64"; };}, one or more,
 *       with {@code #}, {@code //} and C comments;
 *   <li>Knot's, as {@code keymgr -t} writes it: a knot.conf {@code key:} list;
 *   <li>{@code --tsig}'s own, {@code NAME=ALGORITHM:BASE64SECRET}, one a line, {@code #} comments.
 * </ul>
 *
 * An API key file ({@code --api-key-file}) holds the key alone, on one line. Errors name the file
 * (and line) and never repeat a secret.
 */
final class KeyFiles {
  private static final Logger log = LoggerFactory.getLogger(KeyFiles.class);

  private KeyFiles() {}

  /**
   * The TSIG keys in {@code file}.
   *
   * @throws IllegalArgumentException with {@code FILE:LINE: problem} or {@code FILE: problem}
   */
  static List<TsigKey> tsigKeys(Path file) {
    String text = read(file);
    String first =
        text.lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("//"))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException(file + ": holds no key"));
    if (first.matches("key\\s*:.*")) {
      return ConfigFile.keys(file, text);
    }
    if (first.matches("key[\\s\"].*") || first.startsWith("/*")) {
      return new BindKeys(file, text).keys();
    }
    return lines(file, text);
  }

  /**
   * The API key in {@code file}: its one line, without the line end.
   *
   * @throws IllegalArgumentException with {@code FILE: problem}
   */
  static String apiKey(Path file) {
    return oneSecret(file, "the API key");
  }

  /** The alert webhook's HMAC secret: a file holding it alone, as for the API key. */
  static byte[] secret(Path file) {
    return oneSecret(file, "the webhook secret").getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String oneSecret(Path file, String what) {
    String key = read(file).strip();
    if (key.isEmpty()) {
      throw new IllegalArgumentException(file + ": is empty (it should hold " + what + ")");
    }
    if (key.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          file + ": holds more than a key (the key alone, on one line, without spaces)");
    }
    return key;
  }

  /** {@code NAME=ALGORITHM:BASE64SECRET} lines. */
  private static List<TsigKey> lines(Path file, String text) {
    List<TsigKey> keys = new ArrayList<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      int colon = line.indexOf(':', eq + 1);
      if (eq <= 0 || colon < 0) {
        throw new IllegalArgumentException(
            file
                + ":"
                + (i + 1)
                + ": not a TSIG key: write NAME=ALGORITHM:BASE64SECRET, BIND's key \"NAME\" {"
                + " algorithm ALGORITHM; secret \"BASE64SECRET\"; }; or Knot's key: list");
      }
      keys.add(
          key(
              file,
              i + 1,
              line.substring(0, eq),
              line.substring(eq + 1, colon),
              line.substring(colon + 1)));
    }
    return keys;
  }

  private static TsigKey key(Path file, int line, String name, String algorithm, String secret) {
    try {
      return TsigKey.of(name.strip(), algorithm.strip(), secret.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ":" + line + ": " + e.getMessage(), e);
    }
  }

  private static String read(Path file) {
    warnIfOthersMayRead(file);
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException(file + ": permission denied", e);
    } catch (MalformedInputException e) {
      throw new IllegalArgumentException(file + ": not a text file (UTF-8)", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read it: " + e.getMessage(), e);
    }
  }

  /**
   * A secret file every local user may read gains nothing over the command line: say so. (Group
   * read is left alone: BIND's key files are often 0640 root:bind.)
   */
  private static void warnIfOthersMayRead(Path file) {
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      if (mode.contains(PosixFilePermission.OTHERS_READ)) {
        log.warn(
            "{} holds secrets and every local user may read it (mode {}): chmod o-r it",
            file,
            PosixFilePermissions.toString(mode));
      }
    } catch (IOException | UnsupportedOperationException e) {
      // reading it says what is wrong, if anything
    }
  }

  /**
   * BIND's {@code key} statements (named.conf(5)): {@code key NAME { algorithm ALG; secret
   * "BASE64"; };}, the name and secret quoted or not.
   */
  private static final class BindKeys {
    private final Path file;
    private final List<Token> tokens;
    private int next;

    private record Token(String text, boolean quoted, int line) {
      boolean is(String punctuation) {
        return !quoted && text.equals(punctuation);
      }
    }

    BindKeys(Path file, String text) {
      this.file = file;
      this.tokens = tokenize(text);
    }

    List<TsigKey> keys() {
      List<TsigKey> keys = new ArrayList<>();
      while (next < tokens.size()) {
        Token statement = take("key");
        if (!statement.text().equalsIgnoreCase("key") || statement.quoted()) {
          throw error(
              statement.line(),
              "'"
                  + statement.text()
                  + "' where a key statement should be (key \"NAME\" { algorithm ALGORITHM;"
                  + " secret \"BASE64SECRET\"; };)");
        }
        Token name = word("the key's name");
        expect("{", "after key " + name.text());
        String algorithm = null;
        String secret = null;
        while (!peek("}")) {
          Token clause = word("algorithm or secret");
          switch (clause.text().toLowerCase(Locale.ROOT)) {
            case "algorithm" -> algorithm = word("an algorithm").text();
            case "secret" -> secret = word("the secret").text();
            default ->
                throw error(
                    clause.line(),
                    "key "
                        + name.text()
                        + ": '"
                        + clause.text()
                        + "' is not a key clause (a key has algorithm and secret)");
          }
          expect(";", "after key " + name.text() + "'s " + clause.text());
        }
        expect("}", "closing key " + name.text());
        expect(";", "after key " + name.text() + "'s }");
        if (algorithm == null || secret == null) {
          throw error(
              name.line(),
              "key " + name.text() + " has no " + (algorithm == null ? "algorithm" : "secret"));
        }
        keys.add(key(file, name.line(), name.text(), algorithm, secret));
      }
      if (keys.isEmpty()) {
        throw new IllegalArgumentException(file + ": holds no key");
      }
      return keys;
    }

    private Token take(String expected) {
      if (next >= tokens.size()) {
        int line = tokens.isEmpty() ? 1 : tokens.get(tokens.size() - 1).line();
        throw error(line, "the file ends where " + expected + " should be");
      }
      return tokens.get(next++);
    }

    private boolean peek(String punctuation) {
      return next < tokens.size() && tokens.get(next).is(punctuation);
    }

    private Token word(String expected) {
      Token t = take(expected);
      if (t.is("{") || t.is("}") || t.is(";")) {
        throw error(t.line(), "'" + t.text() + "' where " + expected + " should be");
      }
      return t;
    }

    private void expect(String punctuation, String where) {
      Token t = take("'" + punctuation + "' " + where);
      if (!t.is(punctuation)) {
        throw error(t.line(), "'" + punctuation + "' missing " + where);
      }
    }

    private IllegalArgumentException error(int line, String problem) {
      return new IllegalArgumentException(file + ":" + line + ": " + problem);
    }

    /** Words, quoted strings and { } ; with their lines; comments and white space dropped. */
    private List<Token> tokenize(String text) {
      List<Token> out = new ArrayList<>();
      int line = 1;
      int i = 0;
      while (i < text.length()) {
        char c = text.charAt(i);
        if (c == '\n') {
          line++;
          i++;
        } else if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '#' || text.startsWith("//", i)) {
          while (i < text.length() && text.charAt(i) != '\n') {
            i++;
          }
        } else if (text.startsWith("/*", i)) {
          int end = text.indexOf("*/", i + 2);
          if (end < 0) {
            throw error(line, "a /* comment is not closed");
          }
          line += (int) text.substring(i, end).chars().filter(ch -> ch == '\n').count();
          i = end + 2;
        } else if (c == '"') {
          int end = text.indexOf('"', i + 1);
          int newline = text.indexOf('\n', i + 1);
          if (end < 0 || (newline >= 0 && newline < end)) {
            throw error(line, "a quoted string is not closed on its line");
          }
          out.add(new Token(text.substring(i + 1, end), true, line));
          i = end + 1;
        } else if (c == '{' || c == '}' || c == ';') {
          out.add(new Token(String.valueOf(c), false, line));
          i++;
        } else {
          int start = i;
          while (i < text.length()
              && !Character.isWhitespace(text.charAt(i))
              && "{};\"#".indexOf(text.charAt(i)) < 0) {
            i++;
          }
          out.add(new Token(text.substring(start, i), false, line));
        }
      }
      return out;
    }
  }
}
