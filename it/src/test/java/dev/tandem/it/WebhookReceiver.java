package dev.tandem.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An {@code --alert-webhook} receiver on loopback: keeps each delivery whose HMAC-SHA256 signature
 * over the body checks out with the secret, answers 204; an unsigned or badly signed one is kept
 * apart, for the test to see.
 */
final class WebhookReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One delivery: its id header and its JSON. */
  record Delivery(String id, JsonNode json) {}

  private final byte[] secret;
  private final HttpServer http;
  private final List<Delivery> signed = new CopyOnWriteArrayList<>();
  private final List<String> badlySigned = new CopyOnWriteArrayList<>();

  WebhookReceiver(byte[] secret) throws IOException {
    this.secret = secret.clone();
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/hook",
        x -> {
          byte[] body = x.getRequestBody().readAllBytes();
          String id = x.getRequestHeaders().getFirst("X-Tandem-Delivery");
          String signature = x.getRequestHeaders().getFirst("X-Tandem-Signature");
          if (("sha256=" + hmac(body)).equals(signature)) {
            signed.add(new Delivery(id, JSON.readTree(body)));
          } else {
            badlySigned.add(id + ": " + signature);
          }
          x.sendResponseHeaders(204, -1);
          x.close();
        });
    http.start();
  }

  /** The URL to give {@code --alert-webhook}. */
  String url() {
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/hook";
  }

  /** The deliveries that match, as "from->to", in the order they came. */
  List<String> transitions(Predicate<JsonNode> which) {
    List<String> out = new ArrayList<>();
    for (Delivery d : signed) {
      if (which.test(d.json())) {
        out.add(d.json().path("from").asText() + "->" + d.json().path("to").asText());
      }
    }
    return out;
  }

  /** The deliveries with a valid signature, in the order they came. */
  List<Delivery> deliveries() {
    return List.copyOf(signed);
  }

  /** The deliveries without a valid signature: their id and signature header. */
  List<String> badlySigned() {
    return List.copyOf(badlySigned);
  }

  private String hmac(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
