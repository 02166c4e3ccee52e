package io.sharedfs.provisioner.customization;

import io.sharedfs.contracts.customization.CustomizationPath;
import io.sharedfs.contracts.customization.CustomizationScope;
import io.sharedfs.contracts.node.NodeRef;
import io.sharedfs.provisioner.fs.Durable;
import io.sharedfs.provisioner.fs.ImagePaths;
import io.sharedfs.provisioner.fs.LayoutPreparer;
import io.sharedfs.provisioner.fs.UnsafeTreeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The storage-host steps of one customization on the image's real directories: check the file,
 * save the original, give VEs or nodes or everyone their starting copy, replace the image's file
 * with a link to the node's view, link existing nodes' private copies, and the revert. Every step
 * looks at the disk first and does only what is missing, so any step may be run again after a
 * crash at any point and converges; a copy is never written over an existing file.
 */
public final class CustomizationFs {

    private static final Logger LOG = Logger.getLogger(CustomizationFs.class);
    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");

    private final ImagePaths image;
    private final UUID id;
    private final String path;
    private final CustomizationScope scope;
    private final NodeDirs dirs;
    private final TargetLocks locks;
    private final String linkTarget;
    private final Path file;
    private final List<String> parents;
    private final String name;

    /** What the starting copies are, after {@link #copy()}: present, whoever made them. */
    public record Copies(List<Long> veCopies, List<NodeRef> nodeCopies) {
    }

    /** Existing nodes' private copies after {@link #linkExistingNodes()}. */
    public record Linking(List<NodeRef> linkedNodes, List<NodeRef> keptLocalChanges) {
    }

    /** How the image's file looks to a revert. */
    public enum ImageFile {
        /** Still the link this customization made. */
        LINKED,
        /** Already the original again (a revert was interrupted after restoring it). */
        RESTORED
    }

    private enum NodeCopy { LINKED, KEPT }

    public CustomizationFs(ImagePaths image, UUID id, String path, CustomizationScope scope, NodeDirs dirs,
            TargetLocks locks) throws UnsafeTreeException {
        try {
            this.linkTarget = scope.linkTarget(CustomizationPath.check(path, scope));
        } catch (IllegalArgumentException e) {
            throw new UnsafeTreeException(e.getMessage());
        }
        this.image = image;
        this.id = id;
        this.path = path;
        this.scope = scope;
        this.dirs = dirs;
        this.locks = locks;
        this.file = image.inImage(path);
        List<String> segments = Arrays.asList(path.substring(1).split("/"));
        this.parents = List.copyOf(segments.subList(0, segments.size() - 1));
        this.name = segments.get(segments.size() - 1);
    }

    /** Removes what a killed run left in the image's scratch directory ({@code <root>/private/.sharedfs/tmp}). */
    public static void cleanLeftovers(ImagePaths image) {
        Scratch.clean(image);
    }

    /** The symbolic link's target: the file in the node's view. */
    public String linkTarget() {
        return linkTarget;
    }

    /** {@code <root>/private/.sharedfs/customizations/<id>/original}. */
    public Path original() {
        return Scratch.agentDir(image).resolve("customizations").resolve(id.toString()).resolve("original");
    }

    // ---- 1. check -------------------------------------------------------------------------------

    /**
     * Step 1: the image's file is a regular file reached through real directories only (or already
     * the link this customization makes, its original saved: a re-run). Changes nothing.
     *
     * @throws UnsafeTreeException with the reason to report when the file cannot be customized
     */
    public void check() throws UnsafeTreeException, IOException {
        requirePrivateRoot();
        BasicFileAttributes attrs = imageFile();
        if (attrs == null) {
            throw new UnsafeTreeException(path + " does not exist in the image");
        }
        if (attrs.isRegularFile() || (isOurLink(file) && isRegularFile(original()))) {
            return;
        }
        throw new UnsafeTreeException(path + " in the image is " + Kinds.describe(file)
                + ", not a regular file; only a regular file can be customized");
    }

    // ---- 2. original ----------------------------------------------------------------------------

    /** Step 2: keeps the image's file (mode, owner and times too) as the original, unless already kept. */
    public void saveOriginal() throws UnsafeTreeException, IOException {
        Path original = original();
        if (isRegularFile(original)) {
            return;
        }
        Scratch.ensureAgentDir(image);
        LayoutPreparer.ensureDirectory(image, original.getParent().getParent());
        LayoutPreparer.ensureDirectory(image, original.getParent());
        requireRegularImageFile();
        Path temp = original.resolveSibling("original.tmp");
        Files.deleteIfExists(temp);
        Files.copy(file, temp, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        fsync(temp);
        Files.move(temp, original, StandardCopyOption.ATOMIC_MOVE);
        Durable.syncDirectory(original.getParent());
    }

    // ---- 3. copies ------------------------------------------------------------------------------

    /**
     * Step 3: the original as starting content for every existing VE (scope VE), every existing node
     * (NODE) or once in {@code <root>/custom} (ALL), never over a file already there. A VE or node
     * whose custom dir is unusable (a link or a file on the way) is skipped and not listed.
     *
     * @throws UnsafeTreeException when the one copy of scope ALL cannot be made
     */
    public Copies copy() throws UnsafeTreeException, IOException {
        List<Long> veCopies = new ArrayList<>();
        List<NodeRef> nodeCopies = new ArrayList<>();
        switch (scope) {
            case VE -> {
                for (long ve : existingVes()) {
                    if (ensureVeCopy(ve)) {
                        veCopies.add(ve);
                    }
                }
            }
            case NODE -> {
                for (NodeRef node : existingNodes()) {
                    if (ensureNodeCopy(node.veId(), node.vemId())) {
                        nodeCopies.add(node);
                    }
                }
            }
            case ALL -> copyToAll();
        }
        return new Copies(veCopies, nodeCopies);
    }

    /** The VE's starting copy in {@code <root>/private/<VE>/custom<path>}; whether a regular file is there now. */
    public boolean ensureVeCopy(long ve) throws IOException {
        try {
            LayoutPreparer.ensureDirectory(image, image.veCustom(ve));
            return copyInto(image.veCustom(ve));
        } catch (UnsafeTreeException e) {
            LOG.warnf("No copy of %s for VE %d: %s", path, ve, e.getMessage());
            return false;
        }
    }

    /** The node's starting copy in {@code <root>/private/<VE>/<VEM>/custom<path>}; whether a regular file is there now. */
    public boolean ensureNodeCopy(long ve, long vem) throws IOException {
        try {
            Path tree = image.nodeTree(ve, vem);
            image.requireNoLinks(tree);
            Path custom = tree.resolve("custom");
            LayoutPreparer.ensureDirectory(image, custom);
            return copyInto(custom);
        } catch (UnsafeTreeException e) {
            LOG.warnf("No copy of %s for node %d/%d: %s", path, ve, vem, e.getMessage());
            return false;
        }
    }

    private boolean copyInto(Path custom) throws IOException, UnsafeTreeException {
        Path original = original();
        try (Scratch scratch = Scratch.open(image); PrivateDir base = PrivateDir.open(custom);
                PrivateDir dir = base.walk(parents, scratch)) {
            return locks.locked(ImagePaths.under(custom, path), () -> {
                PosixFileAttributes there = dir.stat(name);
                if (there != null) {
                    if (!there.isRegularFile()) {
                        LOG.warnf("%s is %s: left alone, no starting copy", dir.path().resolve(name),
                                Kinds.describe(there, () -> dir.readLink(name)));
                    }
                    return there.isRegularFile();
                }
                String temp = scratch.copyOf(original);
                scratch.dir().moveTo(temp, dir, name);
                dir.sync();
                return true;
            });
        }
    }

    private void copyToAll() throws UnsafeTreeException, IOException {
        Path custom = image.root().resolve("custom");
        image.requireNoLinks(custom);
        if (!ImagePaths.isRealDirectory(custom)) {
            throw new UnsafeTreeException("the image has no /custom directory; its layout is not prepared");
        }
        Path target = ImagePaths.under(custom, path);
        Path parent = custom;
        for (String segment : parents) {
            parent = parent.resolve(segment);
            LayoutPreparer.ensureDirectory(image, parent);
        }
        Path original = original();
        locks.locked(target, () -> {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                if (!isRegularFile(target)) {
                    throw new UnsafeTreeException("/" + image.root().relativize(target) + " in the image is "
                            + Kinds.describe(target) + "; the file shared by all nodes must go there");
                }
                return null;
            }
            // A hard link of a finished temporary file: the copy appears whole, and only if nothing is there.
            Path temp = target.resolveSibling("." + name + ".sharedfs-" + id);
            Files.deleteIfExists(temp);
            Files.copy(original, temp, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            fsync(temp);
            try {
                Files.createLink(target, temp);
            } catch (FileAlreadyExistsException e) {
                // Made by someone else in the meantime: theirs stays.
            }
            Files.delete(temp);
            Durable.syncDirectory(target.getParent());
            return null;
        });
    }

    // ---- 4. link --------------------------------------------------------------------------------

    /** Whether the image's file is this customization's link now (the image changed: it can no longer just fail). */
    public boolean imageIsLinked() throws IOException {
        return isOurLink(file);
    }

    /** Step 4: replaces the image's file with the link, in one rename; nothing to do when it is the link already. */
    public void link() throws UnsafeTreeException, IOException {
        if (isOurLink(file)) {
            return;
        }
        requireRegularImageFile();
        Path temp = file.resolveSibling("." + name + ".sharedfs-" + id);
        if (Files.isDirectory(temp, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeTreeException("/" + image.root().relativize(temp) + " in the image is a directory in the way");
        }
        Files.deleteIfExists(temp);
        Files.createSymbolicLink(temp, Path.of(linkTarget));
        if (LayoutPreparer.runningAsRoot()) {
            // The link belongs to whom the file belonged to, as a copy of the image would keep it.
            Files.setAttribute(temp, "unix:uid", Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS),
                    LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(temp, "unix:gid", Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS),
                    LinkOption.NOFOLLOW_LINKS);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        Durable.syncDirectory(file.getParent());
    }

    // ---- 5. existing nodes ----------------------------------------------------------------------

    /**
     * Step 5: for a path every node keeps its own copy of, each existing node's private copy that
     * still has the original's bytes becomes the link too; any other (changed, missing, another kind)
     * is left exactly as it is and listed as kept.
     */
    public Linking linkExistingNodes() throws IOException {
        List<NodeRef> linked = new ArrayList<>();
        List<NodeRef> kept = new ArrayList<>();
        if (!dirs.storedPerNode(path)) {
            return new Linking(linked, kept);
        }
        for (NodeRef node : existingNodes()) {
            (linkNode(node.veId(), node.vemId()) == NodeCopy.LINKED ? linked : kept).add(node);
        }
        return new Linking(linked, kept);
    }

    /**
     * A node whose tree was built while the customization was being applied may hold the image's
     * regular file: it becomes the link as in every tree built after. Whether it is the link now.
     */
    public boolean linkNewNode(long ve, long vem) throws IOException {
        return dirs.storedPerNode(path) && linkNode(ve, vem) == NodeCopy.LINKED;
    }

    private NodeCopy linkNode(long ve, long vem) throws IOException {
        Path tree = image.nodeTree(ve, vem);
        try {
            image.requireNoLinks(tree);
            try (Scratch scratch = Scratch.open(image); PrivateDir treeDir = PrivateDir.open(tree);
                    PrivateDir dir = treeDir.walk(parents, null)) {
                if (dir == null) {
                    return NodeCopy.KEPT;
                }
                return locks.locked(ImagePaths.under(tree, path), () -> {
                    PosixFileAttributes attrs = dir.stat(name);
                    if (attrs == null) {
                        return NodeCopy.KEPT;
                    }
                    if (attrs.isSymbolicLink()) {
                        return linkTarget.equals(dir.readLink(name)) ? NodeCopy.LINKED : NodeCopy.KEPT;
                    }
                    if (!attrs.isRegularFile() || !sameBytes(dir, name, original())) {
                        return NodeCopy.KEPT;
                    }
                    String temp = scratch.link(linkTarget);
                    scratch.dir().moveTo(temp, dir, name);
                    dir.sync();
                    return NodeCopy.LINKED;
                });
            }
        } catch (UnsafeTreeException | NoSuchFileException e) {
            LOG.warnf("Private copy of %s in node %d/%d left alone: %s", path, ve, vem, e.getMessage());
            return NodeCopy.KEPT;
        }
    }

    // ---- revert ---------------------------------------------------------------------------------

    /**
     * The first step of a revert, changing nothing: the original must be kept and the image's file
     * must still be the link this customization made (or the original again, after an interrupted
     * revert).
     *
     * @throws UnsafeTreeException when the file was changed by hand, with what it is now
     */
    public ImageFile checkRevert() throws UnsafeTreeException, IOException {
        if (!isRegularFile(original())) {
            throw new UnsafeTreeException("the original of " + path + " is not kept on this storage host (no "
                    + original() + "): customization " + id + " was never applied here, nothing to restore");
        }
        BasicFileAttributes attrs = imageFile();
        if (attrs != null && isOurLink(file)) {
            return ImageFile.LINKED;
        }
        if (attrs != null && attrs.isRegularFile() && sameBytes(file, original())) {
            return ImageFile.RESTORED;
        }
        String now = attrs == null ? "gone" : Kinds.describe(file);
        throw new UnsafeTreeException(path + " in the image is no longer the link to " + linkTarget
                + " this customization made (it is " + now + "): it was changed by hand, so nothing was reverted");
    }

    /** Puts the original back over the link (mode, owner and times too), in one rename. */
    public void restoreImage() throws UnsafeTreeException, IOException {
        if (checkRevert() == ImageFile.RESTORED) {
            return;
        }
        Path temp = file.resolveSibling("." + name + ".sharedfs-" + id);
        if (Files.isDirectory(temp, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeTreeException("/" + image.root().relativize(temp) + " in the image is a directory in the way");
        }
        Files.deleteIfExists(temp);
        Files.copy(original(), temp, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        fsync(temp);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        Durable.syncDirectory(file.getParent());
    }

    /** Existing nodes whose private copy is this customization's link. */
    public List<NodeRef> nodesShowingTheLink() throws IOException {
        List<NodeRef> showing = new ArrayList<>();
        if (!dirs.storedPerNode(path)) {
            return showing;
        }
        for (NodeRef node : existingNodes()) {
            if (isOurLinkInNode(node.veId(), node.vemId())) {
                showing.add(node);
            }
        }
        return showing;
    }

    /**
     * Gives every node whose private copy is the link a regular file with the content the link showed
     * it. Returns the nodes restored: those done now, and those of {@code planned} (found by an
     * interrupted run) that hold a regular file now.
     */
    public List<NodeRef> restoreNodes(Collection<NodeRef> planned) throws IOException {
        Set<NodeRef> candidates = new LinkedHashSet<>(planned);
        candidates.addAll(nodesShowingTheLink());
        List<NodeRef> restored = new ArrayList<>();
        for (NodeRef node : candidates) {
            if (restoreNode(node.veId(), node.vemId())
                    || (planned.contains(node) && holdsRegularFile(node.veId(), node.vemId()))) {
                restored.add(node);
            }
        }
        return restored;
    }

    /**
     * Turns the node's private copy, if it is this customization's link, into a regular file with the
     * content the link showed the node (its VE's, its own or the shared copy; the original when that
     * copy is missing). Whether it did.
     */
    public boolean restoreNode(long ve, long vem) throws IOException {
        Path tree = image.nodeTree(ve, vem);
        try {
            image.requireNoLinks(tree);
            try (Scratch scratch = Scratch.open(image); PrivateDir treeDir = PrivateDir.open(tree);
                    PrivateDir dir = treeDir.walk(parents, null)) {
                if (dir == null) {
                    return false;
                }
                return locks.locked(ImagePaths.under(tree, path), () -> {
                    PosixFileAttributes attrs = dir.stat(name);
                    if (attrs == null || !attrs.isSymbolicLink() || !linkTarget.equals(dir.readLink(name))) {
                        return false;
                    }
                    String temp = shownContent(scratch, ve, vem);
                    scratch.dir().moveTo(temp, dir, name);
                    dir.sync();
                    return true;
                });
            }
        } catch (UnsafeTreeException | NoSuchFileException e) {
            LOG.warnf("Private copy of %s in node %d/%d not restored: %s", path, ve, vem, e.getMessage());
            return false;
        }
    }

    /** A scratch copy of what the link shows the node. */
    private String shownContent(Scratch scratch, long ve, long vem) throws IOException {
        Path base = switch (scope) {
            case VE -> image.veCustom(ve);
            case NODE -> image.nodeTree(ve, vem).resolve("custom");
            case ALL -> image.root().resolve("custom");
        };
        try {
            image.requireNoLinks(base);
            if (ImagePaths.isRealDirectory(base)) {
                try (PrivateDir top = PrivateDir.open(base); PrivateDir dir = top.walk(parents, null)) {
                    PosixFileAttributes attrs = dir == null ? null : dir.stat(name);
                    if (attrs != null && attrs.isRegularFile()) {
                        return scratch.copyOf(dir, name, attrs);
                    }
                }
            }
        } catch (UnsafeTreeException | NoSuchFileException e) {
            LOG.warnf("The copy of %s node %d/%d reads is unusable (%s); it gets the original", path, ve, vem,
                    e.getMessage());
        }
        return scratch.copyOf(original());
    }

    private boolean isOurLinkInNode(long ve, long vem) throws IOException {
        return entryInNode(ve, vem, (dir, attrs) -> attrs.isSymbolicLink() && linkTarget.equals(dir.readLink(name)));
    }

    private boolean holdsRegularFile(long ve, long vem) throws IOException {
        return entryInNode(ve, vem, (dir, attrs) -> attrs.isRegularFile());
    }

    private interface EntryTest {
        boolean test(PrivateDir dir, PosixFileAttributes attrs) throws IOException;
    }

    private boolean entryInNode(long ve, long vem, EntryTest test) throws IOException {
        Path tree = image.nodeTree(ve, vem);
        try {
            image.requireNoLinks(tree);
            if (!ImagePaths.isRealDirectory(tree)) {
                return false;
            }
            try (PrivateDir treeDir = PrivateDir.open(tree); PrivateDir dir = treeDir.walk(parents, null)) {
                PosixFileAttributes attrs = dir == null ? null : dir.stat(name);
                return attrs != null && test.test(dir, attrs);
            }
        } catch (UnsafeTreeException | NoSuchFileException e) {
            return false;
        }
    }

    // ---- VEs and nodes on disk ------------------------------------------------------------------

    /** VEs with a directory in {@code <root>/private} (numeric names; links and dot-dirs are not VEs). */
    public List<Long> existingVes() throws IOException {
        return numericDirs(image.privateRoot());
    }

    /** Node trees in the VE directories ({@code custom}, {@code init_vem}, dot-dirs and links are not). */
    public List<NodeRef> existingNodes() throws IOException {
        List<NodeRef> nodes = new ArrayList<>();
        for (long ve : existingVes()) {
            for (long vem : numericDirs(image.veDir(ve))) {
                nodes.add(new NodeRef(ve, vem));
            }
        }
        return nodes;
    }

    private static List<Long> numericDirs(Path dir) throws IOException {
        List<Long> ids = new ArrayList<>();
        if (!ImagePaths.isRealDirectory(dir)) {
            return ids;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (ID.matcher(entry.getFileName().toString()).matches() && ImagePaths.isRealDirectory(entry)) {
                    ids.add(Long.parseLong(entry.getFileName().toString()));
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    // ---- helpers --------------------------------------------------------------------------------

    private void requirePrivateRoot() throws UnsafeTreeException {
        image.requireNoLinks(image.privateRoot());
        if (!ImagePaths.isRealDirectory(image.privateRoot())) {
            throw new UnsafeTreeException("the image has no /private directory; its layout is not prepared"
                    + " (is it marked shared?)");
        }
    }

    /** The image file's attributes after checking its parents are real directories; null when absent. */
    private BasicFileAttributes imageFile() throws UnsafeTreeException, IOException {
        Path parent = image.root();
        for (String segment : parents) {
            parent = parent.resolve(segment);
            image.requireNoLinks(parent);
            if (!Files.exists(parent, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            if (!ImagePaths.isRealDirectory(parent)) {
                throw new UnsafeTreeException("/" + image.root().relativize(parent) + " in the image is "
                        + Kinds.describe(parent) + ", not a directory; " + path + " cannot be in it");
            }
        }
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private void requireRegularImageFile() throws UnsafeTreeException, IOException {
        BasicFileAttributes attrs = imageFile();
        if (attrs == null || !attrs.isRegularFile()) {
            throw new UnsafeTreeException(path + " in the image changed while it was being customized (it is "
                    + (attrs == null ? "gone" : Kinds.describe(file)) + ")");
        }
    }

    private boolean isOurLink(Path candidate) throws IOException {
        return Files.isSymbolicLink(candidate) && linkTarget.equals(Files.readSymbolicLink(candidate).toString());
    }

    private static boolean isRegularFile(Path candidate) {
        return Files.isRegularFile(candidate, LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean sameBytes(Path a, Path b) throws IOException {
        try (InputStream first = Files.newInputStream(a, LinkOption.NOFOLLOW_LINKS);
                InputStream second = Files.newInputStream(b, LinkOption.NOFOLLOW_LINKS)) {
            return sameBytes(first, second);
        }
    }

    private static boolean sameBytes(PrivateDir dir, String entry, Path b) throws IOException {
        try (SeekableByteChannel channel = dir.read(entry); InputStream first = Channels.newInputStream(channel);
                InputStream second = Files.newInputStream(b, LinkOption.NOFOLLOW_LINKS)) {
            return sameBytes(first, second);
        }
    }

    private static boolean sameBytes(InputStream first, InputStream second) throws IOException {
        byte[] a = new byte[65536];
        byte[] b = new byte[65536];
        while (true) {
            int read = first.readNBytes(a, 0, a.length);
            int other = second.readNBytes(b, 0, b.length);
            if (read != other || !Arrays.equals(a, 0, read, b, 0, other)) {
                return false;
            }
            if (read < a.length) {
                return true;
            }
        }
    }

    private static void fsync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
