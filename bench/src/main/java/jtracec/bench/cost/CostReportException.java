package jtracec.bench.cost;

/** An environment problem that stops the cost report, with a message that says what to do. */
final class CostReportException extends RuntimeException {
    CostReportException(String message) {
        super(message);
    }
}
