package dev.tandem.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates made at test time with openssl: a CA, a server certificate it signs for 127.0.0.1
 * and ns1.test (P-256, PKCS#8 keys), a client certificate for mutual TLS, and a second CA that
 * signs nothing the servers use (an untrusted one). The SPKI pins are those kdig +tls-pin and
 * Knot's cert-key take.
 */
record TestCertificates(
    Path ca,
    Path serverCert,
    Path serverKey,
    Path clientCert,
    Path clientKey,
    Path otherCa,
    String serverPin) {

  static TestCertificates make(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path ca = dir.resolve("ca.pem");
    Path caKey = dir.resolve("ca.key");
    selfSigned(caKey, ca, "Tandem test CA");
    Path otherCaKey = dir.resolve("other-ca.key");
    Path otherCa = dir.resolve("other-ca.pem");
    selfSigned(otherCaKey, otherCa, "Some other CA");
    Path serverKey = dir.resolve("server.key");
    Path serverCert = dir.resolve("server.pem");
    signed(
        dir,
        ca,
        caKey,
        serverKey,
        serverCert,
        "ns1.test",
        "subjectAltName=DNS:ns1.test,IP:127.0.0.1");
    Path clientKey = dir.resolve("client.key");
    Path clientCert = dir.resolve("client.pem");
    signed(dir, ca, caKey, clientKey, clientCert, "secondary", "extendedKeyUsage=clientAuth");
    String pin =
        Primary.run(
                List.of(
                    "sh",
                    "-c",
                    "openssl x509 -in '"
                        + serverCert
                        + "' -noout -pubkey | openssl pkey -pubin -outform der"
                        + " | openssl dgst -sha256 -binary | base64"),
                "")
            .trim();
    return new TestCertificates(ca, serverCert, serverKey, clientCert, clientKey, otherCa, pin);
  }

  private static void selfSigned(Path key, Path cert, String cn)
      throws IOException, InterruptedException {
    openssl(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        key.toString(),
        "-out",
        cert.toString(),
        "-days",
        "2",
        "-subj",
        "/CN=" + cn);
  }

  private static void signed(
      Path dir, Path ca, Path caKey, Path key, Path cert, String cn, String extension)
      throws IOException, InterruptedException {
    Path csr = dir.resolve(cn + ".csr");
    Path ext = dir.resolve(cn + ".ext");
    Files.writeString(ext, extension + "\n");
    openssl(
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        key.toString(),
        "-out",
        csr.toString(),
        "-subj",
        "/CN=" + cn);
    openssl(
        "x509",
        "-req",
        "-in",
        csr.toString(),
        "-CA",
        ca.toString(),
        "-CAkey",
        caKey.toString(),
        "-CAcreateserial",
        "-out",
        cert.toString(),
        "-days",
        "2",
        "-extfile",
        ext.toString());
  }

  private static void openssl(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    Primary.run(cmd, "");
  }
}
