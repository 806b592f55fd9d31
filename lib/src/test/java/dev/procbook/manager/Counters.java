package dev.procbook.manager;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/** Types the manager tests keep in managers: an interface, a class with package-private methods, a record. */
final class Counters {

    private Counters() {
    }

    /** A counter behind an interface. */
    public interface Counter {
        long inc(int k);

        long value();

        long pid();

        void fail(String message) throws IOException;
    }

    /** The plain implementation; not thread-safe, as user classes often are not. */
    public static class SimpleCounter implements Counter {
        private long value;

        @Override
        public long inc(int k) {
            value += k;
            return value;
        }

        @Override
        public long value() {
            return value;
        }

        @Override
        public long pid() {
            return ProcessHandle.current().pid();
        }

        @Override
        public void fail(String message) throws IOException {
            throw new IOException(message);
        }
    }

    /** A class proxied as a class: package-private methods, and a constructor that must not run in clients. */
    public static class Tally {
        static final AtomicInteger MADE = new AtomicInteger();
        long total;
        final double[] weight = new double[1000];

        public Tally() {
            MADE.incrementAndGet();
        }

        long add(long k) {
            total += k;
            return total;
        }

        long pid() {
            return ProcessHandle.current().pid();
        }

        int made() {
            return MADE.get();
        }
    }

    /** A record, reached through a namespace proxy. */
    public record Point(int x, double y) {
        double norm() {
            return Math.sqrt(x * x + y * y);
        }
    }
}
