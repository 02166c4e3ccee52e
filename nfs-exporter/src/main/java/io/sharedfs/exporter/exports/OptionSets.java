package io.sharedfs.exporter.exports;

import java.util.ArrayList;
import java.util.List;

/** The export options of each kind of line, checked against the isolation rules before use. */
public record OptionSets(ExportOptions imageRoot, ExportOptions nodePrivate, ExportOptions veCustom,
        ExportOptions nonSharedRoot) {

    public ExportOptions of(ExportKind kind) {
        return switch (kind) {
            case IMAGE_ROOT -> imageRoot;
            case NODE_PRIVATE -> nodePrivate;
            case VE_CUSTOM -> veCustom;
            case NON_SHARED_ROOT -> nonSharedRoot;
        };
    }

    /**
     * Every rule the option sets break, as the analyzer would find it on a line of that kind;
     * empty when they are safe to use.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (ExportKind kind : ExportKind.values()) {
            for (String problem : ExportAnalyzer.optionProblems(of(kind))) {
                problems.add(kind + " options " + of(kind) + ": " + problem);
            }
        }
        for (String problem : ExportAnalyzer.sharedRootProblems(imageRoot)) {
            problems.add(ExportKind.IMAGE_ROOT + " options " + imageRoot + ": " + problem);
        }
        if (!veCustom.squashesRoot()) {
            problems.add(ExportKind.VE_CUSTOM + " options " + veCustom + ": " + ExportAnalyzer.UNSQUASHED_VE_CUSTOM);
        }
        return problems;
    }
}
