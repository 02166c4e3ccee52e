package io.sharedfs.service.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sharedfs.service.problem.ProblemException;
import org.junit.jupiter.api.Test;

/** Paged lists accept sane pages only, each refusal a 400 naming the parameter. */
class PagingTest {

    @Test
    void firstAndLargestPagesPass() {
        assertDoesNotThrow(() -> Paging.check(0, 1));
        assertDoesNotThrow(() -> Paging.check(10, Paging.MAX_SIZE));
    }

    @Test
    void negativePagesSizesOutOfRangeAndOverflowingOffsetsAreRefused() {
        assertEquals("page", refusal(-1, 20));
        assertEquals("size", refusal(0, 0));
        assertEquals("size", refusal(0, Paging.MAX_SIZE + 1));
        assertEquals("page", refusal(Integer.MAX_VALUE, 2));
    }

    private static String refusal(int page, int size) {
        ProblemException e = assertThrows(ProblemException.class, () -> Paging.check(page, size));
        assertEquals(400, e.problem().status());
        return e.problem().errors().get(0).field();
    }
}
