package io.sharedfs.exporter.ganesha;

import io.sharedfs.exporter.exports.ExportLine;
import io.sharedfs.exporter.exports.ExportOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One line of the proven table as NFS-Ganesha is given it: one EXPORT block with a stable
 * {@code Export_Id}, the line's path, a pseudo path of the node's own, and exactly one CLIENT block for
 * the line's single address. The export itself grants nothing ({@code Access_Type = None}), so an
 * address outside the CLIENT block has no access at all.
 *
 * @param line the exports(5) line, as the analyzer proved it
 * @param node {@code VE/VEM} of the node the line is for (a comment in the block)
 */
public record GaneshaExport(int id, ExportLine line, String pseudo, String node) {

    /** The identity of an export across runs: a path and a client keep their id. */
    public String key() {
        return key(line.path(), line.client());
    }

    static String key(String path, String client) {
        return path + ' ' + client;
    }

    /** The EXPORT block; paths and clients are plain (PathRules, ClientAddress), so quoting is enough. */
    public String block() {
        requirePlain(line.path());
        requirePlain(pseudo);
        requirePlain(line.client());
        StringBuilder text = new StringBuilder(512);
        text.append("# node ").append(node).append(": ").append(line.kind()).append(", ")
                .append(line.render()).append('\n')
                .append("EXPORT {\n")
                .append("\tExport_Id = ").append(id).append(";\n")
                .append("\tPath = \"").append(line.path()).append("\";\n")
                .append("\tPseudo = \"").append(pseudo).append("\";\n")
                .append("\tProtocols = 3, 4;\n")
                .append("\tTransports = TCP;\n")
                .append("\tSecType = sys;\n")
                .append("\tAccess_Type = None;\n")
                .append("\tSquash = Root_Squash;\n")
                .append("\tFSAL { Name = VFS; }\n")
                .append("\tCLIENT {\n")
                .append("\t\tClients = ").append(line.client()).append(";\n");
        for (String permission : GaneshaOptions.clientLines(line.options())) {
            text.append("\t\t").append(permission).append('\n');
        }
        return text.append("\t}\n}\n").toString();
    }

    /** A digest of the block: when it differs from what Ganesha was given, the export is updated. */
    public String digest() {
        return digest(block());
    }

    static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public ExportOptions options() {
        return line.options();
    }

    private static void requirePlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("refusing to write " + text + " into a Ganesha block");
            }
        }
    }
}
