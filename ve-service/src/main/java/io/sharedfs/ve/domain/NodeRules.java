package io.sharedfs.ve.domain;

import io.sharedfs.service.problem.Violation;
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
    private static final Pattern IPV6_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    /** Six pairs of hex digits, all separated by colons or all by hyphens. */
    private static final Pattern MAC =
            Pattern.compile("[0-9A-Fa-f]{2}(?:(?::[0-9A-Fa-f]{2}){5}|(?:-[0-9A-Fa-f]{2}){5})");
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

    /**
     * The address in one canonical text form, so one machine cannot appear under two spellings:
     * IPv4 in dotted decimal without leading zeros, IPv6 in its RFC 5952 form (lower case, no
     * leading zeros, the longest run of zero groups as {@code ::}), an IPv4-mapped IPv6 address as
     * the IPv4 address it maps. Only literals are parsed, here, so no name is ever resolved.
     */
    public static Optional<String> canonicalAddress(String address) {
        if (address == null) {
            return Optional.empty();
        }
        if (IPV4.matcher(address).matches()) {
            return Optional.of(address);
        }
        int[] groups = ipv6Groups(address);
        if (groups == null) {
            return Optional.empty();
        }
        if (isIpv4Mapped(groups)) {
            return Optional.of((groups[6] >> 8) + "." + (groups[6] & 0xff) + "." + (groups[7] >> 8) + "."
                    + (groups[7] & 0xff));
        }
        return Optional.of(rfc5952(groups));
    }

    /** The eight 16-bit groups of an IPv6 literal (RFC 4291 section 2.2 text forms), or null. */
    private static int[] ipv6Groups(String text) {
        if (text.indexOf(':') < 0) {
            return null;
        }
        String hex = text;
        if (text.indexOf('.') >= 0) {
            // A trailing dotted IPv4 address stands for the last two groups.
            int lastColon = text.lastIndexOf(':');
            String ipv4 = text.substring(lastColon + 1);
            if (!IPV4.matcher(ipv4).matches()) {
                return null;
            }
            String[] octets = ipv4.split("\\.");
            hex = text.substring(0, lastColon + 1)
                    + Integer.toHexString(Integer.parseInt(octets[0]) << 8 | Integer.parseInt(octets[1])) + ":"
                    + Integer.toHexString(Integer.parseInt(octets[2]) << 8 | Integer.parseInt(octets[3]));
        }
        int gap = hex.indexOf("::");
        if (gap >= 0 && hex.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        List<String> head = gap < 0 ? groups(hex) : groups(hex.substring(0, gap));
        List<String> tail = gap < 0 ? List.of() : groups(hex.substring(gap + 2));
        if (head == null || tail == null || (gap < 0 ? head.size() != 8 : head.size() + tail.size() > 7)) {
            return null;
        }
        int[] groups = new int[8];
        for (int i = 0; i < head.size(); i++) {
            groups[i] = Integer.parseInt(head.get(i), 16);
        }
        for (int i = 0; i < tail.size(); i++) {
            groups[8 - tail.size() + i] = Integer.parseInt(tail.get(i), 16);
        }
        return groups;
    }

    private static List<String> groups(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> groups = List.of(text.split(":", -1));
        return groups.stream().allMatch(group -> IPV6_GROUP.matcher(group).matches()) ? groups : null;
    }

    private static boolean isIpv4Mapped(int[] groups) {
        for (int i = 0; i < 5; i++) {
            if (groups[i] != 0) {
                return false;
            }
        }
        return groups[5] == 0xffff;
    }

    /** RFC 5952 section 4: the first longest run of two or more zero groups becomes {@code ::}. */
    private static String rfc5952(int[] groups) {
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8;) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int end = i;
            while (end < 8 && groups[end] == 0) {
                end++;
            }
            if (end - i > bestLength) {
                bestStart = i;
                bestLength = end - i;
            }
            i = end;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
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
