package dev.procbook.kernel.jshell;

/** One statement or declaration of a cell: its source and the 1-based cell line it starts on. */
public record CellStatement(String source, int line) {
}
