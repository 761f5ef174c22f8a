package dev.tandem.it;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * One test of the Ferret data set's valid zones (ValidZoneFileTests/N): a zone file without {@code
 * $ORIGIN} (the SOA owner is the origin), and for each query the responses of BIND, NSD, Knot and
 * PowerDNS, grouped by agreement. Ferret sent each query over UDP without EDNS and with RD clear,
 * and put two servers in one group when their responses had the same RCODE and flags (RA aside) and
 * the same question, answer and additional RRsets, TTLs not compared, and the same authority RRsets
 * only when one of the answers was empty. A group's text is its first member's response, in the
 * order bind, nsd, knot, powerdns.
 */
record FerretTest(int id, Path zoneFile, Name origin, List<Query> queries) {
  static final List<String> SERVERS = List.of("bind", "nsd", "knot", "powerdns");

  record Query(Name name, int type, List<Group> groups) {
    /** The largest groups: one, or several when the servers split evenly. */
    List<Group> majority() {
      int most = groups.stream().mapToInt(g -> g.servers().size()).max().orElse(0);
      return groups.stream().filter(g -> g.servers().size() == most).toList();
    }

    /** The query as Ferret sent it: no RD, no EDNS. */
    byte[] wire() {
      Message m = Message.newQuery(Record.newRecord(name, type, DClass.IN));
      m.getHeader().unsetFlag(Flags.RD);
      return m.toWire();
    }
  }

  /** Servers that agreed, and the response they gave (dnspython's text form, one line each). */
  record Group(Set<String> servers, List<String> response) {
    ResponseShape shape(Query q) throws IOException {
      Message m = new Message(0);
      m.getHeader().setFlag(Flags.QR);
      List<String> records = new ArrayList<>();
      int section = -1;
      for (String line : response) {
        if (line.startsWith("rcode ")) {
          m.getHeader().setRcode(Rcode.value(line.substring(6)));
        } else if (line.startsWith("flags")) {
          for (String f : line.substring(5).trim().split(" ")) {
            if (!f.isEmpty() && !f.equals("QR")) {
              m.getHeader().setFlag(Flags.value(f));
            }
          }
        } else if (line.startsWith(";")) {
          add(m, section, records);
          section =
              switch (line) {
                case ";QUESTION" -> Section.QUESTION;
                case ";ANSWER" -> Section.ANSWER;
                case ";AUTHORITY" -> Section.AUTHORITY;
                case ";ADDITIONAL" -> Section.ADDITIONAL;
                default -> throw new IOException("unknown section " + line);
              };
        } else if (section >= 0) {
          records.add(line);
        } else if (!line.startsWith("id ") && !line.startsWith("opcode ")) {
          throw new IOException("unexpected header line '" + line + "'");
        }
      }
      add(m, section, records);
      return ResponseShape.of(m.toWire());
    }

    private static void add(Message m, int section, List<String> lines) throws IOException {
      if (section == Section.QUESTION) {
        for (String line : lines) {
          String[] f = line.split(" ");
          m.addRecord(
              Record.newRecord(Name.fromString(f[0]), Type.value(f[2]), DClass.value(f[1])),
              Section.QUESTION);
        }
      } else if (section >= 0 && !lines.isEmpty()) {
        byte[] text = String.join("\n", lines).concat("\n").getBytes(StandardCharsets.UTF_8);
        try (Master master = new Master(new ByteArrayInputStream(text), Name.root)) {
          for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
            m.addRecord(r, section);
          }
        }
      }
      lines.clear();
    }
  }

  static Path validTests() {
    return Peers.shared().resolve("conformance/ferret/ValidZoneFileTests");
  }

  static int count() throws IOException {
    try (var files = Files.list(validTests().resolve("ZoneFiles"))) {
      return (int) files.count();
    }
  }

  static FerretTest read(int id) throws IOException {
    Path zone = validTests().resolve("ZoneFiles/" + id + ".txt");
    Path expected = validTests().resolve("ExpectedResponses/" + id + ".json");
    List<Query> queries = new ArrayList<>();
    for (Object q : (List<?>) Json.parse(Files.readString(expected))) {
      Object query = Json.member(q, "Query");
      List<Group> groups = new ArrayList<>();
      for (Object g : Json.list(q, "Expected Response")) {
        Set<String> servers =
            new TreeSet<>(Arrays.asList(Json.string(g, "Server/s").trim().split(" +")));
        List<String> lines = new ArrayList<>();
        for (Object line : Json.list(g, "Response")) {
          lines.add((String) line);
        }
        groups.add(new Group(servers, lines));
      }
      queries.add(
          new Query(
              Name.fromString(Json.string(query, "Name")),
              Type.value(Json.string(query, "Type")),
              groups));
    }
    return new FerretTest(id, zone, soaOwner(zone), queries);
  }

  /** The owner of the SOA record, as Ferret's scripts find the origin. */
  static Name soaOwner(Path zoneFile) throws IOException {
    for (String line : Files.readAllLines(zoneFile)) {
      String[] fields = line.trim().split("\\s+");
      for (int i = 1; i < fields.length; i++) {
        if (fields[i].equals("SOA") && !line.startsWith(" ") && !line.startsWith("\t")) {
          return Name.fromString(fields[0], Name.root);
        }
      }
    }
    throw new IOException(zoneFile + " has no SOA record");
  }
}
