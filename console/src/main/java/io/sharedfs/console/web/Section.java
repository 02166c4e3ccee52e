package io.sharedfs.console.web;

import io.sharedfs.console.client.ServiceException;
import io.sharedfs.console.client.ServiceUnreachableException;
import java.util.function.Supplier;

/** A part of a page read from one service: its value, or why it could not be read (the rest of the page still shows). */
public record Section<T>(T value, String error) {

    public static <T> Section<T> of(Supplier<T> read) {
        try {
            return new Section<>(read.get(), null);
        } catch (ServiceException e) {
            return new Section<>(null, e.status() == 404 ? e.problem().detail() : e.describe());
        } catch (ServiceUnreachableException e) {
            return new Section<>(null, e.getMessage());
        }
    }

    public boolean ok() {
        return error == null;
    }
}
