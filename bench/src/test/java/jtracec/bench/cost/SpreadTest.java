package jtracec.bench.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {
    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        var spread = Spread.of(List.of(5.0, 1.0, 3.0)).orElseThrow();
        assertEquals(new Spread(1.0, 3.0, 5.0, 3), spread);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, Spread.of(List.of(4.0, 1.0, 2.0, 3.0)).orElseThrow().median());
    }

    @Test
    void unmeasuredValuesAreLeftOut() {
        assertEquals(new Spread(2.0, 2.0, 2.0, 1), Spread.of(List.of(Double.NaN, 2.0)).orElseThrow());
        assertTrue(Spread.of(List.of(Double.NaN)).isEmpty());
    }

    @Test
    void geometricMeanMultipliesRatios() {
        assertEquals(0.5, Spread.geometricMean(List.of(0.25, 1.0)).orElseThrow(), 1e-12);
        assertTrue(Spread.geometricMean(List.of()).isEmpty());
    }
}
