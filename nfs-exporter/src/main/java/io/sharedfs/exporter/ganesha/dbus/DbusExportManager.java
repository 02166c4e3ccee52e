package io.sharedfs.exporter.ganesha.dbus;

import io.sharedfs.exporter.ganesha.ExportManager;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.messages.MethodCall;
import org.freedesktop.dbus.types.UInt16;

/**
 * Ganesha's export manager over one DBus connection (dbus-java, native unix socket), opened on first
 * use and opened again after it broke (Ganesha or the bus restarted). Not thread-safe: the apply run
 * uses it under the host's apply lock.
 */
public final class DbusExportManager implements ExportManager {

    private static final String SERVICE = "org.ganesha.nfsd";
    private static final String OBJECT = "/org/ganesha/nfsd/ExportMgr";

    private final String address;
    private DBusConnection connection;
    private ExportMgr manager;

    public DbusExportManager(String address, Duration callTimeout) {
        this.address = address;
        // dbus-java keeps one call timeout for the process; nfs-exporter has no other DBus use.
        MethodCall.setDefaultTimeout(callTimeout.toMillis());
    }

    @Override
    public Set<Integer> exportIds() {
        ShowExportsReply<ShowExportsReply.Time, List<ShowExportsReply.Export>> reply =
                call("ShowExports", () -> manager().showExports());
        Set<Integer> ids = new HashSet<>();
        for (ShowExportsReply.Export export : reply.exports) {
            ids.add(export.id.intValue());
        }
        return ids;
    }

    @Override
    public void add(Path file, int id) {
        String message = call("AddExport of " + id, () -> manager().addExport(file.toString(), select(id)));
        checkAccepted("AddExport", file, id, message, "added");
    }

    @Override
    public void update(Path file, int id) {
        String message = call("UpdateExport of " + id, () -> manager().updateExport(file.toString(), select(id)));
        checkAccepted("UpdateExport", file, id, message, "updated");
    }

    @Override
    public boolean remove(int id) {
        try {
            call("RemoveExport of " + id, () -> {
                manager().removeExport(new UInt16(id));
                return null;
            });
            return true;
        } catch (GaneshaException e) {
            if (e.getMessage().contains("Export id not found")) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        DBusConnection open = connection;
        connection = null;
        manager = null;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                // Closing a broken connection: nothing to keep.
            }
        }
    }

    /**
     * Ganesha may answer "1 exports added. Errors found: ..." when it dropped a line it could not
     * parse: the export is then served with other permissions than the block says. It is withdrawn at
     * once and the call counts as failed.
     */
    private void checkAccepted(String method, Path file, int id, String message, String verb) {
        String text = message == null ? "" : message.strip();
        if (text.startsWith("1 exports " + verb) && !text.contains("Errors found")) {
            return;
        }
        if (text.startsWith("1 exports " + verb)) {
            remove(id);
        }
        throw new GaneshaException(method + " of export " + id + " (" + file + ") was not taken as written: " + text);
    }

    private static String select(int id) {
        return "EXPORT(Export_Id=" + id + ")";
    }

    private ExportMgr manager() throws DBusException {
        if (manager == null) {
            connection = DBusConnectionBuilder.forAddress(address).withShared(false).build();
            manager = connection.getRemoteObject(SERVICE, OBJECT, ExportMgr.class, false);
        }
        return manager;
    }

    private <T> T call(String what, DBusCall<T> call) {
        try {
            return call.run();
        } catch (DBusExecutionException e) {
            // Ganesha's own refusal: the connection is fine.
            throw new GaneshaException("Ganesha refused " + what + ": " + e.getMessage(), e);
        } catch (DBusException | RuntimeException e) {
            close();
            throw new GaneshaException("cannot reach Ganesha on " + address + " for " + what + ": " + e.getMessage(),
                    e);
        }
    }

    @FunctionalInterface
    private interface DBusCall<T> {
        T run() throws DBusException;
    }
}
