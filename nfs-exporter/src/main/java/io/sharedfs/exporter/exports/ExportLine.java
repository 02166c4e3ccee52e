package io.sharedfs.exporter.exports;

/**
 * One line of the exports file: a path, one client and its options, e.g.
 * {@code /srv/images/web 10.0.0.3(ro,root_squash,subtree_check,secure)}.
 *
 * @param kind what the builder meant the line for; the analyzer does not rely on it
 */
public record ExportLine(String path, String client, ExportOptions options, ExportKind kind) {

    /** The line as exports(5) reads it. */
    public String render() {
        return path + ' ' + client + '(' + options + ')';
    }

    @Override
    public String toString() {
        return render();
    }
}
