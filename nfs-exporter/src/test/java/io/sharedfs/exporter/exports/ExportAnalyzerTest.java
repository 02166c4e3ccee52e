package io.sharedfs.exporter.exports;

import static io.sharedfs.exporter.exports.Tables.disk;
import static io.sharedfs.exporter.exports.Tables.line;
import static io.sharedfs.exporter.exports.Tables.nonShared;
import static io.sharedfs.exporter.exports.Tables.plus;
import static io.sharedfs.exporter.exports.Tables.shared;
import static io.sharedfs.exporter.exports.Tables.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedfs.contracts.node.NodeRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The least-privilege analyzer refuses every way a node could reach a sibling's tree or write a shared image. */
class ExportAnalyzerTest {

    private static final String WEB = "/srv/images/web";
    private static final String RO = "ro,root_squash,subtree_check,secure";
    private static final String RW = "rw,sync,no_root_squash,subtree_check,secure";

    private final NodeFacts web3 = shared(WEB, 10, 3, "10.0.0.3");
    private final NodeFacts web4 = shared(WEB, 10, 4, "10.0.0.4");
    private final NodeFacts other = shared(WEB, 11, 1, "10.0.1.1");
    private final List<NodeFacts> nodes = List.of(web3, web4, other);
    private final ExportTable valid = table(nodes);

    @Test
    void theTableTheBuilderMakesIsAccepted() {
        assertEquals(List.of(), ExportAnalyzer.analyze(valid.lines(), nodes, disk()));
    }

    @Test
    void aWildcardClientIsRefused() {
        List<Finding> findings = analyze(line(WEB, "*", RO));

        assertOnly("wildcard-client", findings);
        assertTrue(findings.get(0).message().contains("'*', a wildcard client"), findings.toString());
    }

    @Test
    void networksNetgroupsAndHostNamesAreRefusedAsClients() {
        assertOnly("network-client", analyze(line(WEB, "10.0.0.0/24", RO)));
        assertOnly("not-a-single-address", analyze(line(WEB, "@webfarm", RO)));
        assertOnly("not-a-single-address", analyze(line(WEB, "web-3.example.com", RO)));
        assertOnly("not-a-single-address", analyze(line(WEB, "0.0.0.0", RO)));
    }

    @Test
    void aParentExportThatCoversASiblingsTreeIsRefused() {
        List<Finding> findings = analyze(line(WEB + "/private/10", "10.0.0.3", RW));

        assertOnly("covers-sibling-trees", findings);
        Finding finding = findings.get(0);
        assertEquals(WEB + "/private/10", finding.path());
        assertEquals(List.of(new NodeRef(10, 3), new NodeRef(10, 4)), finding.nodes());
        assertTrue(finding.message().contains("every node of VE 10"), finding.message());
    }

    @Test
    void exportingTheWholePrivateAreaIsRefused() {
        List<Finding> findings = analyze(line(WEB + "/private", "10.0.0.3", RO));

        assertOnly("covers-sibling-trees", findings);
        assertEquals(3, findings.get(0).nodes().size());
    }

    @Test
    void aSiblingsPrivateDirExportedToANodeIsRefused() {
        List<Finding> findings = analyze(line(WEB + "/private/10/4/var", "10.0.0.3", RW));

        assertOnly("other-node-tree", findings);
        assertEquals(List.of(new NodeRef(10, 3), new NodeRef(10, 4)), findings.get(0).nodes());
    }

    @Test
    void anotherVesCustomDirIsRefused() {
        assertOnly("other-ve-tree", analyze(line(WEB + "/private/11/custom", "10.0.0.3", RW)));
    }

    @Test
    void sharedfsInternalsUnderPrivateAreRefused() {
        assertOnly("not-a-node-tree", analyze(line(WEB + "/private/10/init_vem", "10.0.0.3", RO)));
        assertOnly("other-ve-tree", analyze(line(WEB + "/private/.staging", "10.0.0.3", RO)));
    }

    @Test
    void aReadWriteSharedImageIsRefused() {
        List<Finding> findings = analyze(line(WEB, "10.0.0.3", "rw,root_squash,subtree_check"));

        assertTrue(rules(findings).contains("writable-shared-image"), findings.toString());
        assertTrue(rules(findings).contains("duplicate-line"), findings.toString());
    }

    @Test
    void theVesCustomDirWithoutRootSquashIsRefused() {
        String custom = WEB + "/private/10/custom";
        List<ExportLine> lines = replaced(custom, "10.0.0.3", "rw,sync,no_root_squash,subtree_check,secure");

        assertOnly("unsquashed-ve-custom", ExportAnalyzer.analyze(lines, nodes, disk()));
    }

    @Test
    void aReadWriteExportOfSharedImageContentIsRefused() {
        assertOnly("writable-shared-image", analyze(line(WEB + "/usr", "10.0.0.3", "rw,root_squash,subtree_check")));
    }

    @Test
    void aSharedImageWithoutRootSquashIsRefused() {
        List<ExportLine> lines = replaced(WEB, "10.0.0.3", "ro,no_root_squash,subtree_check");

        assertOnly("unsquashed-shared-image", ExportAnalyzer.analyze(lines, nodes, disk()));
        assertOnly("unsquashed-shared-image", ExportAnalyzer.analyze(
                replaced(WEB, "10.0.0.3", "ro,root_squash,anonuid=0,subtree_check"), nodes, disk()));
        for (String uid : new String[] {"00", "+0", "-0", "0x0", "root"}) {
            assertOnly("unsquashed-shared-image", ExportAnalyzer.analyze(
                    replaced(WEB, "10.0.0.3", "ro,root_squash,anonuid=" + uid + ",subtree_check"), nodes, disk()));
        }
        assertTrue(ExportAnalyzer.analyze(replaced(WEB, "10.0.0.3", "ro,root_squash,anonuid=65534,subtree_check"),
                nodes, disk()).isEmpty(), "a non-zero anonymous uid squashes");
    }

    @Test
    void crossmntOnASharedImageIsRefused() {
        assertOnly("crossmnt-shared-image", ExportAnalyzer.analyze(
                replaced(WEB, "10.0.0.4", "ro,root_squash,crossmnt,subtree_check"), nodes, disk()));
    }

    @Test
    void exportsWithoutSubtreeCheckOrWithInsecureAreRefused() {
        assertOnly("no-subtree-check", ExportAnalyzer.analyze(
                replaced(WEB + "/private/10/3/var", "10.0.0.3", "rw,no_root_squash,no_subtree_check"), nodes, disk()));
        assertOnly("no-subtree-check", ExportAnalyzer.analyze(
                replaced(WEB + "/private/10/3/var", "10.0.0.3", "rw,no_root_squash"), nodes, disk()));
        assertOnly("insecure", ExportAnalyzer.analyze(
                replaced(WEB + "/private/10/3/var", "10.0.0.3", "rw,subtree_check,insecure"), nodes, disk()));
    }

    @Test
    void aPathOutsideEveryImageRootIsRefused() {
        assertOnly("outside-image-roots", analyze(line("/etc", "10.0.0.3", RO)));
        assertOnly("outside-image-roots", analyze(line("/srv/images", "10.0.0.3", RO)));
    }

    @Test
    void aPathThatIsNotNormalisedIsRefused() {
        assertOnly("invalid-path", analyze(line(WEB + "/private/10/3/../4", "10.0.0.3", RW)));
        assertOnly("invalid-path", analyze(line(WEB + "/private/10/3/v ar", "10.0.0.3", RW)));
    }

    @Test
    void duplicateLinesAreRefused() {
        assertOnly("duplicate-line", analyze(line(WEB + "/private/10/3/var", "10.0.0.3", RW)));
    }

    @Test
    void aClientThatIsNoNodeOfTheTableIsRefused() {
        assertOnly("unknown-client", analyze(line(WEB, "10.9.9.9", RO)));
    }

    @Test
    void aNodeOfOneImageGivenAnotherImageIsRefused() {
        NodeFacts db = nonShared("/srv/images/db", 20, 1, "10.0.2.1");
        List<NodeFacts> both = List.of(web3, db);
        List<ExportLine> lines = plus(table(both), line("/srv/images/db", "10.0.0.3", RW));

        assertOnly("other-image", ExportAnalyzer.analyze(lines, both, disk()));
    }

    @Test
    void anExportThatContainsAnotherImageIsRefused() {
        NodeFacts outer = nonShared("/srv/images", 30, 1, "10.0.3.1");
        List<NodeFacts> both = List.of(web3, outer);

        List<Finding> findings = ExportAnalyzer.analyze(table(both).lines(), both, disk());

        assertOnly("covers-image-root", findings);
        assertTrue(findings.get(0).message().contains(WEB), findings.toString());
    }

    @Test
    void aNonSharedImageExportedToTwoNodesIsRefused() {
        NodeFacts first = nonShared("/srv/images/db", 20, 1, "10.0.2.1");
        NodeFacts second = nonShared("/srv/images/db", 21, 1, "10.0.2.2");
        List<ExportLine> lines = new ArrayList<>(TableBuilder.lines(first, Tables.DEFAULT_OPTIONS));
        lines.addAll(TableBuilder.lines(second, Tables.DEFAULT_OPTIONS));

        List<Finding> findings = ExportAnalyzer.analyze(lines, List.of(first, second), disk());

        assertOnly("non-shared-image-to-many", findings);
        assertEquals(List.of(new NodeRef(20, 1), new NodeRef(21, 1)), findings.get(0).nodes());
    }

    @Test
    void anAddressWrittenTwoWaysIsStillOneMachineAndRefusedForTwoNodes() {
        NodeFacts first = shared(WEB, 10, 7, "2001:db8::7");
        NodeFacts second = shared(WEB, 10, 8, "2001:DB8:0:0::7");
        List<ExportLine> lines = new ArrayList<>(TableBuilder.lines(first, Tables.DEFAULT_OPTIONS));
        lines.addAll(TableBuilder.lines(second, Tables.DEFAULT_OPTIONS));

        List<Finding> findings = ExportAnalyzer.analyze(lines, List.of(first, second), disk());

        assertTrue(rules(findings).contains("shared-address"), findings.toString());
        assertEquals(List.of(new NodeRef(10, 7), new NodeRef(10, 8)), findings.stream()
                .filter(f -> f.rule().equals("shared-address")).findFirst().orElseThrow().nodes());
    }

    @Test
    void anAddressOfTwoNodesIsRefused() {
        NodeFacts twin = shared(WEB, 10, 5, "10.0.0.3");
        List<ExportLine> lines = new ArrayList<>(TableBuilder.lines(web3, Tables.DEFAULT_OPTIONS));
        lines.addAll(TableBuilder.lines(twin, Tables.DEFAULT_OPTIONS));

        List<Finding> findings = ExportAnalyzer.analyze(lines, List.of(web3, twin), disk());

        assertTrue(rules(findings).contains("shared-address"), findings.toString());
    }

    @Test
    void aPrivateAreaOpenToOthersIsRefused() {
        List<Finding> findings = ExportAnalyzer.analyze(valid.lines(), nodes,
                disk().privateRoot("is mode 0755 (must be 0700)"));

        assertOnly("private-not-protected", findings);
        assertEquals(3, findings.get(0).nodes().size());
    }

    @Test
    void aMissingDirectoryIsRefused() {
        List<Finding> findings = ExportAnalyzer.analyze(valid.lines(), nodes,
                disk().missing(WEB + "/private/10/4/etc"));

        assertOnly("not-a-directory", findings);
        assertEquals(List.of(new NodeRef(10, 4)), findings.get(0).nodes());
    }

    @Test
    void aNonSharedImageIsReadWriteToItsOneNode() {
        NodeFacts db = nonShared("/srv/images/db", 20, 1, "fd00::21");
        List<NodeFacts> all = List.of(web3, db);

        assertEquals(List.of(), ExportAnalyzer.analyze(table(all).lines(), all, disk()));
    }

    @Test
    void aValidTableOfTenThousandNodesIsAccepted() {
        List<NodeFacts> many = TenThousandNodes.nodes();
        ExportTable table = table(many);

        List<Finding> findings = ExportAnalyzer.analyze(table.lines(), many, disk());

        assertEquals(List.of(), findings);
        assertEquals(TenThousandNodes.NODES, table.nodes().size());
        assertEquals(TenThousandNodes.expectedEntries(), table.entries());
        TenThousandNodes.assertEveryNodeOnce(ExportsRenderer.render(table));
    }

    private List<Finding> analyze(ExportLine extra) {
        return ExportAnalyzer.analyze(plus(valid, extra), nodes, disk());
    }

    /** The valid table with one line's options replaced. */
    private List<ExportLine> replaced(String path, String client, String options) {
        List<ExportLine> lines = new ArrayList<>();
        for (ExportLine line : valid.lines()) {
            lines.add(line.path().equals(path) && line.client().equals(client) ? line(path, client, options) : line);
        }
        return lines;
    }

    private static List<String> rules(List<Finding> findings) {
        return findings.stream().map(Finding::rule).toList();
    }

    private static void assertOnly(String rule, List<Finding> findings) {
        assertEquals(List.of(rule), rules(findings), findings.toString());
    }
}
