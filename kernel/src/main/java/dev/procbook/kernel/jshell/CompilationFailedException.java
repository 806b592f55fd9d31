package dev.procbook.kernel.jshell;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a snippet of a cell does not compile; carries every problem the compiler reported. */
public final class CompilationFailedException extends RuntimeException {

    private final List<CompileProblem> problems;

    public CompilationFailedException(List<CompileProblem> problems) {
        super(problems.isEmpty() ? "compilation failed"
                : problems.stream().map(CompileProblem::render).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<CompileProblem> problems() {
        return problems;
    }
}
