package dev.procbook.kernel.protocol;

import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The inputs (and text outputs) of this kernel session, answering tail, range and glob-search requests as
 * IPython's history does.
 *
 * <p>Cells are numbered from 1 by their execution count; the session is numbered 1. A range request names the
 * session either absolutely (1) or relative to the current one (0).
 */
public final class SessionHistory implements HistoryManager {

    /** The number this kernel gives its one session. */
    public static final int SESSION = 1;

    private record Cell(int number, String input, String output) {
    }

    private final List<Cell> cells = new ArrayList<>();

    /** Records an executed cell; {@code output} is its text result, or null when it had none. */
    public synchronized void record(int executionCount, String input, String output) {
        cells.add(new Cell(executionCount, input, output == null ? "" : output));
    }

    @Override
    public synchronized List<HistoryEntry> lookupTail(int length, Set<ResultFlag> flags) {
        int from = Math.max(0, cells.size() - Math.max(0, length));
        return entries(cells.subList(from, cells.size()), flags);
    }

    @Override
    public synchronized List<HistoryEntry> lookupRange(int session, int start, int stop, Set<ResultFlag> flags) {
        if (session != 0 && session != SESSION) {
            return List.of();
        }
        List<Cell> picked = new ArrayList<>();
        for (Cell cell : cells) {
            if (cell.number() >= start && (stop <= 0 || cell.number() < stop)) {
                picked.add(cell);
            }
        }
        return entries(picked, flags);
    }

    @Override
    public synchronized List<HistoryEntry> search(String glob, int length, Set<ResultFlag> flags) {
        Pattern pattern = globToRegex(glob == null || glob.isEmpty() ? "*" : glob);
        List<Cell> matches = new ArrayList<>();
        for (Cell cell : cells) {
            if (pattern.matcher(cell.input()).matches()) {
                matches.add(cell);
            }
        }
        if (flags.contains(ResultFlag.UNIQUE)) {
            Map<String, Cell> lastByInput = new LinkedHashMap<>();
            for (Cell cell : matches) {
                lastByInput.remove(cell.input());
                lastByInput.put(cell.input(), cell);
            }
            matches = new ArrayList<>(lastByInput.values());
        }
        int from = length > 0 ? Math.max(0, matches.size() - length) : 0;
        return entries(matches.subList(from, matches.size()), flags);
    }

    private static List<HistoryEntry> entries(List<Cell> cells, Set<ResultFlag> flags) {
        boolean withOutput = flags.contains(ResultFlag.INCLUDE_OUTPUT);
        List<HistoryEntry> out = new ArrayList<>(cells.size());
        for (Cell c : cells) {
            out.add(new HistoryEntry(SESSION, c.number(), c.input(), withOutput ? c.output() : null));
        }
        return out;
    }

    /** Translates a shell glob ({@code *}, {@code ?}) into an anchored regular expression. */
    static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
