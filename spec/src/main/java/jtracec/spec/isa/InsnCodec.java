package jtracec.spec.isa;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire form of a program (RFC 9669 §3): 8 bytes per slot, little-endian, as bpf(2) takes it on
 * the hosts jtracec runs on: opcode, then dst in the low and src in the high nibble, then offset
 * and imm. Any 8 bytes decode to a slot; whether the slot means anything is {@link InsnDecoder}'s call.
 */
public final class InsnCodec {
    private InsnCodec() {}

    public static final int SLOT_BYTES = 8;

    /** The outcome of reading bytes as slots. */
    public sealed interface Decoding {
        record Decoded(List<Insn> insns) implements Decoding {
            public Decoded {
                insns = List.copyOf(insns);
            }
        }

        record Malformed(int byteOffset, String reason) implements Decoding {}
    }

    public static byte[] encode(List<Insn> insns) {
        ByteBuffer buffer = ByteBuffer.allocate(insns.size() * SLOT_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (Insn insn : insns) {
            buffer.put((byte) insn.opcode());
            buffer.put((byte) (insn.dst() | insn.src() << 4));
            buffer.putShort((short) insn.offset());
            buffer.putInt(insn.imm());
        }
        return buffer.array();
    }

    public static Decoding decode(byte[] bytes) {
        if (bytes.length % SLOT_BYTES != 0) {
            return new Decoding.Malformed(bytes.length - bytes.length % SLOT_BYTES,
                    "%d bytes is not a whole number of 8-byte slots".formatted(bytes.length));
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<Insn> insns = new ArrayList<>(bytes.length / SLOT_BYTES);
        while (buffer.hasRemaining()) {
            int opcode = buffer.get() & 0xff;
            int registers = buffer.get() & 0xff;
            int offset = buffer.getShort();
            int imm = buffer.getInt();
            insns.add(new Insn(opcode, registers & 0xf, registers >>> 4, offset, imm));
        }
        return new Decoding.Decoded(insns);
    }

    /** One slot as the 64-bit little-endian word the conformance suite's {@code -- raw} section writes. */
    public static long word(Insn insn) {
        return (long) insn.imm() << 32 | (insn.offset() & 0xffffL) << 16 | (long) (insn.src() << 4 | insn.dst()) << 8 | insn.opcode();
    }

    public static Insn fromWord(long word) {
        return new Insn((int) (word & 0xff), (int) (word >>> 8) & 0xf, (int) (word >>> 12) & 0xf, (short) (word >>> 16), (int) (word >>> 32));
    }
}
