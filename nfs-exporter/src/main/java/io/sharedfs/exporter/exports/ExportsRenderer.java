package io.sharedfs.exporter.exports;

/**
 * Writes an export table as an exports(5) file. The same table always gives the same bytes:
 * nodes in image, VE and VEM order, each node's lines in a fixed order, no timestamps.
 */
public final class ExportsRenderer {

    private ExportsRenderer() {
    }

    public static String render(ExportTable table) {
        StringBuilder text = new StringBuilder(64 + table.nodes().size() * 400);
        text.append("# sharedfs export table of storage host ").append(table.storageHost())
                .append(", generation ").append(table.generation()).append('\n')
                .append("# Written by nfs-exporter from its database; edits here are overwritten.\n");
        for (NodeExports node : table.nodes()) {
            NodeFacts facts = node.facts();
            text.append("\n# node ").append(facts.veId()).append('/').append(facts.vemId())
                    .append(' ').append(facts.address())
                    .append(facts.shared() ? " shared image " : " non-shared image ").append(facts.imageRoot())
                    .append('\n');
            for (ExportLine line : node.lines()) {
                text.append(line.path()).append(' ').append(line.client())
                        .append('(').append(line.options()).append(")\n");
            }
        }
        return text.toString();
    }
}
