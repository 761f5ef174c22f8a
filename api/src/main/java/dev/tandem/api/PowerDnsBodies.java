package dev.tandem.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tandem.control.service.RrSetChange;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The request bodies of the PowerDNS-compatible surface, under PowerDNS's field names. Its handlers
 * read them field by field, as PowerDNS does (each with PowerDNS's own error text); these records
 * are what the OpenAPI document shows of them, and where a handler refuses unknown fields it takes
 * the known ones from here, so the two cannot drift apart.
 */
final class PowerDnsBodies {
  private PowerDnsBodies() {}

  /**
   * {@code POST .../zones}: a Native or Master zone of {@code rrsets} and {@code nameservers}, or
   * of a {@code zone} file's text; a Slave of its {@code masters}. Signing fields are refused
   * unless false, as Tandem does not sign.
   */
  record NewZone(
      String name,
      String kind,
      @Nullable List<String> nameservers,
      @Nullable List<RrSetBody> rrsets,
      @Nullable String zone,
      @Nullable List<String> masters,
      @JsonProperty("soa_edit_api") @Nullable String soaEditApi,
      @JsonProperty("soa_edit") @Nullable String soaEdit,
      @Nullable String account,
      @Nullable Long serial,
      @JsonProperty("master_tsig_key_ids") @Nullable List<String> masterTsigKeyIds,
      @JsonProperty("slave_tsig_key_ids") @Nullable List<String> slaveTsigKeyIds,
      @Nullable Boolean dnssec,
      @Nullable String nsec3param,
      @Nullable Boolean nsec3narrow,
      @Nullable Boolean presigned,
      @Nullable String catalog,
      @JsonProperty("api_rectify") @Nullable Boolean apiRectify) {}

  /**
   * {@code PUT .../zones/{zone}}: each field given is changed; the read-only ones ({@code id} to
   * {@code record_count}) are accepted when sent back as read. {@code dnsssec} is read as {@code
   * dnssec}: Terraform's PowerDNS provider misspells it in its Go struct tag and sends it on every
   * PUT.
   */
  record ZoneChange(
      @Nullable String kind,
      @Nullable List<String> masters,
      @JsonProperty("master_tsig_key_ids") @Nullable List<String> masterTsigKeyIds,
      @JsonProperty("slave_tsig_key_ids") @Nullable List<String> slaveTsigKeyIds,
      @JsonProperty("soa_edit_api") @Nullable String soaEditApi,
      @JsonProperty("soa_edit") @Nullable String soaEdit,
      @Nullable String account,
      @Nullable String catalog,
      @JsonProperty("api_rectify") @Nullable Boolean apiRectify,
      @Nullable Boolean dnssec,
      @Nullable Boolean dnsssec,
      @Nullable String nsec3param,
      @Nullable Boolean nsec3narrow,
      @Nullable Boolean presigned,
      @Nullable List<RrSetBody> rrsets,
      @Nullable String id,
      @Nullable String name,
      @Nullable String type,
      @Nullable String url,
      @Nullable Long serial,
      @JsonProperty("edited_serial") @Nullable Long editedSerial,
      @JsonProperty("notified_serial") @Nullable Long notifiedSerial,
      @JsonProperty("last_check") @Nullable Long lastCheck,
      @JsonProperty("record_count") @Nullable Long recordCount) {}

  /** {@code PATCH .../zones/{zone}}: the RRsets to change, all as one change. */
  record RrSetsChange(List<RrSetBody> rrsets) {}

  /**
   * One RRset of a PATCH (its {@code changetype} required) or of a zone made or replaced whole
   * (REPLACE). A DELETE needs no records; an empty {@code records} of a REPLACE removes the RRset.
   */
  record RrSetBody(
      String name,
      String type,
      @Nullable Long ttl,
      RrSetChange.@Nullable Kind changetype,
      @Nullable List<RecordBody> records,
      @Nullable List<CommentBody> comments) {}

  /** One record: its content as in a zone file; a disabled one is kept but not served. */
  record RecordBody(String content, @JsonProperty(defaultValue = "false") boolean disabled) {}

  /** A comment on an RRset. */
  record CommentBody(
      String content,
      @Nullable String account,
      @JsonProperty("modified_at") @Nullable Long modifiedAt) {}

  /** {@code POST .../metadata}: values added to one kind of metadata. */
  record NewMetadata(String kind, List<String> metadata) {}

  /** {@code PUT .../metadata/{kind}}: the kind's values; {@code kind}, if given, the URL's. */
  record MetadataValues(@Nullable String kind, List<String> metadata) {}

  /** {@code POST .../tsigkeys}: a key; a secret ({@code key}) is made if none is given. */
  record NewKey(String name, @Nullable String algorithm, @Nullable String key) {}

  /** {@code PUT .../tsigkeys/{id}}: a new name (while unused), algorithm or secret. */
  record KeyChange(
      @Nullable String name,
      @Nullable String id,
      @Nullable String algorithm,
      @Nullable String key,
      @Nullable String type) {}

  /** An autoprimary as PowerDNS has them (Tandem has none, and refuses to add one). */
  record Autoprimary(String ip, String nameserver, @Nullable String account) {}

  /** {@code POST .../cryptokeys} as PowerDNS takes it (refused: Tandem does not sign). */
  record NewCryptokey(
      @Nullable String keytype,
      @Nullable Boolean active,
      @Nullable String algorithm,
      @Nullable Integer bits) {}
}
