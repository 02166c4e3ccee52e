package io.sharedfs.provisioner.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** A hook's output is kept as its last {@code cap} bytes in a fixed buffer, however much it prints. */
class OutputTailTest {

    @Test
    void keepsTheLastBytesInOrderAcrossTheWrap() {
        OutputTail tail = new OutputTail(10);
        byte[] text = "0123456789abcdefghij-KLMNOP".getBytes(StandardCharsets.US_ASCII);
        tail.append(Arrays.copyOfRange(text, 0, 7), 7);
        tail.append(Arrays.copyOfRange(text, 7, text.length), text.length - 7);

        assertEquals("hij-KLMNOP", tail.text());
        assertTrue(tail.truncated());
    }

    @Test
    void shortOutputIsKeptWholeAndNotTruncated() {
        OutputTail tail = new OutputTail(10);
        tail.append("ok\n".getBytes(StandardCharsets.US_ASCII), 3);

        assertEquals("ok\n", tail.text());
        assertFalse(tail.truncated());
    }

    @Test
    void onlyTheGivenLengthOfTheBufferIsTaken() {
        OutputTail tail = new OutputTail(10);
        tail.append("abcdef".getBytes(StandardCharsets.US_ASCII), 2);

        assertEquals("ab", tail.text());
    }

    @Test
    void aCharacterCutInTwoAtTheStartBecomesAReplacementCharacter() {
        OutputTail tail = new OutputTail(2);
        byte[] text = "xé!".getBytes(StandardCharsets.UTF_8);
        tail.append(text, text.length);

        assertEquals("\uFFFD!", tail.text());
    }

    @Test
    void memoryStaysFlatWhateverIsAppended() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM cannot measure a thread's allocations");
        OutputTail tail = new OutputTail(65_536);
        byte[] chunk = new byte[8192];
        Arrays.fill(chunk, (byte) 'x');
        tail.append(chunk, chunk.length);

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000_000 / chunk.length; i++) {
            tail.append(chunk, chunk.length);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertTrue(allocated < 1_000_000, "appending 100 MB allocated " + allocated + " bytes");
        assertTrue(tail.truncated());
        assertEquals(65_536, tail.text().length());
    }
}
