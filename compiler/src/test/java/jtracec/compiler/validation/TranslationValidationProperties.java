package jtracec.compiler.validation;

import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The law of translation validation: for every generated script and event sequence, the compiled
 * programs (at every optimisation level) run in spec's machine leave the maps and send the
 * records that the reference evaluator says the script means.
 */
class TranslationValidationProperties {
    private static final AtomicInteger PROGRAMS = new AtomicInteger();
    private static final AtomicInteger FIRINGS = new AtomicInteger();

    @Property(tries = 200, seed = "")
    void compiledScriptsMeanWhatTheReferenceEvaluatorSays(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int size) {
        ScriptGenerator.Case generated = new ScriptGenerator(seed, size).generate();
        var checked = new TranslationValidator("generated.bt", generated.script()).check(generated.stimuli());
        PROGRAMS.incrementAndGet();
        FIRINGS.addAndGet(checked.firings().size());
    }

    @AfterContainer
    static void report() {
        System.out.printf("translation validation: %d generated programs, %d firings, each at every optimisation level%n",
                PROGRAMS.get(), FIRINGS.get());
    }
}
