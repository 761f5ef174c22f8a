package dev.tandem.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.control.service.ControlObjects;
import dev.tandem.control.service.ControlObjects.Acl;
import dev.tandem.control.service.ControlObjects.Peer;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;

/**
 * The two kinds of {@link NamedObjectResource}: peers ({@code /api/peers}), other providers'
 * servers, and ACLs ({@code /api/acls}), named lists of rules.
 */
final class PeersAndAcls {
  private PeersAndAcls() {}

  /**
   * A peer as its body reads and the API shows it.
   *
   * @param key the name of the TSIG key it signs with, or null
   * @param ixfr whether to ask it for IXFR (false: AXFR only)
   */
  record PeerJson(String name, String address, long port, @Nullable String key, boolean ixfr) {
    static PeerJson of(Peer p) {
      Name key = p.key();
      return new PeerJson(
          p.name(), p.address(), p.port(), key == null ? null : key.toString(), p.ixfr());
    }
  }

  /**
   * A new peer's body.
   *
   * @param key the name of the TSIG key it signs with
   */
  record PeerBody(
      String name,
      String address,
      @JsonProperty(defaultValue = "53") long port,
      @Nullable String key,
      @JsonProperty(defaultValue = "true") boolean ixfr) {}

  /** The body of {@code PUT /api/peers/{name}}: a {@link PeerBody} without the name. */
  record PeerReplacement(
      String address,
      @JsonProperty(defaultValue = "53") long port,
      @Nullable String key,
      @JsonProperty(defaultValue = "true") boolean ixfr) {}

  /** The body of {@code PUT /api/acls/{name}}: its rules, each {@code PREFIX[@KEYNAME]} or any. */
  record AclRules(List<String> rules) {}

  static NamedObjectResource.Kind<Peer> peers(ControlObjects o) {
    return new NamedObjectResource.Kind<>(
        PeerBody.class,
        PeerReplacement.class,
        PeersAndAcls::peer,
        o::peers,
        o::peer,
        o::putPeer,
        o::deletePeer,
        PeerJson::of);
  }

  /** ACLs show as kept: {@code {name, rules}}, each rule {@code PREFIX[@KEYNAME]} or any. */
  static NamedObjectResource.Kind<Acl> acls(ControlObjects o) {
    return new NamedObjectResource.Kind<>(
        Acl.class,
        AclRules.class,
        PeersAndAcls::acl,
        o::acls,
        o::acl,
        o::putAcl,
        o::deleteAcl,
        a -> a);
  }

  private static Peer peer(String name, ObjectNode body) {
    String key = Json.optionalText(body, "key");
    long port = Json.number(body, "port", 53);
    if (port < 1 || port > 65535) {
      throw ApiError.invalid("port", "port " + port + " is not between 1 and 65535");
    }
    return new Peer(
        name,
        Json.text(body, "address"),
        (int) port,
        key == null ? null : Params.name(key, "key"),
        Json.bool(body, "ixfr", true));
  }

  private static Acl acl(String name, ObjectNode body) {
    if (!body.has("rules")) {
      throw ApiError.invalid("rules", "field 'rules' is required");
    }
    return new Acl(name, Json.texts(body, "rules"));
  }
}
