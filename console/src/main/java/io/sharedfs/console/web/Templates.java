package io.sharedfs.console.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.sharedfs.console.client.Customization;
import io.sharedfs.console.client.DiskTree;
import io.sharedfs.console.client.Image;
import io.sharedfs.console.client.ImagePage;
import io.sharedfs.console.client.Mount;
import io.sharedfs.console.client.Node;
import io.sharedfs.console.client.Ve;
import io.sharedfs.console.client.VePage;
import io.sharedfs.console.events.AuditEvent;
import io.sharedfs.console.security.Me;
import java.util.List;

/** The pages, type-checked at build time; each is {@code src/main/resources/templates/<name>.html}. */
@CheckedTemplate
public class Templates {

    public static native TemplateInstance login(String next, String username, String error, String notice);

    public static native TemplateInstance error(Me me, int status, String title, String message, List<String> details,
            String hint);

    public static native TemplateInstance images(Me me, ImagePage images, String name, String shared,
            Forms.Register form, FormErrors errors, boolean formOpen);

    public static native TemplateInstance image(Me me, Image image, Forms.ImageForm form, FormErrors errors,
            String notice, String sharedNotice, String sharedError, CustomizationsView custom);

    /** The shared checkbox's form alone, the answer to ticking it with JavaScript on. */
    public static native TemplateInstance image$shared(Me me, Image image, String sharedNotice, String sharedError);

    /** The customizations list alone: refreshed live while one is in progress, and the answer to an htmx revert. */
    public static native TemplateInstance image$customizations(Me me, Image image, CustomizationsView custom);

    /** The add-customization form alone (after adding with JavaScript on, or its refusal). */
    public static native TemplateInstance image$customize(Me me, Image image, CustomizationsView custom);

    /** Asks to confirm a revert (the Revert button without JavaScript). */
    public static native TemplateInstance revert(Me me, Image image, Customization customization, FormErrors errors);

    /** A customized file's content for a VE (node null) or one node, and the upload form. */
    public static native TemplateInstance file(Me me, Ve ve, Node node, CustomFiles.FileState file, String content,
            FormErrors errors, String notice);

    public static native TemplateInstance ves(Me me, VePage ves, String search, List<Image> images, Forms.VeForm form,
            FormErrors errors);

    public static native TemplateInstance ve(Me me, Ve ve, Section<Image> image, List<Node> nodes,
            Forms.NodeForm form, FormErrors errors, String notice, String formNotice, boolean oob,
            Section<List<CustomFiles.FileRow>> files);

    /** The nodes table alone, refreshed live. */
    public static native TemplateInstance ve$nodes(Me me, Ve ve, List<Node> nodes);

    /** The add-node form alone (after adding with JavaScript on). */
    public static native TemplateInstance ve$addnode(Me me, Ve ve, Forms.NodeForm form, FormErrors errors,
            String formNotice, boolean oob);

    public static native TemplateInstance remove(Me me, Ve ve, Node node, String back, FormErrors errors);

    public static native TemplateInstance node(Me me, Node node, Section<DiskTree> tree, Section<String> fstab,
            Section<List<Mount>> mounts, String notice, Section<List<CustomFiles.FileRow>> files);

    public static native TemplateInstance events(Me me, List<AuditEvent> events, String ve, String type,
            List<String> types, long lastSeq, int kept, int capacity, String filterError);

    /** One row of the feed, sent live over server-sent events. */
    public static native TemplateInstance events$row(AuditEvent e);
}
