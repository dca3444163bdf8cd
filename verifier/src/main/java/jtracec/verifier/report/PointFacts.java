package jtracec.verifier.report;

import java.util.List;
import jtracec.verifier.obligation.Verdict;

/**
 * One instruction as {@code --explain} shows it: its text, the state before it, where the script's
 * variables are (empty when the program has no variable table), and its verdicts.
 */
public record PointFacts(int pc, String instruction, String state, String variables, List<Verdict> verdicts) {
    public PointFacts {
        verdicts = List.copyOf(verdicts);
    }
}
