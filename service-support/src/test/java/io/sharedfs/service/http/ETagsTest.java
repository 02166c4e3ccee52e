package io.sharedfs.service.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sharedfs.service.problem.ProblemException;
import org.junit.jupiter.api.Test;

/** If-Match passes only for the current version (or none, or *), and a stale one is a 412. */
class ETagsTest {

    @Test
    void theETagIsTheQuotedVersion() {
        assertEquals("\"7\"", ETags.of(7).toString());
    }

    @Test
    void anAbsentOrWildcardIfMatchPasses() {
        assertDoesNotThrow(() -> ETags.check(null, 3));
        assertDoesNotThrow(() -> ETags.check(" ", 3));
        assertDoesNotThrow(() -> ETags.check("*", 3));
    }

    @Test
    void theCurrentVersionPassesAlsoWeakOrInAList() {
        assertDoesNotThrow(() -> ETags.check("\"3\"", 3));
        assertDoesNotThrow(() -> ETags.check("W/\"3\"", 3));
        assertDoesNotThrow(() -> ETags.check("\"1\", \"3\"", 3));
    }

    @Test
    void aStaleOrUnquotedVersionIsAPreconditionFailure() {
        for (String stale : new String[] {"\"2\"", "2", "\"3", "W/\"4\""}) {
            ProblemException e = assertThrows(ProblemException.class, () -> ETags.check(stale, 3), stale);
            assertEquals(412, e.problem().status());
            assertEquals("If-Match", e.problem().errors().get(0).field());
        }
    }
}
