package io.sharedfs.ve.domain;

import io.sharedfs.service.problem.Violation;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks and normalises what identifies a node. The address ends up in an exports line and the
 * hostname in audit records, so both are checked strictly; pure logic.
 */
public final class NodeRules {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}");
    private static final Pattern VE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private NodeRules() {
    }

    /** A node's fields after normalisation: lower-case hostname and MAC, canonical address. */
    public record NodeInput(String hostname, String address, String mac) {
    }

    /** Checks a node's fields; returns the normalised fields or the broken rules. */
    public static NodeInput check(String hostname, String address, String mac, List<Violation> violations) {
        String host = hostname(hostname, violations);
        String canonical = address(address, violations);
        String normalisedMac = mac(mac, violations);
        return new NodeInput(host, canonical, normalisedMac);
    }

    public static void veName(String name, List<Violation> violations) {
        if (name == null || name.isEmpty()) {
            violations.add(new Violation("name", "required", "name is required"));
        } else if (!VE_NAME.matcher(name).matches()) {
            violations.add(new Violation("name", "pattern",
                    "name must be 1 to 64 characters of letters, digits, '.', '_' and '-'"));
        }
    }

    static String hostname(String hostname, List<Violation> violations) {
        if (hostname == null || hostname.isEmpty()) {
            violations.add(new Violation("hostname", "required", "hostname is required"));
            return null;
        }
        String host = hostname.endsWith(".") ? hostname.substring(0, hostname.length() - 1) : hostname;
        boolean valid = !host.isEmpty() && host.length() <= 253;
        for (String label : host.split("\\.", -1)) {
            valid &= LABEL.matcher(label).matches();
        }
        if (!valid) {
            violations.add(new Violation("hostname", "rfc1123", "hostname '" + printable(hostname)
                    + "' is not an RFC 1123 host name: dot-separated labels of 1 to 63 letters, digits and"
                    + " inner hyphens, 253 characters at most"));
            return null;
        }
        return host.toLowerCase(Locale.ROOT);
    }

    static String address(String address, List<Violation> violations) {
        Optional<String> canonical = canonicalAddress(address);
        if (address == null || address.isEmpty()) {
            violations.add(new Violation("address", "required", "address (the node's IP address) is required"));
        } else if (canonical.isEmpty()) {
            violations.add(new Violation("address", "ip-address", "address '" + printable(address)
                    + "' is not a single IPv4 or IPv6 address"));
        }
        return canonical.orElse(null);
    }

    /** The address in one canonical text form, so one machine cannot appear under two spellings. */
    public static Optional<String> canonicalAddress(String address) {
        if (address == null) {
            return Optional.empty();
        }
        if (IPV4.matcher(address).matches()) {
            return Optional.of(address);
        }
        // Only a literal reaches InetAddress, so this never asks DNS.
        if (address.contains(":") && IPV6_CHARS.matcher(address).matches()) {
            try {
                return Optional.of(InetAddress.getByName(address).getHostAddress());
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    static String mac(String mac, List<Violation> violations) {
        if (mac == null || mac.isEmpty()) {
            return null;
        }
        if (!MAC.matcher(mac).matches()) {
            violations.add(new Violation("mac", "mac-address",
                    "mac '" + printable(mac) + "' is not a MAC address like 52:54:00:12:34:56"));
            return null;
        }
        return mac.toLowerCase(Locale.ROOT).replace('-', ':');
    }

    private static String printable(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
