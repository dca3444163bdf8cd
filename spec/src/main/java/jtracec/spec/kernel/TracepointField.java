package jtracec.spec.kernel;

/**
 * One field of a tracepoint's format file, e.g.
 * {@code field:const char * filename; offset:24; size:8; signed:0;}.
 */
public record TracepointField(String name, String cType, int offset, int size, boolean isSigned) {}
