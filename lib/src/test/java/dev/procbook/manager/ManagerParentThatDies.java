package dev.procbook.manager;

/** Started by {@link ManagerFailureIT} as a separate JVM: starts a manager, prints its pid, then waits to be killed. */
public final class ManagerParentThatDies {

    private ManagerParentThatDies() {
    }

    public static void main(String[] args) throws InterruptedException {
        Manager manager = Manager.start();
        System.out.println("PID " + manager.pid());
        System.out.flush();
        Thread.sleep(120_000);
        manager.close();
    }
}
