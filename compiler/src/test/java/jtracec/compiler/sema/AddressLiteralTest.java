package jtracec.compiler.sema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** pton() literals as bpftrace 0.17 takes them: a '.' means IPv4, else a ':' means IPv6, each as inet_pton accepts it. */
class AddressLiteralTest {
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "255.255.255.255", "::", "::1", "fe80::1", "2001:db8::ff00:42:8329",
            "1:2:3:4:5:6:7:8", "1::", "ABCD:ef01::9", "::ffff:102:304"})
    void validAddressesHaveTheBytesInetPtonGives(String literal) throws Exception {
        byte[] expected = literal.contains(".") ? InetAddress.getByName(literal).getAddress() : v6(literal);
        assertArrayEquals(expected, AddressLiteral.parse(literal).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.a", "::ffff:1.2.3.4", "1:2:3:4:5:6:7:8:9",
            "1::2::3", "12345::", ":1:2", "g::", "localhost", "1:2:3:4:5:6:7"})
    void otherTextIsNotAnAddress(String literal) {
        assertTrue(AddressLiteral.parse(literal).isEmpty(), literal);
    }

    /** Java maps ::ffff:a.b.c.d to IPv4; the 16 bytes are what inet_pton writes. */
    private static byte[] v6(String literal) throws Exception {
        byte[] address = InetAddress.getByName(literal).getAddress();
        if (address.length == 16) return address;
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(address, 0, mapped, 12, 4);
        return mapped;
    }
}
