package dev.procbook.memory;

import java.util.function.ToLongFunction;

/**
 * The metric columns of a {@link Sampling}, each with the figure it holds: the one place where a column's name and
 * its value are paired, for the sampler's rows and for the tables' columns alike.
 */
final class SampledMetric {

    private SampledMetric() {
    }

    /** A column of the per-process table, in bytes. */
    enum PerProcess implements Column {
        RSS("rss", ProcessMemory::rss),
        PSS("pss", ProcessMemory::pss),
        USS("uss", ProcessMemory::uss),
        SWAP("swap", ProcessMemory::swap);

        static final PerProcess[] ALL = values();

        private final String column;
        private final ToLongFunction<ProcessMemory> value;

        PerProcess(String column, ToLongFunction<ProcessMemory> value) {
            this.column = column;
            this.value = value;
        }

        @Override
        public String column() {
            return column;
        }

        long of(ProcessMemory m) {
            return value.applyAsLong(m);
        }
    }

    /** A column of the system table, in bytes. */
    enum SystemWide implements Column {
        TOTAL("total", SystemMemory::total),
        AVAILABLE("available", SystemMemory::available),
        USED("used", SystemMemory::used),
        FREE("free", SystemMemory::free),
        CACHED("cached", SystemMemory::cached),
        BUFFERS("buffers", SystemMemory::buffers),
        SHARED("shared", SystemMemory::shared);

        static final SystemWide[] ALL = values();

        private final String column;
        private final ToLongFunction<SystemMemory> value;

        SystemWide(String column, ToLongFunction<SystemMemory> value) {
            this.column = column;
            this.value = value;
        }

        @Override
        public String column() {
            return column;
        }

        long of(SystemMemory m) {
            return value.applyAsLong(m);
        }
    }

    /** A metric's column name. */
    interface Column {
        String column();
    }

    static String[] columns(Column[] metrics) {
        String[] names = new String[metrics.length];
        for (int i = 0; i < metrics.length; i++) {
            names[i] = metrics[i].column();
        }
        return names;
    }
}
