package io.sharedfs.ve.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.service.problem.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostnames follow RFC 1123, addresses are IP literals in one canonical form, MACs are normalised. */
class NodeRulesTest {

    private static final String LABEL_63 = "a".repeat(63);

    @ParameterizedTest
    @CsvSource({
        "node1, node1",
        "a, a",
        "1node, 1node",
        "Web-01.Example.COM, web-01.example.com",
        "web01.example.com., web01.example.com",
        "10.0.0.1, 10.0.0.1",
        "x--y.z, x--y.z"})
    void validHostnamesAreLowerCasedAndLoseTheRootDot(String hostname, String normalised) {
        List<Violation> violations = new ArrayList<>();
        assertEquals(normalised, NodeRules.hostname(hostname, violations));
        assertTrue(violations.isEmpty(), violations.toString());
    }

    @Test
    void aLabelOf63AndANameOf253CharactersAreTheLongestAllowed() {
        assertValidHost(LABEL_63 + ".example");
        String name253 = String.join(".", LABEL_63, LABEL_63, LABEL_63, "b".repeat(61));
        assertEquals(253, name253.length());
        assertValidHost(name253);
        assertValidHost(name253 + ".");
    }

    @Test
    void aLabelOf64OrANameOf254CharactersIsRefused() {
        assertInvalidHost("a".repeat(64) + ".example", "rfc1123");
        String name254 = String.join(".", LABEL_63, LABEL_63, LABEL_63, "b".repeat(62));
        assertEquals(254, name254.length());
        assertInvalidHost(name254, "rfc1123");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-web", "web-", "web.-x", "web_01", "a..b", ".a", "a..", ".", "web 01", "web01\n",
        "ünïcode", "web/01", "*.example.com", "web01:22"})
    void malformedHostnamesAreRefused(String hostname) {
        assertInvalidHost(hostname, "rfc1123");
    }

    @Test
    void aMissingHostnameIsRequired() {
        assertInvalidHost(null, "required");
        assertInvalidHost("", "required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "0.0.0.0", "255.255.255.255", "192.168.100.10", "1.2.3.4"})
    void ipv4AddressesAreKeptAsTheyAre(String address) {
        assertEquals(Optional.of(address), NodeRules.canonicalAddress(address));
    }

    /** Leading zeros are refused rather than guessed at: 010 reads as octal (8) in some tools, as 10 in others. */
    @ParameterizedTest
    @ValueSource(strings = {"256.0.0.1", "10.0.0.256", "10.0.0", "10.0.0.1.2", "010.0.0.1", "10.0.0.01",
        "10.00.0.1", "0x0a.0.0.1", "1e1.0.0.1", " 10.0.0.1", "10.0.0.1 ", "10.0.0.1/24", "10.0.0.-1", "10.0.0.",
        "\u0661\u0660.0.0.1", "167772161"})
    void malformedIpv4AddressesAreRefused(String address) {
        assertInvalidAddress(address);
    }

    @ParameterizedTest
    @CsvSource({
        "::1, ::1",
        "0:0:0:0:0:0:0:1, ::1",
        "0::1, ::1",
        "::, ::",
        "2001:DB8::0001, 2001:db8::1",
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:db8:0:0:1:0:0:0, 2001:db8:0:0:1::",
        "::1:2:3:4:5:6:7, 0:1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
        "FE80::1, fe80::1",
        "fd00::a:b, fd00::a:b",
        "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
        "::ffff:10.0.0.1, 10.0.0.1",
        "0:0:0:0:0:ffff:0a00:0001, 10.0.0.1"})
    void ipv6AddressesTakeTheirRfc5952Form(String address, String canonical) {
        assertEquals(Optional.of(canonical), NodeRules.canonicalAddress(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1:2", "1::2::3", ":::1", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "12345::1",
        "fe80::1%eth0", "[::1]", "::1/128", "g::1", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:", ".::1", "::1.2.3",
        "::256.1.1.1", "::010.0.0.1", "1.2.3.4::", "::1.2.3.4:5", "1:2:3:4:5:6:7:1.2.3.4", ":", "::1 "})
    void malformedIpv6AddressesAreRefused(String address) {
        assertInvalidAddress(address);
    }

    /** Only literals are addresses: a name is never looked up, even one every resolver knows. */
    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "ip6-localhost", "node1", "a.b.c.d", "ffff", "abc.def"})
    void namesAreNeverResolved(String address) {
        assertInvalidAddress(address);
    }

    @Test
    void aMissingAddressIsRequired() {
        List<Violation> violations = new ArrayList<>();
        assertNull(NodeRules.address(null, violations));
        assertEquals("required", violations.get(0).rule());
        assertEquals("address", violations.get(0).field());
    }

    @ParameterizedTest
    @CsvSource({
        "52:54:00:12:34:56, 52:54:00:12:34:56",
        "52:54:00:AB:CD:EF, 52:54:00:ab:cd:ef",
        "52-54-00-ab-cd-ef, 52:54:00:ab:cd:ef"})
    void macAddressesAreLowerCaseWithColons(String mac, String normalised) {
        List<Violation> violations = new ArrayList<>();
        assertEquals(normalised, NodeRules.mac(mac, violations));
        assertTrue(violations.isEmpty(), violations.toString());
    }

    @Test
    void aMissingMacIsFine() {
        List<Violation> violations = new ArrayList<>();
        assertNull(NodeRules.mac(null, violations));
        assertNull(NodeRules.mac("", violations));
        assertTrue(violations.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"52:54:00:12:34", "52:54:00:12:34:56:78", "5254.0012.3456", "52:54:00:12:34:5g",
        "525400123456", "52:54-00:12:34:56", "52:54:00:12:34:56 ", "2:54:00:12:34:56"})
    void malformedMacsAreRefused(String mac) {
        List<Violation> violations = new ArrayList<>();
        assertNull(NodeRules.mac(mac, violations));
        assertEquals(List.of("mac/mac-address"), violations.stream().map(v -> v.field() + "/" + v.rule()).toList());
    }

    @Test
    void checkReportsEveryBrokenRuleAtOnce() {
        List<Violation> violations = new ArrayList<>();
        NodeRules.check("bad_host", "10.0.0.256", "nope", violations);
        assertEquals(List.of("hostname", "address", "mac"), violations.stream().map(Violation::field).toList());
    }

    @Test
    void veNamesAreShortWordsOfLettersDigitsDotsUnderscoresAndHyphens() {
        for (String good : new String[] {"web", "web-farm_2.prod", "x".repeat(64)}) {
            List<Violation> violations = new ArrayList<>();
            NodeRules.veName(good, violations);
            assertTrue(violations.isEmpty(), good + ": " + violations);
        }
        for (String bad : new String[] {"x".repeat(65), "web farm", "web/farm", "ünï"}) {
            List<Violation> violations = new ArrayList<>();
            NodeRules.veName(bad, violations);
            assertEquals("pattern", violations.get(0).rule(), bad);
        }
        List<Violation> missing = new ArrayList<>();
        NodeRules.veName("", missing);
        assertEquals("required", missing.get(0).rule());
    }

    private static void assertValidHost(String hostname) {
        List<Violation> violations = new ArrayList<>();
        String normalised = NodeRules.hostname(hostname, violations);
        assertTrue(violations.isEmpty(), violations.toString());
        assertEquals(hostname.endsWith(".") ? hostname.substring(0, hostname.length() - 1) : hostname, normalised);
    }

    private static void assertInvalidHost(String hostname, String rule) {
        List<Violation> violations = new ArrayList<>();
        assertNull(NodeRules.hostname(hostname, violations));
        assertEquals(List.of("hostname/" + rule), violations.stream().map(v -> v.field() + "/" + v.rule()).toList());
    }

    private static void assertInvalidAddress(String address) {
        assertEquals(Optional.empty(), NodeRules.canonicalAddress(address), address);
        List<Violation> violations = new ArrayList<>();
        assertNull(NodeRules.address(address, violations));
        assertEquals(List.of("address/ip-address"), violations.stream().map(v -> v.field() + "/" + v.rule()).toList());
    }
}
