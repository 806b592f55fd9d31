package dev.procbook.spark;

import java.nio.file.Path;

/** Thrown when the folder of Spark's jars is missing or unusable; names the folder and what is wrong. */
public class SparkHomeException extends RuntimeException {

    private final Path home;

    /** Creates the exception for {@code home}, unusable for {@code problem}. */
    public SparkHomeException(Path home, String problem) {
        super("Spark home unusable: home=" + home + ", problem=" + problem);
        this.home = home;
    }

    /** The folder that was looked at; null when none was configured. */
    public Path home() {
        return home;
    }
}
