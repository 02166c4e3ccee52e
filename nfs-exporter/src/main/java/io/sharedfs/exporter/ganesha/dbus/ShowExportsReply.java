package io.sharedfs.exporter.ganesha.dbus;

import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.Tuple;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.types.UInt16;
import org.freedesktop.dbus.types.UInt64;

/**
 * The two results of {@code ShowExports}: when it was asked, and every export (id, path, protocols, last
 * use). Generic because dbus-java reads a tuple's member types from the method's declared type arguments.
 *
 * @param <T> {@link Time}
 * @param <E> {@code List<Export>}
 */
public final class ShowExportsReply<T, E> extends Tuple {

    @Position(0)
    public final T time;
    @Position(1)
    public final E exports;

    public ShowExportsReply(T time, E exports) {
        this.time = time;
        this.exports = exports;
    }

    /** {@code (tt)}: seconds and nanoseconds. */
    public static final class Time extends Struct {

        @Position(0)
        public final UInt64 seconds;
        @Position(1)
        public final UInt64 nanos;

        public Time(UInt64 seconds, UInt64 nanos) {
            this.seconds = seconds;
            this.nanos = nanos;
        }
    }

    /** {@code (sb)}: a protocol and whether the export serves it. */
    public static final class Protocol extends Struct {

        @Position(0)
        public final String name;
        @Position(1)
        public final boolean served;

        public Protocol(String name, boolean served) {
            this.name = name;
            this.served = served;
        }
    }

    /** Ganesha 4.3's eight protocol flags (NFSv3, MNT, NLM4, RQUOTA, NFSv40, NFSv41, NFSv42, 9P). */
    public static final class Protocols extends Struct {

        @Position(0)
        public final Protocol p0;
        @Position(1)
        public final Protocol p1;
        @Position(2)
        public final Protocol p2;
        @Position(3)
        public final Protocol p3;
        @Position(4)
        public final Protocol p4;
        @Position(5)
        public final Protocol p5;
        @Position(6)
        public final Protocol p6;
        @Position(7)
        public final Protocol p7;

        @SuppressWarnings("checkstyle:ParameterNumber")
        public Protocols(Protocol p0, Protocol p1, Protocol p2, Protocol p3, Protocol p4, Protocol p5, Protocol p6,
                Protocol p7) {
            this.p0 = p0;
            this.p1 = p1;
            this.p2 = p2;
            this.p3 = p3;
            this.p4 = p4;
            this.p5 = p5;
            this.p6 = p6;
            this.p7 = p7;
        }
    }

    /** One export. */
    public static final class Export extends Struct {

        @Position(0)
        public final UInt16 id;
        @Position(1)
        public final String path;
        @Position(2)
        public final Protocols protocols;
        @Position(3)
        public final Time lastUse;

        public Export(UInt16 id, String path, Protocols protocols, Time lastUse) {
            this.id = id;
            this.path = path;
            this.protocols = protocols;
            this.lastUse = lastUse;
        }
    }
}
