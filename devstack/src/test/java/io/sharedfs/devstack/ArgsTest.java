package io.sharedfs.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {

    @Test
    void pairsFlagsAndPositionalArguments() {
        Args args = Args.parse("bench", new String[] {"--nodes", "50", "--keep", "--rate=2.5", "/srv/image"},
                Set.of("keep", "latency"), true);
        assertEquals(50, args.intValue("nodes", 500));
        assertEquals(2.5, args.doubleValue("rate", 20));
        assertTrue(args.flag("keep"));
        assertFalse(args.flag("latency"));
        assertEquals(List.of("/srv/image"), args.positional());
        assertEquals(30, args.intValue("duration", 30));
    }

    @Test
    void theLastValueOfAnOptionWins() {
        Args args = Args.parse("bench", new String[] {"--root", "/a", "--root", "/b"});
        assertEquals("/b", args.required("root"));
    }

    @Test
    void mistakesAreNamed() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Args.parse("demo", new String[] {"--nodes"}, Set.of(), false));
        assertEquals("demo: --nodes needs a value", missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Args.parse("demo", new String[] {"stray"}));
        Args args = Args.parse("demo", new String[] {"--nodes", "many"});
        assertEquals("demo: --nodes must be a whole number, got 'many'",
                assertThrows(IllegalArgumentException.class, () -> args.intValue("nodes", 3)).getMessage());
        assertEquals("demo: missing --home",
                assertThrows(IllegalArgumentException.class, () -> args.required("home")).getMessage());
    }
}
