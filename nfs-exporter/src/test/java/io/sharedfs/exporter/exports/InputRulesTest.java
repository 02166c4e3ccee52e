package io.sharedfs.exporter.exports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sharedfs.contracts.node.ImageRef;
import io.sharedfs.exporter.domain.NodeInput;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Only single addresses and plain, confined paths reach an exports line. */
class InputRulesTest {

    @Test
    void singleAddressesAreClients() {
        assertNull(ClientAddress.problem("10.0.0.3"));
        assertNull(ClientAddress.problem("fd00::3"));
        assertNull(ClientAddress.problem("2001:db8::1"));
    }

    @Test
    void anythingElseIsNotAClient() {
        assertEquals("a wildcard client", ClientAddress.problem("*"));
        assertEquals("a wildcard client", ClientAddress.problem("10.0.0.?"));
        assertEquals("a network, not a single address", ClientAddress.problem("10.0.0.0/8"));
        assertEquals("a netgroup, not a single address", ClientAddress.problem("@farm"));
        assertEquals("not an IPv4 or IPv6 address literal", ClientAddress.problem("web3"));
        assertEquals("not an IPv4 or IPv6 address literal", ClientAddress.problem("10.0.0.03"));
        assertEquals("not an IPv4 or IPv6 address literal", ClientAddress.problem("fe80::1%eth0"));
        assertEquals("not the address of one machine", ClientAddress.problem("0.0.0.0"));
        assertEquals("not the address of one machine", ClientAddress.problem("::"));
        assertEquals("not the address of one machine", ClientAddress.problem("224.0.0.1"));
    }

    @Test
    void pathsMustBePlainAndNormalised() {
        assertNull(PathRules.problem("/srv/images/web-1.0_x"));
        assertEquals("must be an absolute path other than /", PathRules.problem("srv/images"));
        assertEquals("must be an absolute path other than /", PathRules.problem("/"));
        assertEquals("must be normalised (no empty, '.' or '..' segments, no trailing slash)",
                PathRules.problem("/srv/../etc"));
        assertEquals("must be normalised (no empty, '.' or '..' segments, no trailing slash)",
                PathRules.problem("/srv/images/"));
        assertEquals("may only hold letters, digits and . _ + ~ - in its segments",
                PathRules.problem("/srv/my images"));
        assertEquals("may only hold letters, digits and . _ + ~ - in its segments",
                PathRules.problem("/srv/x(rw)"));
    }

    @Test
    void aNodeEventWithAnUnusableAddressOrPathIsRefusedWithEveryReason() {
        ImageRef image = new ImageRef(UUID.randomUUID(), "nfs1", "/srv/images/we b", true,
                List.of("/var", "/proc/x"), List.of("/var/lib/rpm"), List.of("/var/run"));

        List<String> problems = NodeInput.problems("10.0.0.0/24", image);

        assertEquals(List.of("address '10.0.0.0/24' is a network, not a single address",
                "image.rootPath '/srv/images/we b' may only hold letters, digits and . _ + ~ - in its segments",
                "image.privateDirs '/proc/x' lies in /proc, which sharedfs manages itself"), problems);
    }
}
