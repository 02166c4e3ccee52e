package io.sharedfs.exporter.ganesha.dbus;

import java.util.List;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.UInt16;

/**
 * NFS-Ganesha's {@code org.ganesha.nfsd.exportmgr} interface on {@code /org/ganesha/nfsd/ExportMgr}, as
 * Ganesha 4.3 introspects it (the methods sharedfs calls).
 */
@DBusInterfaceName("org.ganesha.nfsd.exportmgr")
public interface ExportMgr extends DBusInterface {

    /** {@code AddExport(s path, s expr) -> s message}; expr selects one block, e.g. {@code EXPORT(Export_Id=7)}. */
    @DBusMemberName("AddExport")
    String addExport(String file, String expression);

    /** {@code UpdateExport(s path, s expr) -> s message}. */
    @DBusMemberName("UpdateExport")
    String updateExport(String file, String expression);

    /** {@code RemoveExport(q id)}. */
    @DBusMemberName("RemoveExport")
    void removeExport(UInt16 id);

    /** {@code ShowExports() -> ((tt) time, a(qs((sb)x8)(tt)) exports)}. */
    @DBusMemberName("ShowExports")
    ShowExportsReply<ShowExportsReply.Time, List<ShowExportsReply.Export>> showExports();
}
