package io.sharedfs.console.web;

import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/** Small helpers the page resources share. */
final class Pages {

    static final String HX_REQUEST = "HX-Request";
    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");

    private Pages() {
    }

    static Response html(int status, TemplateInstance page) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page).build();
    }

    static Response html(int status, String page) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page).build();
    }

    /** 303 to a path of the console (POST, then redirect, then GET: reloading never posts twice). */
    static Response seeOther(String path) {
        return Response.seeOther(URI.create(path)).build();
    }

    static boolean htmx(String header) {
        return "true".equalsIgnoreCase(header);
    }

    static String q(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    /** A VE or VEM id from a query or form parameter; a clear 400 page otherwise. */
    static long id(String name, String value) {
        if (value == null || !ID.matcher(value.strip()).matches()) {
            throw new BadInput(name + " must be a positive whole number"
                    + (value == null || value.isBlank() ? ", and it is missing" : ", not '" + shorten(value) + "'"));
        }
        return Long.parseLong(value.strip());
    }

    static UUID uuid(String name, String value) {
        try {
            if (value != null) {
                return UUID.fromString(value.strip());
            }
        } catch (IllegalArgumentException e) {
            // explained below
        }
        throw new BadInput(name + " must be an image id (a UUID such as 0b6f…-…)"
                + (value == null || value.isBlank() ? ", and it is missing" : ", not '" + shorten(value) + "'"));
    }

    private static String shorten(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "…" : value;
    }

    /** A request the console cannot make sense of; shown as a 400 page with the message. */
    static final class BadInput extends RuntimeException {
        BadInput(String message) {
            super(message);
        }
    }
}
