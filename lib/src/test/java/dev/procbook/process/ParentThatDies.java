package dev.procbook.process;

/** Started by {@link ParentDeathIT} as a separate JVM: starts a pool, prints its workers' pids, then waits. */
public final class ParentThatDies {

    private ParentThatDies() {
    }

    public static void main(String[] args) throws InterruptedException {
        Pool pool = Pool.create(2);
        System.out.println("PIDS " + pool.pids().get(0) + " " + pool.pids().get(1));
        System.out.flush();
        Thread.sleep(120_000);
        pool.close();
    }
}
