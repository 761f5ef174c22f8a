package dev.tandem.control.transfer;

import dev.tandem.control.access.Remote;
import dev.tandem.control.access.TlsAuth;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * TLS connections to primaries (XFR-over-TLS, RFC 9103), authenticated as their {@link TlsAuth}
 * says: TLS 1.3 only (section 7.1), the ALPN token "dot" offered (section 7.1, after RFC 7858), the
 * primary's certificate checked by pin or by CA and name before a byte of DNS is sent, our
 * certificate sent when one is configured (mutual TLS, section 9.3.3).
 *
 * <p>Each authentication's context is built from its files when first used and built again when a
 * file changes (its size or modification time), so that renewed certificates take effect at the
 * next connection without a restart. A refused handshake comes back as a {@link TransferException}
 * whose words say what did not match: the pin (and the primary's real one, for the operator to
 * compare), the CA, the name.
 */
final class TlsClient {
  /** RFC 9103 section 7.1: XoT is TLS 1.3 or later. */
  private static final String[] PROTOCOLS = {"TLSv1.3"};

  /** RFC 9103 section 7.1: the ALPN token of DNS over TLS. */
  private static final String[] ALPN = {"dot"};

  private final Function<String, @Nullable TlsAuth> auths;
  private final Map<String, Loaded> contexts = new ConcurrentHashMap<>();

  /**
   * @param auths the TLS authentication of a name (as remotes give it after {@code +tls=}); null if
   *     none is defined
   */
  TlsClient(Function<String, @Nullable TlsAuth> auths) {
    this.auths = auths;
  }

  /** An SSLContext with the files' state it was made from. */
  private record Loaded(SSLContext context, List<String> files) {}

  /**
   * Opens a TLS connection to {@code primary} and completes the handshake.
   *
   * @throws TransferException naming the primary and what failed: unreachable, or not authenticated
   *     (which is not "unreachable": the primary answers, but is not who it should be)
   */
  SSLSocket connect(Remote primary, Duration timeout) throws TransferException {
    String who = Remote.format(primary.address()) + " (TLS)";
    String name = Objects.requireNonNull(primary.tls());
    TlsAuth auth = name.isEmpty() ? TlsAuth.SYSTEM : auths.apply(name);
    if (auth == null) {
      throw new TransferException(
          who + ": no TLS authentication named '" + name + "' (--tls-auth)");
    }
    SSLContext ctx;
    try {
      ctx = context(auth);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new TransferException(
          who + ": TLS authentication '" + auth.name() + "' unusable: " + e.getMessage());
    }
    InetSocketAddress to = primary.address();
    Socket plain = new Socket();
    try {
      plain.connect(to, (int) timeout.toMillis());
      plain.setSoTimeout((int) timeout.toMillis());
      plain.setTcpNoDelay(true);
    } catch (IOException e) {
      close(plain);
      throw new TransferException(who + " unreachable: " + SoaProbe.why(e), true);
    }
    String peer = auth.hostname() != null ? auth.hostname() : to.getAddress().getHostAddress();
    try {
      SSLSocket s =
          (SSLSocket) ctx.getSocketFactory().createSocket(plain, peer, to.getPort(), true);
      SSLParameters p = s.getSSLParameters();
      p.setProtocols(PROTOCOLS);
      p.setApplicationProtocols(ALPN);
      if (!auth.opportunistic() && auth.pins().isEmpty()) {
        // The JDK checks the name (or address) against the certificate's subjectAltName.
        p.setEndpointIdentificationAlgorithm("HTTPS");
      }
      String hostname = auth.hostname();
      if (hostname != null) {
        p.setServerNames(List.of(new SNIHostName(hostname)));
      }
      s.setSSLParameters(p);
      s.startHandshake();
      return s;
    } catch (IOException | IllegalArgumentException e) {
      close(plain);
      throw new TransferException(who + ": TLS handshake refused: " + refusal(e, auth, peer));
    }
  }

  /**
   * An I/O failure on a connection to {@code primary}, in words: over TLS, a connection the primary
   * closes at the first request is most often a client certificate it wants and did not get (TLS
   * 1.3 says so only after the handshake).
   */
  static String why(Remote primary, java.io.IOException e) {
    String m = SoaProbe.why(e);
    if (primary.tls() == null) {
      return m;
    }
    String text = String.valueOf(e.getMessage());
    if (text.contains("certificate_required") || text.contains("bad_certificate")) {
      return "the primary wants a client certificate it accepts (mutual TLS): " + m;
    }
    if (e instanceof java.io.EOFException
        || text.contains("Broken pipe")
        || text.contains("Connection reset")) {
      return m
          + " (over TLS, a primary that wants a client certificate it accepts, mutual TLS,"
          + " closes the connection so)";
    }
    return m;
  }

  /** Why a handshake failed, in words: our own checks' messages, or the JDK's, explained. */
  static String refusal(Exception e, TlsAuth auth, String peer) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PinMismatch) {
        return String.valueOf(t.getMessage());
      }
    }
    String m = String.valueOf(e.getMessage());
    if (m.contains("PKIX path") || m.contains("unable to find valid certification path")) {
      return "certificate not trusted: it does not chain up to "
          + (auth.ca() != null ? "a CA in " + auth.ca() : "a CA the system trusts");
    }
    if (m.contains("No subject alternative") || m.contains("No name matching")) {
      return "certificate does not name " + peer + " (" + m + ")";
    }
    if (m.contains("certificate_required") || m.contains("bad_certificate")) {
      return "the primary wants a client certificate it accepts (mutual TLS): " + m;
    }
    if (m.contains("no_application_protocol")) {
      return "the primary does not speak the ALPN protocol \"dot\" (RFC 9103 section 7.1)";
    }
    if (m.contains("protocol_version") || m.contains("No appropriate protocol")) {
      return "the primary does not speak TLS 1.3 (RFC 9103 section 7.1): " + m;
    }
    return m;
  }

  private SSLContext context(TlsAuth auth) throws IOException, GeneralSecurityException {
    List<String> files = fileStates(auth);
    Loaded l = contexts.get(auth.name());
    if (l != null && l.files().equals(files)) {
      return l.context();
    }
    SSLContext ctx = SSLContext.getInstance("TLSv1.3");
    ctx.init(keyManagers(auth), trustManagers(auth), null);
    contexts.put(auth.name(), new Loaded(ctx, files));
    return ctx;
  }

  /** Each file's path, size and modification time: what a change of certificate changes. */
  private static List<String> fileStates(TlsAuth auth) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path p : new Path[] {auth.ca(), auth.cert(), auth.key()}) {
      if (p != null) {
        out.add(p + ":" + Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis());
      }
    }
    return out;
  }

  private static KeyManager @Nullable [] keyManagers(TlsAuth auth)
      throws IOException, GeneralSecurityException {
    Path cert = auth.cert();
    Path key = auth.key();
    if (cert == null || key == null) {
      return null;
    }
    List<Certificate> chain = certificates(cert);
    if (chain.isEmpty()) {
      throw new CertificateException("no certificate in " + cert);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    char[] none = new char[0];
    ks.setKeyEntry("client", privateKey(key), none, chain.toArray(Certificate[]::new));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, none);
    return kmf.getKeyManagers();
  }

  private static TrustManager[] trustManagers(TlsAuth auth)
      throws IOException, GeneralSecurityException {
    if (auth.opportunistic()) {
      return new TrustManager[] {new Pinned(List.of())};
    }
    if (!auth.pins().isEmpty() && auth.ca() == null) {
      return new TrustManager[] {new Pinned(auth.pins())};
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    Path ca = auth.ca();
    if (ca == null) {
      tmf.init((KeyStore) null); // the JDK's cacerts
    } else {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      int i = 0;
      for (Certificate c : certificates(ca)) {
        ks.setCertificateEntry("ca" + i++, c);
      }
      if (i == 0) {
        throw new CertificateException("no certificate in " + ca);
      }
      tmf.init(ks);
    }
    if (auth.pins().isEmpty()) {
      return tmf.getTrustManagers();
    }
    // Both a CA and pins: the chain must satisfy the CA, and the key one of the pins.
    X509TrustManager byCa = (X509TrustManager) tmf.getTrustManagers()[0];
    return new TrustManager[] {new Pinned(auth.pins(), byCa)};
  }

  static List<Certificate> certificates(Path pem) throws IOException, CertificateException {
    try (var in = Files.newInputStream(pem)) {
      Collection<? extends Certificate> all =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      return new ArrayList<>(all);
    }
  }

  /** A PKCS#8 private key in PEM ({@code BEGIN PRIVATE KEY}), RSA, EC or Ed25519. */
  static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN PRIVATE KEY-----";
    int from = text.indexOf(begin);
    int to = text.indexOf("-----END PRIVATE KEY-----");
    if (from < 0 || to < from) {
      throw new GeneralSecurityException(
          pem
              + " holds no PKCS#8 private key (BEGIN PRIVATE KEY); convert it with 'openssl"
              + " pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8'");
    }
    byte[] der = Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new GeneralSecurityException(pem + ": not an RSA, EC or EdDSA private key");
  }

  /** The SPKI pin of a certificate: base64 of the SHA-256 digest of its SubjectPublicKeyInfo. */
  static String pin(X509Certificate c) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(c.getPublicKey().getEncoded());
      return Base64.getEncoder().encodeToString(d);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** A pin that did not match: its words are shown as they are. */
  static final class PinMismatch extends CertificateException {
    private static final long serialVersionUID = 1L;

    PinMismatch(String message) {
      super(message);
    }
  }

  /**
   * Accepts a primary whose leaf certificate's key is one of the pins (any key when there are none:
   * opportunistic TLS), after {@code chain} (a CA's check) if given. The pin is what Knot's {@code
   * cert-key} is: the key, not the certificate, so a renewed certificate for the same key still
   * matches.
   */
  private static final class Pinned implements X509TrustManager {
    private final List<String> pins;
    private final @Nullable X509TrustManager chain;

    Pinned(List<String> pins) {
      this(pins, null);
    }

    Pinned(List<String> pins, @Nullable X509TrustManager chain) {
      this.pins = pins;
      this.chain = chain;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType)
        throws CertificateException {
      if (chain != null) {
        chain.checkServerTrusted(certs, authType);
      }
      if (pins.isEmpty()) {
        return;
      }
      if (certs.length == 0) {
        throw new PinMismatch("the primary sent no certificate");
      }
      String theirs = pin(certs[0]);
      if (!pins.contains(theirs)) {
        throw new PinMismatch(
            "certificate pin mismatch: the primary's key is pin "
                + theirs
                + ", not "
                + (pins.size() == 1 ? "the pinned " + pins.get(0) : "one of " + pins));
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType)
        throws CertificateException {
      throw new CertificateException("a client does not authenticate clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing more to do
    }
  }
}
