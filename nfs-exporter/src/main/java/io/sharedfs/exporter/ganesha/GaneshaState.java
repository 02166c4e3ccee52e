package io.sharedfs.exporter.ganesha;

import java.util.List;
import java.util.Set;

/**
 * What nfs-exporter has given Ganesha, kept in its config dir: every export with its id and the digest
 * of its block, and the ids whose state in Ganesha is not known (a run that wrote its intent and was
 * stopped, or failed, before Ganesha confirmed every change). The next run brings those ids back in line,
 * whatever Ganesha did with them.
 *
 * @param run counts the runs that changed this state, so an instance can tell whether another one
 *        ran since it last asked Ganesha which exports it serves
 */
public record GaneshaState(long run, List<Entry> exports, Set<Integer> uncertain) {

    public static final GaneshaState EMPTY = new GaneshaState(0, List.of(), Set.of());

    public GaneshaState {
        exports = List.copyOf(exports);
        uncertain = Set.copyOf(uncertain);
    }

    /** One export as Ganesha was given it. */
    public record Entry(int id, String path, String client, String options, String pseudo, String node, String digest) {

        String key() {
            return GaneshaExport.key(path, client);
        }

        /** The export as an exports(5) line, for operators. */
        public String line() {
            return path + ' ' + client + '(' + options + ')';
        }

        static Entry of(GaneshaExport export) {
            return new Entry(export.id(), export.line().path(), export.line().client(), export.options().toString(),
                    export.pseudo(), export.node(), export.digest());
        }
    }
}
