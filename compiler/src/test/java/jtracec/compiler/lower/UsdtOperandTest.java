package jtracec.compiler.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The x86-64 operand forms sdt.h writes into .note.stapsdt, as gcc -O0/-O2 produced them here. */
class UsdtOperandTest {
    private static UsdtOperand read(String spec) {
        return switch (UsdtOperand.parse(spec)) {
            case UsdtOperand.Result.Read read -> read.operand();
            case UsdtOperand.Result.Unreadable unreadable -> throw new AssertionError(spec + ": " + unreadable.reason());
        };
    }

    private static String unreadable(String spec) {
        return switch (UsdtOperand.parse(spec)) {
            case UsdtOperand.Result.Read read -> throw new AssertionError(spec + " was read as " + read.operand());
            case UsdtOperand.Result.Unreadable unreadable -> unreadable.reason();
        };
    }

    @Test
    void constantsKeepTheirSizeAndSign() {
        assertEquals(new UsdtOperand.Constant(5, 4, true), read("-4@$5"));
        assertEquals(new UsdtOperand.Constant(-56, 1, false), read("1@$-56"));
        assertEquals(200, UsdtArguments.extend(-56, 1, false));
        assertEquals(-300, UsdtArguments.extend(-300, 2, true));
        assertEquals(0xffffffffL, UsdtArguments.extend(-1, 4, false));
        assertEquals(new UsdtOperand.Constant(0x10, 8, false), read("8@$0x10"));
    }

    @Test
    void registersOfEveryWidthNameTheirPtRegsSlot() {
        assertEquals(new UsdtOperand.Register("edi", 112, 4, true), read("-4@%edi"));
        assertEquals(new UsdtOperand.Register("rax", 80, 8, false), read("8@%rax"));
        assertEquals(new UsdtOperand.Register("dl", 96, 1, true), read("-1@%dl"));
        assertEquals(new UsdtOperand.Register("cx", 88, 2, false), read("2@%cx"));
        assertEquals(new UsdtOperand.Register("r8d", 72, 4, true), read("-4@%r8d"));
        assertEquals(new UsdtOperand.Register("r15", 0, 8, false), read("8@%r15"));
        assertEquals(new UsdtOperand.Register("sil", 104, 1, false), read("1@%sil"));
    }

    @Test
    void memoryIsBasePlusDisplacementPlusScaledIndex() {
        assertEquals(new UsdtOperand.Memory(32, -8, Optional.empty(), 1, 8, false), read("8@-8(%rbp)"));
        assertEquals(new UsdtOperand.Memory(152, 16, Optional.empty(), 1, 4, true), read("-4@16(%rsp)"));
        assertEquals(new UsdtOperand.Memory(112, 0, Optional.empty(), 1, 8, true), read("-8@(%rdi)"));
        assertEquals(new UsdtOperand.Memory(80, 0, Optional.of(104), 8, 8, true), read("-8@(%rax,%rsi,8)"));
        assertEquals(new UsdtOperand.Memory(80, 0x10, Optional.of(104), 1, 4, false), read("4@0x10(%rax,%rsi)"));
    }

    @Test
    void whatCannotBeReadSaysWhy() {
        assertTrue(unreadable("-4@counter(%rip)").contains("counter(%rip)"));
        assertTrue(unreadable("1@%ah").contains("%ah"));
        assertTrue(unreadable("3@%eax").contains("SIZE@OPERAND"));
        assertTrue(unreadable("4@8(%xmm0)").contains("%xmm0"));
    }
}
