package dev.procbook.kernel.jshell;

/** Where a snippet came from: the cell's label (e.g. {@code "In [3]"}) and the cell line it starts on. */
record SnippetOrigin(String label, int firstLine) {
}
