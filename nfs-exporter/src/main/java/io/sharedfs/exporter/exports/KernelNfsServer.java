package io.sharedfs.exporter.exports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;

/** Kernel nfsd: the table rendered as an exports(5) file, installed and applied by {@link ExportsInstaller}. */
public final class KernelNfsServer implements NfsServer {

    private final ExportsInstaller installer;

    public KernelNfsServer(ExportsInstaller installer) {
        this.installer = installer;
    }

    @Override
    public Outcome apply(ExportTable table) {
        ExportsInstaller.Outcome outcome = installer.install(ExportsRenderer.render(table));
        Result result = switch (outcome.result()) {
            case APPLIED -> Result.APPLIED;
            case SKIPPED -> Result.SKIPPED;
            case FAILED -> Result.FAILED;
        };
        return new Outcome(result, outcome.message());
    }

    @Override
    public List<String> installed() {
        try {
            return Files.readAllLines(installer.file(), StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + installer.file() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String location() {
        return installer.file().toString();
    }

    @Override
    public String describe() {
        return installer.command().toString();
    }

    @Override
    public ServedPaths servedPaths() {
        return ServedPaths.AS_IS;
    }
}
