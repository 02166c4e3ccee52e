package io.sharedfs.provisioner.hook;

import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * Keeps the last {@code cap} bytes of a stream in a fixed ring buffer, so a hook that prints
 * gigabytes costs no more memory than one that prints a line.
 */
final class OutputTail {

    private final byte[] ring;
    private long total;

    OutputTail(int cap) {
        this.ring = new byte[Math.max(1, cap)];
    }

    synchronized void append(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            ring[(int) (total++ % ring.length)] = bytes[i];
        }
    }

    synchronized boolean truncated() {
        return total > ring.length;
    }

    /** The kept bytes as text; a character cut in two at the start becomes a replacement character. */
    synchronized String text() {
        int kept = (int) Math.min(total, ring.length);
        byte[] ordered = new byte[kept];
        int start = (int) (total - kept);
        for (int i = 0; i < kept; i++) {
            ordered[i] = ring[(start + i) % ring.length];
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(ordered)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(ordered, StandardCharsets.ISO_8859_1);
        }
    }
}
