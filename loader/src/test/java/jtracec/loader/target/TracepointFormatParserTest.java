package jtracec.loader.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import jtracec.spec.kernel.TracepointField;
import org.junit.jupiter.api.Test;

class TracepointFormatParserTest {
    private final TracepointFormatParser parser = new TracepointFormatParser();

    @Test
    void fieldsKeepTheirTypeOffsetSizeAndSign() {
        var text = """
                name: sched_switch
                ID: 316
                format:
                \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
                \tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

                \tfield:char prev_comm[16];\toffset:8;\tsize:16;\tsigned:0;
                \tfield:__data_loc char[] name;\toffset:24;\tsize:4;\tsigned:0;
                \tfield:const char * filename;\toffset:32;\tsize:8;\tsigned:0;

                print fmt: "prev_comm=%s", REC->prev_comm
                """;
        var format = parser.parse("sched", "sched_switch", text).orElseThrow();
        assertEquals(316, format.id());
        assertEquals(List.of(
                new TracepointField("common_type", "unsigned short", 0, 2, false),
                new TracepointField("common_pid", "int", 4, 4, true),
                new TracepointField("prev_comm", "char[16]", 8, 16, false),
                new TracepointField("name", "__data_loc char[]", 24, 4, false),
                new TracepointField("filename", "const char *", 32, 8, false)), format.fields());
    }

    @Test
    void aFileWithoutAnIdIsNotATracepoint() {
        assertTrue(parser.parse("x", "y", "name: y\nformat:\n").isEmpty());
    }
}
