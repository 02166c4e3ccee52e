package io.sharedfs.contracts.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A node may become READY after its hook only if there was no hook or the hook exited with 0. */
class HookSucceedsOnlyWhenAbsentOrExitedZeroTest {

    @ParameterizedTest(name = "{0} exit {1} -> {2}")
    @CsvSource({
        "ABSENT,    ,   true",
        "EXITED,    0,  true",
        "EXITED,    1,  false",
        "EXITED,    -9, false",
        "REFUSED,   ,   false",
        "TIMED_OUT, ,   false",
        // an exit code on a hook that did not exit must not count as a clean exit
        "REFUSED,   0,  false",
        "TIMED_OUT, 0,  false",
        // EXITED without a code is a broken producer, not a success
        "EXITED,    ,   false",
    })
    void succeeded(HookOutcome outcome, Integer exitCode, boolean succeeded) {
        InitVemHookRan result = new InitVemHookRan(10, 3, 1, outcome, exitCode, null, 20, null, false);

        assertEquals(succeeded, result.succeeded());
    }
}
