package io.sharedfs.exporter.exports;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A client spec that names exactly one machine: an IPv4 or IPv6 address literal. Host names
 * (which DNS could point anywhere), wildcards, networks and netgroups are refused.
 */
public final class ClientAddress {

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private ClientAddress() {
    }

    /** Why the client spec does not name one machine, or null when it does. */
    public static String problem(String client) {
        if (client == null || client.isEmpty()) {
            return "no client";
        }
        if (client.indexOf('*') >= 0 || client.indexOf('?') >= 0) {
            return "a wildcard client";
        }
        if (client.indexOf('/') >= 0) {
            return "a network, not a single address";
        }
        if (client.startsWith("@")) {
            return "a netgroup, not a single address";
        }
        InetAddress address = parse(client);
        if (address == null) {
            return "not an IPv4 or IPv6 address literal";
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress() || client.equals("255.255.255.255")) {
            return "not the address of one machine";
        }
        return null;
    }

    /** The address, when the text is an address literal (never a DNS lookup); otherwise null. */
    static InetAddress parse(String client) {
        boolean v4 = IPV4.matcher(client).matches();
        boolean v6 = !v4 && client.indexOf(':') >= 0 && IPV6.matcher(client).matches();
        if (!v4 && !v6) {
            return null;
        }
        try {
            // Only literals reach here, so this parses and never resolves.
            return InetAddress.getByName(client);
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * One spelling per machine: an address literal in Java's form ({@code 2001:DB8:0::1} and {@code 2001:db8::1}
     * are one), anything else as it is, so two spellings of one address never pass for two nodes.
     */
    public static String canonical(String client) {
        InetAddress address = literal(client);
        return address == null ? client : address.getHostAddress();
    }

    /** The address of a literal, for comparing two spellings of one address; null when it is none. */
    public static InetAddress literal(String client) {
        return client == null ? null : parse(client);
    }

    /** How an NFS source names the server: IPv6 literals in brackets. */
    public static String asMountHost(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
