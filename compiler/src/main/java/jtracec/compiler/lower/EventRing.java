package jtracec.compiler.lower;

/**
 * Where a program's events go, and whether {@code bpf_ringbuf_output} can fail there. Only where
 * it can does the program count the lost event (ProbeLowering.countIfLost), five instructions after
 * each output; {@link RingRoom} decides which programs are proven to always find room.
 */
sealed interface EventRing {
    /** The shared ring, which every event program fills and the loader drains while they run: a full one drops the event. */
    record SharedMayBeFull() implements EventRing {}

    /**
     * The shared ring, for BEGIN programs whose outputs together fit it: the loader runs BEGIN
     * once, before it attaches any other program, into a ring nothing has written yet.
     */
    record SharedWithRoom() implements EventRing {}

    /**
     * END's own ring of {@code bytes} (a power of two, a page multiple), which only END programs
     * write and which holds all their outputs: the loader runs END after detaching the event
     * programs, whose in-flight runs may still fill the shared ring, and then drains this one.
     */
    record EndOwnRing(int bytes) implements EventRing {}
}
