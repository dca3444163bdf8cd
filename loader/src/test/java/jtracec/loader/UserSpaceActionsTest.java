package jtracec.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import jtracec.spec.object.EventIds;
import org.junit.jupiter.api.Test;

class UserSpaceActionsTest {
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
    private final UserSpaceActions actions = new UserSpaceActions(new PrintStream(errors, true, StandardCharsets.UTF_8));

    private static byte[] joinRecord(String... elements) {
        var record = new byte[EventIds.JOIN_RECORD_SIZE];
        for (int i = 0; i < elements.length; i++) {
            byte[] bytes = elements[i].getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(bytes, 0, record, 16 + i * EventIds.JOIN_ARGUMENT_SIZE, Math.min(bytes.length, EventIds.JOIN_ARGUMENT_SIZE - 1));
        }
        return record;
    }

    @Test
    void joinStopsAtTheFirstEmptyElement() {
        assertEquals("ls,-l,a b", UserSpaceActions.join(joinRecord("ls", "-l", "a b", "", "after"), ","));
        assertEquals("", UserSpaceActions.join(joinRecord(), " "));
    }

    @Test
    void joinReadsAtMostSixteenElements() {
        var elements = new String[EventIds.JOIN_ARGUMENTS];
        for (int i = 0; i < elements.length; i++) elements[i] = Integer.toString(i);
        assertEquals(String.join(" ", elements), UserSpaceActions.join(joinRecord(elements), " "));
    }

    @Test
    void catOfAMissingFileIsEmptyWithAnError() {
        assertEquals("", actions.cat("/nonexistent/file"));
        assertTrue(errors.toString(StandardCharsets.UTF_8).contains("ERROR: failed to open file '/nonexistent/file': No such file or directory"));
    }

    @Test
    void catPrintsAtMostTenKilobytes() {
        assertEquals(UserSpaceActions.CAT_BYTES_MAX, actions.cat("/dev/zero").length());
    }

    @Test
    void systemReturnsTheCommandsOutputCutAtNulPerLineAsFgetsReadsIt() {
        // bpftrace 0.17 prints "a b\nxy\n" for this command: the chunk "x\0z\n" keeps only "x"
        assertEquals("a b\nxy\n", actions.system("echo a b; printf 'x\\0z\\ny\\n'"));
    }
}
