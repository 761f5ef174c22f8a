package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.store.PostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Two Tandem nodes on one PostgreSQL server (started by the test): a zone created through node A's
 * API is answered by node B, an edit made through B is answered by A, and a zone deleted through A
 * stops being answered by B, each within seconds, with no other channel between the nodes.
 */
class SharedStoreIT {
  private static final String KEY = "shared-store-secret";
  private static final Name WWW = Name.fromConstantString("www.shared.test.");

  @TempDir Path dir;

  @Test
  void aChangeThroughOneNodeIsServedByTheOther() throws Exception {
    String store = PostgresServer.shared().newDatabase();
    int httpA = Peers.freePort();
    int httpB = Peers.freePort();
    try (TandemProcess a = node(dir.resolve("a"), store, httpA);
        TandemProcess b = node(dir.resolve("b"), store, httpB)) {
      HttpResponse<String> created =
          send(
              httpA,
              "POST",
              "/api/zones",
              "{\"zone\":\"shared.test\",\"kind\":\"primary\",\"nameservers\":[\"ns1.example.net.\"]}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      HttpResponse<String> edit =
          send(
              httpA,
              "PATCH",
              "/api/zones/shared.test/rrsets",
              "{\"rrsets\":[{\"name\":\"www\",\"type\":\"A\",\"ttl\":60,"
                  + "\"records\":[\"192.0.2.10\"],\"changetype\":\"REPLACE\"}]}");
      assertThat(edit.statusCode()).as(edit.body()).isEqualTo(200);
      long t0 = System.nanoTime();
      // Before the change arrives B knows no such zone, then (created, not yet edited) no such
      // name.
      awaitWww(b, List.of(List.of("REFUSED"), List.of("NXDOMAIN")), List.of("60 192.0.2.10"));
      System.out.printf(
          "SharedStoreIT: node B answered node A's zone %d ms after the edit%n",
          (System.nanoTime() - t0) / 1_000_000);
      // And the other way: an edit through B, served by A (and B's API shows it too).
      HttpResponse<String> back =
          send(
              httpB,
              "PATCH",
              "/api/zones/shared.test/rrsets",
              "{\"rrsets\":[{\"name\":\"www\",\"type\":\"A\",\"ttl\":60,"
                  + "\"records\":[\"192.0.2.20\"],\"changetype\":\"REPLACE\"}]}");
      assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
      awaitWww(a, List.of(List.of("60 192.0.2.10")), List.of("60 192.0.2.20"));
      awaitWww(b, List.of(List.of("60 192.0.2.10")), List.of("60 192.0.2.20"));
      assertThat(send(httpA, "GET", "/api/zones/shared.test/rrsets?name=www", null).body())
          .contains("192.0.2.20")
          .doesNotContain("192.0.2.10");
      // A key made on A opens B's API as well.
      HttpResponse<String> key =
          send(httpA, "POST", "/api/api-keys", "{\"name\":\"ops\",\"scope\":\"read\"}");
      String secret = Json.string(Json.parse(key.body()), "secret");
      assertThat(awaitStatus(httpB, secret, 200)).isTrue();
      // Deleted through A: B stops answering for it.
      assertThat(send(httpA, "DELETE", "/api/zones/shared.test", null).statusCode()).isEqualTo(204);
      assertThat(awaitRcode(b.port(), Rcode.REFUSED)).as(b.output()).isTrue();
    }
  }

  @Test
  void aSecondaryCreatedThroughOneNodeIsFollowedByTheOther() throws Exception {
    String store = PostgresServer.shared().newDatabase();
    String secret = "c2VjcmV0LXNoYXJlZC1zdG9yZS1zZWNyZXQtMTIzNDU=";
    int httpA = Peers.freePort();
    int httpB = Peers.freePort();
    try (KnotProcess primary =
            KnotProcess.startPrimary(
                dir.resolve("knot"),
                "interop.test.",
                SecondaryInteropIT.zoneText(),
                "xfr.interop.test.",
                secret,
                Peers.freePort());
        TandemProcess a = node(dir.resolve("a"), store, httpA);
        TandemProcess b = node(dir.resolve("b"), store, httpB)) {
      // The key and the zone are made through A only; B learns both from the store.
      HttpResponse<String> key =
          send(
              httpA,
              "POST",
              "/api/tsig-keys",
              "{\"name\":\"xfr.interop.test.\",\"secret\":\"" + secret + "\"}");
      assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
      HttpResponse<String> zone =
          send(
              httpA,
              "POST",
              "/api/zones",
              "{\"zone\":\"interop.test\",\"kind\":\"secondary\",\"primaries\":[\"127.0.0.1:"
                  + primary.port()
                  + "@xfr.interop.test.\"]}");
      assertThat(zone.statusCode()).as(zone.body()).isEqualTo(201);
      long serial = primary.serial();
      assertThat(awaitSoaSerial(a.port(), serial)).as(a.output()).isTrue();
      assertThat(awaitSoaSerial(b.port(), serial)).as(b.output()).isTrue();
      assertThat(send(httpB, "GET", "/api/zones/interop.test", null).body())
          .contains("\"kind\":\"secondary\"");
      // Deleted through B: A stops serving it.
      assertThat(send(httpB, "DELETE", "/api/zones/interop.test", null).statusCode())
          .isEqualTo(204);
      assertThat(awaitRcode(a.port(), SOA_QUESTION, Rcode.REFUSED)).as(a.output()).isTrue();
    }
  }

  private static final Record SOA_QUESTION =
      Record.newRecord(Name.fromConstantString("interop.test."), Type.SOA, DClass.IN);

  private static boolean awaitSoaSerial(int dnsPort, long serial) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      Message m = query(dnsPort, SOA_QUESTION);
      if (m != null
          && m.getSection(Section.ANSWER).stream()
              .anyMatch(r -> r instanceof SOARecord soa && soa.getSerial() == serial)) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }

  private static TandemProcess node(Path work, String store, int http)
      throws IOException, InterruptedException {
    return TandemProcess.serve(
        work,
        "--dns",
        "127.0.0.1:0",
        "--data",
        work.resolve("data").toString(),
        "--http",
        "127.0.0.1:" + http,
        "--api-key",
        KEY,
        "--store",
        store);
  }

  private static HttpResponse<String> send(int port, String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("X-API-Key", KEY)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static boolean awaitStatus(int port, String key, int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      HttpRequest r =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/zones"))
              .header("X-API-Key", key)
              .build();
      if (HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString()).statusCode()
          == status) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }

  /**
   * Waits until the node answers www A with exactly the RRset {@code after} ("TTL address" each,
   * see {@link #answer}): a stale address kept beside the new one is never taken for the change.
   * Until then each answer must be one of {@code before}: an RRset changes whole (REPLACE), never
   * through a mix of old and new.
   */
  private static void awaitWww(TandemProcess node, List<List<String>> before, List<String> after)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<String> seen = null;
    while (System.nanoTime() < deadline) {
      Message m = query(node.port(), Record.newRecord(WWW, Type.A, DClass.IN));
      if (m != null) {
        seen = answer(m);
        if (seen.equals(after)) {
          return;
        }
        assertThat(before)
            .as("www A while the change is on its way: %s\n%s\n%s", seen, m, node.output())
            .contains(seen);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("www A is still " + seen + ", not " + after + "\n" + node.output());
  }

  /** The answer as sorted "TTL address" strings, or the RCODE alone when it is not NOERROR. */
  private static List<String> answer(Message m) {
    if (m.getRcode() != Rcode.NOERROR) {
      return List.of(Rcode.string(m.getRcode()));
    }
    return m.getSection(Section.ANSWER).stream()
        .map(
            r ->
                r instanceof ARecord a
                    ? r.getTTL() + " " + a.getAddress().getHostAddress()
                    : r.toString())
        .sorted()
        .toList();
  }

  private static boolean awaitRcode(int dnsPort, int rcode) throws Exception {
    return awaitRcode(dnsPort, Record.newRecord(WWW, Type.A, DClass.IN), rcode);
  }

  private static boolean awaitRcode(int dnsPort, Record question, int rcode) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      Message m = query(dnsPort, question);
      if (m != null && m.getRcode() == rcode) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  private static Message query(int port, Record question) throws IOException {
    try (DnsClient c = new DnsClient(port)) {
      byte[] reply = c.udp(Message.newQuery(question).toWire());
      return reply == null ? null : new Message(reply);
    }
  }
}
