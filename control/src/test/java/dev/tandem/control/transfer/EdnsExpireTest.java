package dev.tandem.control.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The EDNS EXPIRE option (RFC 7314) as a primary's SOA answer carries it. */
class EdnsExpireTest {

  private static Message answer(EDNSOption... options) throws IOException {
    Message m = Message.newQuery(Record.newRecord(Name.fromString("example.com."), Type.SOA, 1));
    m.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(options)), Section.ADDITIONAL);
    return new Message(m.toWire()); // as it arrives
  }

  @Test
  void readsTheSecondsLeftAsAnUnsigned32BitValue() throws IOException {
    Message m = answer(new GenericEDNSOption(9, new byte[] {(byte) 0xff, 0, 0x12, 0x34}));

    assertThat(SoaProbe.expireOption(m)).isEqualTo(0xff001234L);
  }

  @Test
  void saysNoneWhenTheOptionIsAbsentEmptyOrMalformed() throws IOException {
    assertThat(SoaProbe.expireOption(answer())).isEqualTo(-1);
    assertThat(SoaProbe.expireOption(answer(new GenericEDNSOption(9, new byte[0])))).isEqualTo(-1);
    assertThat(SoaProbe.expireOption(answer(new GenericEDNSOption(9, new byte[] {1, 2}))))
        .isEqualTo(-1);
    Message noOpt =
        Message.newQuery(Record.newRecord(Name.fromString("example.com."), Type.SOA, DClass.IN));
    assertThat(SoaProbe.expireOption(noOpt)).isEqualTo(-1);
  }
}
