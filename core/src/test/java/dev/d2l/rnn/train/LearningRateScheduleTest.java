package dev.d2l.rnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void annealingDividesAfterEveryEpochWithoutABetterValidationPerplexity() {
        LearningRateSchedule schedule = LearningRateSchedule.constant(20).anneal(4);
        // word_language_model: 100 (best), 90 (best), 95 (worse: /4), 91 (still above 90: /4), 80 (best).
        List<Double> valid = List.of(100.0, 90.0, 95.0, 91.0, 80.0);
        assertEquals(20f, schedule.rate(1, List.of()));
        assertEquals(20f, schedule.rate(2, valid));
        assertEquals(20f, schedule.rate(3, valid));
        assertEquals(5f, schedule.rate(4, valid));
        assertEquals(1.25f, schedule.rate(5, valid));
        assertEquals(1.25f, schedule.rate(6, valid));
        assertThrows(IllegalArgumentException.class, () -> schedule.rate(7, valid));
    }

    @Test
    void aTieIsNoImprovement() {
        assertEquals(5f, LearningRateSchedule.constant(20).anneal(4).rate(3, List.of(90.0, 90.0)));
    }

    @Test
    void decayMultipliesEveryEpochAfterTheGivenOne() {
        LearningRateSchedule schedule = LearningRateSchedule.constant(2).decay(0.5, 3);
        assertEquals(2f, schedule.rate(1, List.of()));
        assertEquals(2f, schedule.rate(3, List.of()));
        assertEquals(1f, schedule.rate(4, List.of()));
        assertEquals(0.25f, schedule.rate(6, List.of()));
    }

    @Test
    void bothRulesMultiply() {
        LearningRateSchedule schedule = LearningRateSchedule.constant(8).anneal(2).decay(0.5, 1);
        assertEquals(8f * 0.5f * 0.5f / 2, schedule.rate(3, List.of(10.0, 11.0)));
    }

    @Test
    void badFactorsAreErrors() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(1).anneal(0.5));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(1).decay(1.5, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(1).decay(0.5, -1));
    }
}
