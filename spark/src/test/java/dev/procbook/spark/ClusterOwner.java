package dev.procbook.spark;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A process that owns a loopback cluster and a driver on it, with an executor running, and then waits to be killed:
 * it prints the pids of the cluster's processes and the folders it made.
 */
public final class ClusterOwner {

    private ClusterOwner() {
    }

    public static void main(String[] args) throws Exception {
        LoopbackCluster cluster = LoopbackCluster.start(SparkHome.at(Path.of(args[0])), 1, true);
        SparkDriver driver = SparkDriver.start(cluster.masterUrl());
        long n = driver.context().parallelize(List.of(1, 2, 3), 1).count(); // an executor starts for it
        System.out.println("counted " + n);
        System.out.println("pids " + cluster.processes().stream().map(p -> String.valueOf(p.pid()))
                .collect(Collectors.joining(" ")));
        System.out.println("dirs " + cluster.workDir());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
