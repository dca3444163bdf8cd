package jtracec.loader.ringbuf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Consumer;
import jtracec.loader.sys.Epoll;
import jtracec.loader.sys.FileDescriptor;
import jtracec.loader.sys.MappedMemory;

/**
 * Consumes a BPF_MAP_TYPE_RINGBUF map from user space, as libbpf's ring_buffer__consume() does
 * (tools/lib/bpf/ringbuf.c): the consumer page is mapped writable, the producer page and the data
 * area (mapped twice back to back, so a record never wraps) read-only. Records are delivered in
 * the order the producer committed their reservations; a record still being written (busy bit)
 * stops the pass, and discarded records are skipped.
 */
public final class RingBufferReader implements AutoCloseable {
    private static final int BUSY_BIT = 1 << 31, DISCARD_BIT = 1 << 30, HEADER_SIZE = 8;

    private final MappedMemory consumer;
    private final MappedMemory producer;
    private final long dataOffset;
    private final long mask;
    private final Epoll epoll;

    /** {@code dataSize} is the map's max_entries: a power of two and a multiple of the page size. */
    public RingBufferReader(FileDescriptor ringBuffer, int dataSize) {
        int page = MappedMemory.pageSize();
        this.consumer = MappedMemory.readWrite(ringBuffer, 0, page);
        try {
            this.producer = MappedMemory.readOnly(ringBuffer, page, page + 2L * dataSize);
            this.epoll = new Epoll();
            epoll.addReadable(ringBuffer);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
        this.dataOffset = page;
        this.mask = dataSize - 1L;
    }

    /** Waits up to {@code timeoutMillis} for data, then delivers every committed record; returns how many. */
    public int poll(int timeoutMillis, Consumer<byte[]> records) {
        if (!hasData()) epoll.await(timeoutMillis);
        return consume(records);
    }

    /**
     * Delivers every record committed so far without waiting. Headers are read one by one up to the
     * first record still being written; the committed span is then copied in one read (its data was
     * written before its header's busy bit cleared) and the consumer position moves once.
     */
    public int consume(Consumer<byte[]> records) {
        int count = 0;
        long consumerPosition = consumer.getLong(0);
        long producerPosition = producer.getLong(0);
        while (consumerPosition < producerPosition) {
            long committed = consumerPosition;
            while (committed < producerPosition && committed - consumerPosition < mask + 1) {
                int header = producer.getInt(dataOffset + (committed & mask));
                if ((header & BUSY_BIT) != 0) break;
                committed += roundUp((header & ~(BUSY_BIT | DISCARD_BIT)) + HEADER_SIZE);
            }
            if (committed == consumerPosition) break;
            var span = producer.read(dataOffset + (consumerPosition & mask), (int) (committed - consumerPosition));
            var buffer = ByteBuffer.wrap(span).order(ByteOrder.LITTLE_ENDIAN);
            // Advance before delivering, so a consumer that throws does not see these records twice.
            consumer.putLong(0, committed);
            for (int at = 0; at < span.length; ) {
                int header = buffer.getInt(at);
                int length = header & ~(BUSY_BIT | DISCARD_BIT);
                if ((header & DISCARD_BIT) == 0) {
                    records.accept(Arrays.copyOfRange(span, at + HEADER_SIZE, at + HEADER_SIZE + length));
                    count++;
                }
                at += (int) roundUp(length + HEADER_SIZE);
            }
            consumerPosition = committed;
            producerPosition = producer.getLong(0);
        }
        return count;
    }

    private boolean hasData() {
        return consumer.getLong(0) < producer.getLong(0);
    }

    private static long roundUp(long length) {
        return (length + 7) & ~7L;
    }

    @Override
    public void close() {
        epoll.close();
        producer.close();
        consumer.close();
    }
}
