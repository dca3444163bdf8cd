package jtracec.loader.print;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import jtracec.spec.object.Field;
import jtracec.spec.object.FieldType;
import jtracec.spec.object.PrintfSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Inet and MAC values print as bpftrace 0.17 prints them: glibc's inet_ntop and "%02X:...". */
class AddressTextTest {
    private static byte[] inet(long family, byte[] address) {
        var bytes = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(family);
        bytes.put(address);
        return bytes.array();
    }

    private static byte[] address(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal).getAddress();
    }

    /** Expected texts are what bpftrace 0.17 printed for ntop(pton(...)) on this machine (cli's golden/address/ntop.out). */
    @ParameterizedTest
    @CsvSource({
            "2001:db8:0:0:0:ff00:42:8329, 2001:db8::ff00:42:8329",
            "0:0:0:0:0:0:0:0, ::",
            "0:0:0:0:0:0:0:1, ::1",
            "fe80:0:0:0:0:0:0:1, fe80::1",
            "1:0:0:1:0:0:0:1, 1:0:0:1::1",
            "1:0:0:2:0:0:3:4, 1::2:0:0:3:4",
            "1:2:3:4:5:6:7:0, 1:2:3:4:5:6:7:0",
            "0:0:0:0:0:ffff:102:304, ::ffff:1.2.3.4",
            "0:0:0:0:0:0:102:304, ::1.2.3.4",
            "0:0:0:0:0:1:0:0, ::1:0:0",
            "ABCD:EF01:0:0:0:0:0:0, abcd:ef01::"})
    void ipv6IsPrintedAsGlibcInetNtop(String address, String expected) throws UnknownHostException {
        byte[] bytes = new byte[16];
        String[] words = address.split(":");
        for (int i = 0; i < 8; i++) {
            int word = Integer.parseInt(words[i], 16);
            bytes[2 * i] = (byte) (word >> 8);
            bytes[2 * i + 1] = (byte) word;
        }
        assertEquals(expected, AddressText.inet(inet(10, bytes), 0));
    }

    @Test
    void ipv4UsesTheFirstFourBytesAndAnotherFamilyPrintsNothing() throws UnknownHostException {
        assertEquals("192.168.0.1", AddressText.inet(inet(2, address("192.168.0.1")), 0));
        assertEquals("255.255.255.255", AddressText.inet(inet(2, address("255.255.255.255")), 0));
        assertEquals("", AddressText.inet(inet(3, address("10.0.0.1")), 0));
    }

    @Test
    void macAddressesAreUpperCaseHexWithColons() {
        assertEquals("69:6E:69:74:63:0A", AddressText.mac(new byte[] {0, 0x69, 0x6e, 0x69, 0x74, 0x63, 0x0a}, 1));
    }

    @Test
    void printfWidthsApplyToTheAddressText() throws UnknownHostException {
        var spec = new PrintfSpec(0, "[%20s] [%-18s]\n", List.of(new Field(new FieldType.Inet(), 8), new Field(new FieldType.MacAddress(), 32)), 40);
        var record = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        record.put(8, inet(10, address("fe80::1")));
        record.put(32, new byte[] {1, 2, 3, 4, 5, 6});
        assertEquals("[             fe80::1] [01:02:03:04:05:06 ]\n",
                new PrintfFormatter(Symbolizer.addressesOnly()).format(spec, record.array()));
    }
}
