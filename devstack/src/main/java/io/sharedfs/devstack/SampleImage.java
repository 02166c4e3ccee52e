package io.sharedfs.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes a small, deterministic root file system that looks like a Linux distribution's: {@code /bin}, {@code /usr},
 * {@code /etc} (passwd, hostname, crontab, …), {@code /var} with {@code /var/lib/rpm} (a shared subdir),
 * {@code /var/run} (a RAM dir) and {@code /var/log}, a sticky {@code /tmp}, relative and absolute symbolic links and
 * one dangling link ({@code /etc/resolv.conf}). As root, a few files get other owners (a user's home, the shadow
 * group), as an image would have them.
 *
 * <ul>
 *   <li>{@link Profile#TINY}: a dozen entries; for latency measurements.</li>
 *   <li>{@link Profile#DEMO}: a few hundred entries; what {@code ./sharedfs demo} registers.</li>
 *   <li>{@link Profile#MINBASE}: sized like a Debian minbase tree's private dirs (about 2,000 files and 10 MB in
 *       {@code /etc} and {@code /var}); the default image of {@code ./sharedfs bench}.</li>
 * </ul>
 */
final class SampleImage {

    enum Profile { TINY, DEMO, MINBASE }

    /** What was written. */
    record Summary(Path root, long files, long directories, long links, long bytes) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d files, %,d directories, %,d symbolic links, %s", files, directories,
                    links, Format.bytes(bytes));
        }
    }

    private static final FileTime IMAGE_TIME = FileTime.from(Instant.parse("2024-05-01T12:00:00Z"));
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private final Path root;
    private long files;
    private long directories;
    private long links;
    private long bytes;
    private final List<Path> directoriesToStamp = new ArrayList<>();

    private SampleImage(Path root) {
        this.root = root;
    }

    /** Writes the image into {@code root}, which must not exist yet or be empty. */
    static Summary build(Path root, Profile profile, String hostname) throws IOException {
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            try (var entries = Files.list(root)) {
                if (entries.findAny().isPresent()) {
                    throw new FileAlreadyExistsException(root.toString(), null, "exists and is not empty");
                }
            }
        }
        SampleImage image = new SampleImage(root);
        Files.createDirectories(root.getParent());
        image.dir("", "rwxr-xr-x");
        image.base(hostname);
        if (profile != Profile.TINY) {
            image.demo();
        }
        if (profile == Profile.MINBASE) {
            image.minbase();
        }
        image.stampDirectories();
        return new Summary(root, image.files, image.directories, image.links, image.bytes);
    }

    // -----------------------------------------------------------------------------------------------------------------

    private void base(String hostname) throws IOException {
        for (String d : List.of("bin", "usr", "usr/bin", "usr/lib", "usr/share", "etc", "var", "var/lib",
                "var/lib/rpm", "var/log", "var/run", "proc", "sys", "dev", "run", "home", "mnt")) {
            dir(d, "rwxr-xr-x");
        }
        dir("tmp", "rwxrwxrwt");
        dir("root", "rwx------");
        file("bin/sh", "rwxr-xr-x", 1200);
        file("usr/bin/env", "rwxr-xr-x", 900);
        text("etc/hostname", "rw-r--r--", hostname + "\n");
        text("etc/passwd", "rw-r--r--", """
                root:x:0:0:root:/root:/bin/sh
                daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
                bin:x:2:2:bin:/bin:/usr/sbin/nologin
                sys:x:3:3:sys:/dev:/usr/sbin/nologin
                mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
                nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
                sshd:x:100:65534::/run/sshd:/usr/sbin/nologin
                demo:x:1000:1000:sharedfs demo user:/home/demo:/bin/sh
                """);
        text("etc/group", "rw-r--r--", """
                root:x:0:
                daemon:x:1:
                bin:x:2:
                sys:x:3:
                mail:x:8:
                shadow:x:42:
                nogroup:x:65534:
                demo:x:1000:
                """);
        text("etc/shadow", "rw-r-----", """
                root:*:19844:0:99999:7:::
                daemon:*:19844:0:99999:7:::
                demo:!:19844:0:99999:7:::
                """);
        chown("etc/shadow", 0, 42);
        text("etc/hosts", "rw-r--r--", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        text("etc/crontab", "rw-r--r--", """
                # /etc/crontab: system-wide crontab (shared by every node unless customised)
                SHELL=/bin/sh
                PATH=/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin
                17 *\t* * *\troot\tcd / && run-parts --report /etc/cron.hourly
                25 6\t* * *\troot\ttest -x /usr/sbin/anacron || run-parts --report /etc/cron.daily
                """);
        file("var/lib/rpm/Packages", "rw-r--r--", 16 * 1024);
        file("var/log/messages", "rw-r-----", 2048);
        text("var/run/utmp", "rw-rw-r--", "");
        link("usr/bin/sh", "/bin/sh");
        link("etc/resolv.conf", "../run/systemd/resolve/stub-resolv.conf"); // dangling in the image
    }

    private void demo() throws IOException {
        for (String d : List.of("sbin", "usr/sbin", "usr/lib/x86_64-linux-gnu", "usr/share/doc", "usr/share/zoneinfo",
                "usr/share/zoneinfo/Europe", "etc/cron.d", "etc/cron.daily", "etc/default", "etc/init.d", "etc/rc3.d",
                "etc/pam.d", "etc/profile.d", "etc/security", "etc/ssh", "etc/sysctl.d", "etc/alternatives",
                "var/lib/dpkg", "var/lib/misc", "var/lib/systemd", "var/log/apt", "var/cache", "var/cache/ldconfig",
                "var/spool", "var/spool/mail", "var/run/sshd", "opt", "srv", "home/demo")) {
            dir(d, "rwxr-xr-x");
        }
        dir("var/tmp", "rwxrwxrwt");
        dir("var/spool/cron", "rwxr-xr-x");
        dir("var/spool/cron/crontabs", "rwx-wx--T");
        dir("tmp/.X11-unix", "rwxrwxrwt");
        String[] bin = {"bash", "cat", "chmod", "chown", "cp", "date", "dd", "df", "echo", "false", "grep", "gzip",
            "hostname", "kill", "ln", "login", "ls", "mkdir", "mknod", "mount", "mv", "ps", "pwd", "rm", "rmdir", "sed",
            "sleep", "stty", "su", "sync", "tar", "touch", "true", "umount", "uname"};
        for (int i = 0; i < bin.length; i++) {
            file("bin/" + bin[i], "rwxr-xr-x", 4096 + 997 * i);
        }
        link("bin/sh.bash", "bash");
        for (String s : List.of("init", "ip", "mount.nfs", "modprobe", "shutdown", "sysctl", "ldconfig")) {
            file("sbin/" + s, "rwxr-xr-x", 6000);
        }
        link("lib", "usr/lib");
        link("lib64", "usr/lib/x86_64-linux-gnu");
        String[] usrBin = {"awk", "basename", "clear", "cut", "diff", "dirname", "du", "expr", "find", "free", "head",
            "id", "install", "less", "logger", "md5sum", "mkfifo", "nice", "nohup", "od", "passwd", "perl", "printf",
            "readlink", "rsync", "scp", "seq", "sha256sum", "sort", "split", "ssh", "stat", "tail", "tee", "test",
            "time", "top", "tr", "tty", "uniq", "uptime", "vi", "watch", "wc", "wget", "which", "who", "whoami",
            "xargs", "yes"};
        for (int i = 0; i < usrBin.length; i++) {
            file("usr/bin/" + usrBin[i], "rwxr-xr-x", 2048 + 613 * i);
        }
        chmod("usr/bin/passwd", "rwsr-xr-x");
        for (String s : List.of("sshd", "cron", "rsyslogd", "useradd", "nologin", "chroot", "anacron", "run-parts")) {
            file("usr/sbin/" + s, "rwxr-xr-x", 9000);
        }
        String[] libs = {"libc", "libm", "libpthread", "libdl", "libcrypt", "libz", "libssl", "libcrypto", "libpam",
            "libselinux", "libacl", "libattr", "libtinfo", "libncursesw", "libreadline", "libsystemd", "libudev",
            "libgcrypt", "libgpg-error", "liblzma", "libbz2", "libzstd", "libpcre2-8", "libcap", "libaudit"};
        for (int i = 0; i < libs.length; i++) {
            String real = libs[i] + ".so.1." + i + ".0";
            file("usr/lib/x86_64-linux-gnu/" + real, "rw-r--r--", 12000 + 1500 * i);
            link("usr/lib/x86_64-linux-gnu/" + libs[i] + ".so.1", real);
        }
        text("usr/lib/os-release", "rw-r--r--", """
                PRETTY_NAME="sharedfs demo image"
                NAME="sharedfs-demo"
                ID=sharedfs-demo
                VERSION_ID="1"
                """);
        link("etc/os-release", "../usr/lib/os-release");
        file("usr/share/zoneinfo/UTC", "rw-r--r--", 114);
        file("usr/share/zoneinfo/Europe/Berlin", "rw-r--r--", 2298);
        link("etc/localtime", "/usr/share/zoneinfo/UTC");
        String[] packages = {"base-files", "bash", "coreutils", "cron", "dpkg", "e2fsprogs", "findutils", "grep",
            "gzip", "hostname", "init", "iproute2", "libc6", "login", "mount", "ncurses-base", "nfs-common",
            "openssh-server", "passwd", "perl-base", "procps", "rpm", "rsyslog", "sed", "sysvinit-utils", "tar",
            "tzdata", "util-linux", "vim-tiny", "zlib1g"};
        for (String p : packages) {
            dir("usr/share/doc/" + p, "rwxr-xr-x");
            file("usr/share/doc/" + p + "/copyright", "rw-r--r--", 1800 + p.length() * 37);
        }
        // /etc
        text("etc/fstab", "rw-r--r--", "# the node's mounts come from sharedfs: GET /nodes/{ve}/{vem}/fstab\n");
        text("etc/cron.d/sysstat", "rw-r--r--", "5-55/10 * * * * root command -v debian-sa1 > /dev/null && debian-sa1 1 1\n");
        file("etc/cron.daily/logrotate", "rwxr-xr-x", 600);
        file("etc/cron.daily/dpkg", "rwxr-xr-x", 400);
        text("etc/default/locale", "rw-r--r--", "LANG=C.UTF-8\n");
        text("etc/default/cron", "rw-r--r--", "EXTRA_OPTS=\"\"\n");
        String[] services = {"cron", "ssh", "rsyslog", "nfs-common", "procps", "hostname", "networking", "mountall"};
        for (int i = 0; i < services.length; i++) {
            file("etc/init.d/" + services[i], "rwxr-xr-x", 3000 + 100 * i);
            link("etc/rc3.d/S0" + (i + 1) + services[i], "../init.d/" + services[i]);
        }
        for (String p : List.of("common-auth", "common-account", "common-password", "common-session", "login", "sshd",
                "su", "cron", "passwd", "other", "chsh", "chfn", "runuser", "newusers")) {
            file("etc/pam.d/" + p, "rw-r--r--", 500 + p.length() * 20);
        }
        file("etc/profile", "rw-r--r--", 769);
        file("etc/profile.d/locale.sh", "rw-r--r--", 300);
        file("etc/profile.d/bash_completion.sh", "rw-r--r--", 700);
        file("etc/security/limits.conf", "rw-r--r--", 2161);
        file("etc/ssh/sshd_config", "rw-r--r--", 3223);
        file("etc/ssh/ssh_config", "rw-r--r--", 1650);
        file("etc/sysctl.conf", "rw-r--r--", 2355);
        file("etc/sysctl.d/99-sysctl.conf", "rw-r--r--", 120);
        text("etc/shells", "rw-r--r--", "/bin/sh\n/bin/bash\n");
        text("etc/issue", "rw-r--r--", "sharedfs demo image \\n \\l\n");
        link("etc/alternatives/vi", "/usr/bin/vi");
        link("etc/alternatives/awk", "/usr/bin/awk");
        // /var
        file("var/lib/rpm/Basenames", "rw-r--r--", 8192);
        file("var/lib/rpm/Name", "rw-r--r--", 4096);
        file("var/lib/rpm/Providename", "rw-r--r--", 8192);
        file("var/lib/dpkg/status", "rw-r--r--", 24000);
        file("var/lib/misc/logrotate.status", "rw-r--r--", 900);
        file("var/lib/systemd/random-seed", "rw-------", 512);
        file("var/log/wtmp", "rw-rw-r--", 3840);
        file("var/log/lastlog", "rw-rw-r--", 292);
        file("var/log/dmesg", "rw-r-----", 6000);
        file("var/log/apt/history.log", "rw-r--r--", 1500);
        file("var/cache/ldconfig/aux-cache", "rw-------", 5000);
        link("var/mail", "spool/mail");
        link("var/lock", "run/lock");
        dir("var/run/lock", "rwxrwxrwt");
        text("var/run/sshd/.keep", "rw-r--r--", "");
        // a user and root's home
        text("home/demo/.profile", "rw-r--r--", "# ~/.profile\nPATH=\"$HOME/bin:$PATH\"\n");
        text("home/demo/.bashrc", "rw-r--r--", "# ~/.bashrc\nalias ll='ls -l'\n");
        chown("home/demo", 1000, 1000);
        chown("home/demo/.profile", 1000, 1000);
        chown("home/demo/.bashrc", 1000, 1000);
        text("root/.profile", "rw-r--r--", "# ~/.profile: executed by Bourne-compatible login shells.\n");
        text("tmp/.keep", "rw-r--r--", "");
    }

    /** Bulk that makes /etc and /var about the size of a Debian minbase tree's. */
    private void minbase() throws IOException {
        dir("etc/ssl", "rwxr-xr-x");
        dir("etc/ssl/certs", "rwxr-xr-x");
        dir("usr/share/ca-certificates", "rwxr-xr-x");
        for (int i = 0; i < 140; i++) {
            String name = String.format(Locale.ROOT, "CA_Root_%03d", i);
            file("usr/share/ca-certificates/" + name + ".crt", "rw-r--r--", 1900 + (i * 31) % 700);
            link("etc/ssl/certs/" + name + ".pem", "/usr/share/ca-certificates/" + name + ".crt");
            link(String.format(Locale.ROOT, "etc/ssl/certs/%08x.0", 0x1a2b3c00 + i * 7919), name + ".pem");
        }
        file("etc/ssl/certs/ca-certificates.crt", "rw-r--r--", 215_000);
        String[] confDirs = {"apt/apt.conf.d", "apt/sources.list.d", "apt/trusted.gpg.d", "dpkg/dpkg.cfg.d",
            "logrotate.d", "modprobe.d", "network/if-up.d", "network/if-down.d", "systemd/system", "udev/rules.d",
            "X11", "skel", "terminfo", "update-motd.d", "ld.so.conf.d", "kernel/postinst.d", "selinux", "cron.weekly",
            "cron.monthly", "rc0.d", "rc1.d", "rc2.d", "rc4.d", "rc5.d", "rc6.d", "rcS.d"};
        int n = 0;
        for (String d : confDirs) {
            dir("etc/" + d.substring(0, d.indexOf('/') < 0 ? d.length() : d.indexOf('/')), "rwxr-xr-x");
            dir("etc/" + d, "rwxr-xr-x");
            for (int i = 0; i < 9; i++) {
                file("etc/" + d + "/conf-" + i, "rw-r--r--", 300 + (n++ * 97) % 2500);
            }
        }
        file("etc/ld.so.cache", "rw-r--r--", 18000);
        file("etc/services", "rw-r--r--", 12813);
        file("etc/protocols", "rw-r--r--", 2932);
        file("etc/mime.types", "rw-r--r--", 69000);
        file("etc/login.defs", "rw-r--r--", 12569);
        file("etc/adduser.conf", "rw-r--r--", 3040);
        file("etc/debconf.conf", "rw-r--r--", 2969);
        // /var/lib/dpkg/info: a few files per installed package, as dpkg keeps them
        dir("var/lib/dpkg/info", "rwxr-xr-x");
        dir("var/lib/dpkg/alternatives", "rwxr-xr-x");
        dir("var/lib/dpkg/updates", "rwxr-xr-x");
        dir("var/lib/apt", "rwxr-xr-x");
        dir("var/lib/apt/lists", "rwxr-xr-x");
        dir("var/lib/apt/lists/partial", "rwx------");
        dir("var/cache/debconf", "rwxr-xr-x");
        dir("var/cache/apt", "rwxr-xr-x");
        dir("var/cache/apt/archives", "rwxr-xr-x");
        dir("var/cache/apt/archives/partial", "rwx------");
        for (int p = 0; p < 260; p++) {
            String pkg = String.format(Locale.ROOT, "package-%03d", p);
            file("var/lib/dpkg/info/" + pkg + ".list", "rw-r--r--", 800 + (p * 211) % 9000);
            file("var/lib/dpkg/info/" + pkg + ".md5sums", "rw-r--r--", 600 + (p * 173) % 7000);
            if (p % 2 == 0) {
                file("var/lib/dpkg/info/" + pkg + ".postinst", "rwxr-xr-x", 400 + (p * 59) % 3000);
            }
            if (p % 3 == 0) {
                file("var/lib/dpkg/info/" + pkg + ".prerm", "rwxr-xr-x", 300 + (p * 41) % 1500);
            }
            if (p % 5 == 0) {
                file("var/lib/dpkg/info/" + pkg + ".conffiles", "rw-r--r--", 120);
            }
        }
        for (int i = 0; i < 40; i++) {
            file("var/lib/dpkg/alternatives/alt-" + i, "rw-r--r--", 150);
        }
        file("var/lib/dpkg/status-old", "rw-r--r--", 240_000);
        file("var/lib/dpkg/available", "rw-r--r--", 30_000);
        file("var/lib/apt/extended_states", "rw-r--r--", 4000);
        file("var/cache/debconf/config.dat", "rw-r--r--", 60_000);
        file("var/cache/debconf/templates.dat", "rw-r--r--", 2_400_000);
        file("var/cache/apt/pkgcache.bin", "rw-r--r--", 3_000_000);
        file("var/cache/apt/srcpkgcache.bin", "rw-r--r--", 1_000_000);
        dir("var/log/installer", "rwxr-xr-x");
        file("var/log/installer/syslog", "rw-r--r--", 180_000);
        file("var/log/dpkg.log", "rw-r--r--", 95_000);
        file("var/log/alternatives.log", "rw-r--r--", 6000);
        file("var/log/bootstrap.log", "rw-r--r--", 45_000);
        for (int i = 0; i < 30; i++) {
            file("var/lib/rpm/__db." + i, "rw-r--r--", 2000);
        }
    }

    // -----------------------------------------------------------------------------------------------------------------

    private void dir(String relative, String mode) throws IOException {
        Path path = root.resolve(relative);
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(path);
            directories++;
        }
        // Applied explicitly: the umask would mask the sticky and group bits.
        Files.setPosixFilePermissions(path, permissions(mode));
        setStickyEtc(path, mode);
        directoriesToStamp.add(path);
    }

    private void file(String relative, String mode, int size) throws IOException {
        byte[] content = content(relative, size);
        write(relative, mode, content);
    }

    private void text(String relative, String mode, String content) throws IOException {
        write(relative, mode, content.getBytes(StandardCharsets.UTF_8));
    }

    private void write(String relative, String mode, byte[] content) throws IOException {
        Path path = root.resolve(relative);
        Files.write(path, content);
        Files.setPosixFilePermissions(path, permissions(mode));
        Files.setLastModifiedTime(path, IMAGE_TIME);
        files++;
        bytes += content.length;
    }

    private void chmod(String relative, String mode) throws IOException {
        Path path = root.resolve(relative);
        Files.setPosixFilePermissions(path, permissions(mode));
        setStickyEtc(path, mode);
    }

    private void link(String relative, String target) throws IOException {
        Files.createSymbolicLink(root.resolve(relative), Path.of(target));
        links++;
    }

    private void chown(String relative, int uid, int gid) throws IOException {
        if (!ROOT) {
            return;
        }
        Path path = root.resolve(relative);
        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }

    /** setuid, setgid and sticky bits, which {@link PosixFilePermission} cannot express. */
    private static void setStickyEtc(Path path, String mode) throws IOException {
        int special = 0;
        if (mode.charAt(2) == 's' || mode.charAt(2) == 'S') {
            special |= 04000;
        }
        if (mode.charAt(5) == 's' || mode.charAt(5) == 'S') {
            special |= 02000;
        }
        if (mode.charAt(8) == 't' || mode.charAt(8) == 'T') {
            special |= 01000;
        }
        if (special == 0) {
            return;
        }
        int base = 0;
        for (int i = 0; i < 9; i++) {
            char c = mode.charAt(i);
            boolean set = c != '-' && c != 'S' && c != 'T';
            if (set) {
                base |= 1 << (8 - i);
            }
        }
        try {
            Files.setAttribute(path, "unix:mode", base | special, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // no unix view: keep the plain permissions
        }
    }

    private static Set<PosixFilePermission> permissions(String mode) {
        StringBuilder plain = new StringBuilder(mode);
        for (int i = 0; i < 9; i++) {
            char c = plain.charAt(i);
            if (c == 's' || c == 't') {
                plain.setCharAt(i, 'x');
            } else if (c == 'S' || c == 'T') {
                plain.setCharAt(i, '-');
            }
        }
        return PosixFilePermissions.fromString(plain.toString());
    }

    private void stampDirectories() {
        // Deepest first, so stamping a child does not change its parent's time again.
        for (int i = directoriesToStamp.size() - 1; i >= 0; i--) {
            try {
                Files.setLastModifiedTime(directoriesToStamp.get(i), IMAGE_TIME);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Readable, deterministic content of about {@code size} bytes. */
    private static byte[] content(String name, int size) {
        StringBuilder text = new StringBuilder(size + 80);
        int line = 0;
        while (text.length() < size) {
            text.append(name).append(" line ").append(++line).append(": ")
                    .append(Integer.toHexString((name.hashCode() * 31 + line) * 0x9E3779B1)).append('\n');
        }
        text.setLength(size);
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
